package mockapi

import (
	"net/http"
	"strconv"
	"time"
)

// The metadata service of an ECS server, which hands out the temporary
// credentials of the server's agency without any secret (see the official
// SDK's core/auth/internal/metadata_accessor.go):
//
//	PUT /meta-data/latest/api/token        X-Metadata-Token-Ttl-Seconds: N   answers the token, as text
//	GET /openstack/latest/securitykey      X-Metadata-Token: <token>
//	  answers {"credential":{"access","secret","securitytoken","expires_at"}}
//
// It is served on the mock's listener, to be named by the provider's
// metadata endpoint. Without a metadata agency in the seed, securitykey
// answers 404, as on a server without an agency.

const (
	metadataTokenPath       = "/meta-data/latest/api/token"
	metadataSecurityKeyPath = "/openstack/latest/securitykey"

	// HeaderMetadataToken carries the token of the metadata service.
	HeaderMetadataToken = "X-Metadata-Token"
	// HeaderMetadataTokenTTL asks for a token lifetime, in seconds.
	HeaderMetadataTokenTTL = "X-Metadata-Token-Ttl-Seconds"

	maxMetadataTokenTTL = 6 * 60 * 60
)

func (ts *tokenService) serveMetadataToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		http.Error(w, "method not allowed; use PUT", http.StatusMethodNotAllowed)
		return
	}
	ttl, err := strconv.Atoi(r.Header.Get(HeaderMetadataTokenTTL))
	if err != nil || ttl < 1 || ttl > maxMetadataTokenTTL {
		ts.refused.Add(1)
		http.Error(w, HeaderMetadataTokenTTL+" must be a whole number of seconds from 1 to "+
			strconv.Itoa(maxMetadataTokenTTL), http.StatusBadRequest)
		return
	}
	token := randomText(56, alphanumerics)
	ts.mu.Lock()
	ts.metadataTokens[token] = ts.now().Add(time.Duration(ttl) * time.Second)
	ts.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(token))
}

func (ts *tokenService) serveSecurityKey(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed; use GET", http.StatusMethodNotAllowed)
		return
	}
	if !ts.validMetadataToken(r.Header.Get(HeaderMetadataToken)) {
		ts.refused.Add(1)
		http.Error(w, "Unauthorized: a valid "+HeaderMetadataToken+" is required", http.StatusUnauthorized)
		return
	}
	if ts.metadataAgency == "" {
		ts.refused.Add(1)
		http.Error(w, "Not Found: Please configure Cloud Service Agency first", http.StatusNotFound)
		return
	}
	ts.metadata.Add(1)
	writeJSON(w, http.StatusOK, credentialJSON(ts.issue(maxMetadataTokenTTL)))
}

func (ts *tokenService) validMetadataToken(token string) bool {
	if token == "" {
		return false
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	expires, ok := ts.metadataTokens[token]
	return ok && ts.now().Before(expires)
}
