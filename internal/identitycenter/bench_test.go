package identitycenter

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

const benchProfiles = 1000

func BenchmarkDecodeProfiles1000(b *testing.B) {
	body := []byte(profilesBody("application_profiles", benchProfiles))
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		profiles, err := DecodeProfiles(body)
		if err != nil {
			b.Fatal(err)
		}
		if len(profiles) != benchProfiles {
			b.Fatalf("decoded %d profiles, want %d", len(profiles), benchProfiles)
		}
	}
}

func BenchmarkListProfiles1000(b *testing.B) {
	body := []byte(profilesBody("application_profiles", benchProfiles))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c := newTestClient(b, srv.URL, withRetries(0))
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		profiles, err := c.ListProfiles(b.Context(), testInstance, testApp)
		if err != nil {
			b.Fatal(err)
		}
		if len(profiles) != benchProfiles {
			b.Fatalf("listed %d profiles, want %d", len(profiles), benchProfiles)
		}
	}
}
