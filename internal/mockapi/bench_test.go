package mockapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// BenchmarkListProfiles1000 measures a signed list of 1,000 profiles
// through ServeHTTP: signature check, lookup and encoding.
func BenchmarkListProfiles1000(b *testing.B) {
	profiles := make([]mockapi.Profile, 1000)
	for i := range profiles {
		profiles[i] = mockapi.Profile{ProfileID: profileID(i)}
	}
	srv, err := mockapi.New(mockapi.Options{
		Credentials: testCredentials(),
		Seed: mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{
			{ApplicationInstanceID: testApp, Profiles: profiles},
		}}}},
		Now: func() time.Time { return testNow },
	})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "http://identitycenter.example"+listPath(testInstance, testApp), nil)
	if err := signGlobal(req, nil, goodCreds, testNow); err != nil {
		b.Fatal(err)
	}

	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	size := rec.Body.Len()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() != size {
			b.Fatalf("status %d, %d bytes", rec.Code, rec.Body.Len())
		}
	}
}
