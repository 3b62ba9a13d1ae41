package mockapi_test

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// wireTransport puts each request on the wire format and has the mock read
// it back, as the server of httptest would, without a socket per attempt.
// mutate, when set, changes the request after the client signed it.
type wireTransport struct {
	srv    *mockapi.Server
	mutate func(*http.Request)
}

func (w wireTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if w.mutate != nil {
		req = req.Clone(req.Context())
		w.mutate(req)
	}
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		return nil, err
	}
	served, err := http.ReadRequest(bufio.NewReader(&buf))
	if err != nil {
		return nil, err
	}
	served.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, served)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// flipSignatureDigit changes one hex digit of the signature, chosen by n.
func flipSignatureDigit(n uint16) func(*http.Request) {
	return func(req *http.Request) {
		auth := req.Header.Get("Authorization")
		i := strings.LastIndex(auth, "Signature=") + len("Signature=")
		sig := []byte(auth[i:])
		pos := int(n) % len(sig)
		const hex = "0123456789abcdef"
		sig[pos] = hex[(strings.IndexByte(hex, sig[pos])+1+int(n>>8)%15)%16]
		req.Header.Set("Authorization", auth[:i]+string(sig))
	}
}

// sendable reports whether the client would send these IDs and this
// User-Agent at all: it refuses the IDs that internal/ids refuses, and
// net/http refuses control characters in header values.
func sendable(userAgent string, list ...string) bool {
	for _, id := range list {
		if ids.Check(id) != nil {
			return false
		}
	}
	for i := range len(userAgent) {
		if c := userAgent[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// FuzzSignatureRoundTrip signs requests with the provider's API client and
// has the mock verify them as the gateway does: every genuine request must
// be accepted and served, and one with a single digit of its signature
// changed must be refused with 401 APIGW.0301, leaving the store alone.
func FuzzSignatureRoundTrip(f *testing.F) {
	f.Add("ins-0123456789abcdef", "0123456789abcdef", "p-dc6434b56c4e5221", "terraform-provider-identitycenter/dev Terraform/1.11.4", false, false, uint16(0))
	f.Add("ins-1", "x", "p-1", "", true, true, uint16(63))
	f.Add("ins 1", "a b+c", "p-%2F", "  padded agent  ", false, true, uint16(0x1234))
	f.Add("配置", "ключ", "😀", "agent\twith tab", true, false, uint16(0xffff))
	f.Add("~._-", "%zz", "..p", "ä", false, false, uint16(7))
	f.Add("\xff\xfe", "\x80", "p-\x00", "x", true, true, uint16(300))
	f.Add("ins+1", "a;b=c&d", "p-%2F&x", "", false, true, uint16(63))
	f.Add("\xff\xfe", "\x80", "p-\xfd", "x", true, true, uint16(300))
	f.Fuzz(func(t *testing.T, instanceID, appSuffix, profileID, userAgent string, withToken, del bool, flip uint16) {
		appID := mockapi.AppInstancePrefix + appSuffix
		if !sendable(userAgent, instanceID, appID, profileID) {
			t.Skip("the client does not send this")
		}
		creds := goodCreds
		if withToken {
			creds = tokenCreds
		}
		srv, err := mockapi.New(mockapi.Options{Credentials: testCredentials()})
		if err != nil {
			t.Fatal(err)
		}
		srv.AddProfile(instanceID, appID, mockapi.Profile{ProfileID: profileID})
		call := func(mutate func(*http.Request)) error {
			client, err := identitycenter.New(identitycenter.Config{
				DomainID:    mockapi.DefaultDomainID,
				Endpoint:    "http://identitycenter.test",
				Credentials: creds,
				UserAgent:   userAgent,
				Transport:   wireTransport{srv: srv, mutate: mutate},
			})
			if err != nil {
				t.Fatal(err)
			}
			if del {
				return client.DeleteProfile(t.Context(), instanceID, appID, profileID)
			}
			profiles, err := client.ListProfiles(t.Context(), instanceID, appID)
			// JSON carries only valid UTF-8, and Terraform strings are valid
			// UTF-8, so only such an ID can come back as it was sent.
			if err == nil && utf8.ValidString(profileID) && !slices.ContainsFunc(profiles, func(p identitycenter.Profile) bool { return p.ProfileID == profileID }) {
				t.Errorf("the list %+v lacks %q", profiles, profileID)
			}
			return err
		}

		err = call(flipSignatureDigit(flip))
		var apiErr *identitycenter.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized || apiErr.ErrorCode != mockapi.CodeAuthFailed {
			t.Fatalf("a request with a changed signature got %v, want 401 %s", err, mockapi.CodeAuthFailed)
		}
		if _, ok := srv.Profile(instanceID, appID, profileID); !ok {
			t.Fatal("a request with a changed signature deleted the profile")
		}

		if err := call(nil); err != nil {
			t.Fatalf("a genuine request was refused: %v", err)
		}
		if _, ok := srv.Profile(instanceID, appID, profileID); ok == del {
			t.Errorf("after the genuine request the profile exists: %v, want %v", ok, !del)
		}
	})
}
