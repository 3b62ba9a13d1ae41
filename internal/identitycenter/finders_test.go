package identitycenter

import (
	"errors"
	"net/http"
	"testing"
)

// TestFindProfileAnswersNotFoundOneWay holds FindProfile to the finder
// convention: a profile missing from the list and an instance the API does
// not know both give a *NotFoundError, with or without shared lists, and a
// gateway's 404, which means a wrong endpoint, does not.
func TestFindProfileAnswersNotFoundOneWay(t *testing.T) {
	for name, unshared := range map[string]func(*Config){
		"shared lists":   func(*Config) {},
		"unshared lists": func(c *Config) { c.DisableCoalescing = true },
	} {
		t.Run(name, func(t *testing.T) {
			listed := newTestClient(t, newAPIServer(t, fixed(http.StatusOK, `{"application_profiles":[{"profile_id":"p-1"}]}`)).URL, unshared)
			for _, recency := range []Recency{RecentList, FreshList} {
				if p, err := listed.FindProfile(t.Context(), testInstance, testApp, "p-1", recency); err != nil || p.ProfileID != "p-1" {
					t.Errorf("FindProfile(p-1, %d) = %+v, %v; want p-1", recency, p, err)
				}
				_, err := listed.FindProfile(t.Context(), testInstance, testApp, "p-2", recency)
				nf, ok := errors.AsType[*NotFoundError](err)
				if !ok || nf.Err != nil || !IsNotFound(err) {
					t.Errorf("FindProfile(p-2, %d) = %v, want a *NotFoundError without an API error", recency, err)
				}
			}

			gone := newTestClient(t, newAPIServer(t, fixed(http.StatusNotFound, `{"error_code":"IIC.404","error_msg":"instance not found"}`)).URL, unshared)
			_, err := gone.FindProfile(t.Context(), testInstance, testApp, "p-1", FreshList)
			nf, ok := errors.AsType[*NotFoundError](err)
			if _, isAPI := errors.AsType[*APIError](err); !ok || nf.Err == nil || !isAPI {
				t.Errorf("FindProfile in an unknown instance = %v, want a *NotFoundError holding the API's answer", err)
			}

			gateway := newTestClient(t, newAPIServer(t, fixed(http.StatusNotFound, `{"error_code":"APIGW.0101","error_msg":"The API does not exist"}`)).URL, unshared)
			if _, err := gateway.FindProfile(t.Context(), testInstance, testApp, "p-1", FreshList); err == nil || IsNotFound(err) {
				t.Errorf("FindProfile behind a gateway's 404 = %v, want an error that is not a not-found", err)
			}
		})
	}
}
