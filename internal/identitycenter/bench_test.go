package identitycenter

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

const benchProfiles = 1000

func BenchmarkDecodeProfiles1000(b *testing.B) {
	body := []byte(profilesBody(benchProfiles))
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
	body := []byte(profilesBody(benchProfiles))
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

// benchListServer answers every list with benchProfiles profiles.
func benchListServer(b *testing.B) *httptest.Server {
	body := []byte(profilesBody(benchProfiles))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkFindProfileWarm is one read answered from the cached list of an
// application instance, as the reads of a refresh after the first are.
func BenchmarkFindProfileWarm(b *testing.B) {
	c := newTestClient(b, benchListServer(b).URL, withRetries(0))
	const id = "p-00000000000001f3"
	if _, err := c.FindProfile(b.Context(), testInstance, testApp, id, RecentList); err != nil {
		b.Fatalf("warming up: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.FindProfile(b.Context(), testInstance, testApp, id, RecentList); err != nil {
			b.Fatalf("finding: %v", err)
		}
	}
}

// BenchmarkFindProfile1000Concurrent is the refresh of 1,000 associations
// of one application instance, all read at once with a cold cache; each
// iteration starts from a new client.
func BenchmarkFindProfile1000Concurrent(b *testing.B) {
	benchFindConcurrent(b, false)
}

// BenchmarkFindProfile1000ConcurrentUncoalesced is the same with every read
// listing on its own, for comparison.
func BenchmarkFindProfile1000ConcurrentUncoalesced(b *testing.B) {
	benchFindConcurrent(b, true)
}

func benchFindConcurrent(b *testing.B, disable bool) {
	srv := benchListServer(b)
	ids := make([]string, benchProfiles)
	for i := range ids {
		ids[i] = fmt.Sprintf("p-%016x", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		c := newTestClient(b, srv.URL, withRetries(0), func(cfg *Config) { cfg.DisableCoalescing = disable })
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Go(func() {
				if _, err := c.FindProfile(b.Context(), testInstance, testApp, id, RecentList); err != nil {
					b.Errorf("%s: %v", id, err)
				}
			})
		}
		wg.Wait()
	}
}
