package mockapi

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Temporary credentials, as IAM issues them (see the official SDK's
// core/auth/internal/model.go for the shapes):
//
//	POST /v3.0/OS-CREDENTIAL/securitytokens   assume_role, signed with the caller's keys:
//	  {"auth":{"identity":{"methods":["assume_role"],"assume_role":{"agency_name":"...","domain_name":"..."|"domain_id":"...","duration_seconds":3600}}}}
//	POST /v3.0/OS-AUTH/id-token/tokens        X-Idp-Id, unsigned: {"auth":{"id_token":{"id":"<ID token>"}}}
//	  answers 201 with the subject token in X-Subject-Token
//	POST /v3.0/OS-CREDENTIAL/securitytokens   token, unsigned:
//	  {"auth":{"identity":{"methods":["token"],"token":{"id":"<subject token>","duration_seconds":21600}}}}
//
// Both securitytokens methods answer 201
// {"credential":{"access","secret","securitytoken","expires_at"}}. The keys
// work on every route of the mock, with their security token and until
// expires_at (then 401 APIGW.0301), in the mock's account. Issuing them
// changes nothing in the store.

const (
	securityTokensPath = "/v3.0/OS-CREDENTIAL/securitytokens"
	idTokenPath        = "/v3.0/OS-AUTH/id-token/tokens"

	// HeaderIdpID names the identity provider of an ID token.
	HeaderIdpID = "X-Idp-Id"
	// HeaderSubjectToken carries the token an ID token is exchanged for.
	HeaderSubjectToken = "X-Subject-Token"

	// ExpiresAtFormat is how IAM writes expires_at: UTC, microseconds.
	ExpiresAtFormat = "2006-01-02T15:04:05.000000Z"

	// Bounds of duration_seconds, as IAM documents them.
	MinDurationSeconds = 900
	MaxDurationSeconds = 86400
	// defaultDurationSeconds is IAM's default for assume_role.
	defaultDurationSeconds = 900
	// subjectTokenLifetime is that of an unscoped token.
	subjectTokenLifetime = 24 * time.Hour
)

// IAM error codes of the credential routes.
const (
	CodeIAMBadRequest = "IAM.0003"
	CodeIAMNotFound   = "IAM.0004"
)

// Agency is a role in the mock's account that credentials can assume.
type Agency struct {
	Name string `json:"name"`
}

// IdentityProvider is an OIDC identity provider registered in the mock's
// account, with the ID tokens it accepts. A real one checks a token's
// signature and claims; the mock accepts exactly the listed tokens.
type IdentityProvider struct {
	ID       string   `json:"id"`
	IDTokens []string `json:"id_tokens"`
}

// SeedCredentials are the parts of the seed about temporary credentials:
//
//	{"agencies":[{"name":"identitycenter-admin"}],
//	 "identity_providers":[{"id":"ci-oidc","id_tokens":["eyJ..."]}],
//	 "metadata_agency":"identitycenter-admin",
//	 "credential_lifetime_seconds":3600}
//
// metadata_agency is the agency of the ECS server whose metadata service the
// mock plays; without it, the metadata service answers 404, as on a server
// without one. credential_lifetime_seconds, when set, is the lifetime of
// every credential issued, whatever a request asks for.
type SeedCredentials struct {
	Agencies                  []Agency           `json:"agencies,omitempty"`
	IdentityProviders         []IdentityProvider `json:"identity_providers,omitempty"`
	MetadataAgency            string             `json:"metadata_agency,omitempty"`
	CredentialLifetimeSeconds int64              `json:"credential_lifetime_seconds,omitempty"`
}

func (c SeedCredentials) validate() []error {
	var errs []error
	agencyNames := make([]string, len(c.Agencies))
	for i, a := range c.Agencies {
		agencyNames[i] = a.Name
	}
	agencies := checkUniqueNames("agencies[%d].name", agencyNames, &errs)
	if c.MetadataAgency != "" && !agencies[c.MetadataAgency] {
		errs = append(errs, fmt.Errorf("metadata_agency: %q is not among the agencies", c.MetadataAgency))
	}
	idpIDs := make([]string, len(c.IdentityProviders))
	for i, p := range c.IdentityProviders {
		idpIDs[i] = p.ID
	}
	checkUniqueNames("identity_providers[%d].id", idpIDs, &errs)
	for i, p := range c.IdentityProviders {
		if slices.Contains(p.IDTokens, "") {
			errs = append(errs, fmt.Errorf("identity_providers[%d].id_tokens: must not hold an empty token", i))
		}
	}
	if c.CredentialLifetimeSeconds < 0 {
		errs = append(errs, fmt.Errorf("credential_lifetime_seconds: must not be negative, got %d", c.CredentialLifetimeSeconds))
	}
	return errs
}

// CredentialStats count the temporary credentials issued, and the requests
// refused for their credentials' sake.
type CredentialStats struct {
	AssumeRole   int64 `json:"assume_role"`   // credentials issued for an agency
	IDTokens     int64 `json:"id_tokens"`     // ID tokens exchanged for subject tokens
	Federated    int64 `json:"federated"`     // credentials issued for a subject token
	Metadata     int64 `json:"metadata"`      // credentials served by the metadata service
	Refused      int64 `json:"refused"`       // credential requests refused (4xx)
	Expired      int64 `json:"expired"`       // requests refused because their temporary credentials had expired
	PermanentKey int64 `json:"permanent_key"` // Identity Center requests refused for a permanent key
}

// Issued is how many temporary credentials were handed out.
func (c CredentialStats) Issued() int64 { return c.AssumeRole + c.Federated + c.Metadata }

// tokenService issues and remembers temporary credentials.
type tokenService struct {
	now                 func() time.Time
	lifetime            time.Duration
	refusePermanentKeys bool
	agencies            map[string]bool
	idps                map[string][]string
	metadataAgency      string

	mu             sync.Mutex
	issued         map[string]Credential // by access key
	subjectTokens  map[string]time.Time  // expiry by token
	metadataTokens map[string]time.Time

	assumeRole, idTokens, federated, metadata, refused, expired, permanentKey atomic.Int64
}

func newTokenService(opts Options, now func() time.Time) *tokenService {
	c := opts.Seed.SeedCredentials
	ts := &tokenService{
		now:                 now,
		lifetime:            opts.CredentialLifetime,
		refusePermanentKeys: opts.RefusePermanentKeys,
		agencies:            map[string]bool{},
		idps:                map[string][]string{},
		metadataAgency:      c.MetadataAgency,
		issued:              map[string]Credential{},
		subjectTokens:       map[string]time.Time{},
		metadataTokens:      map[string]time.Time{},
	}
	if ts.lifetime == 0 {
		ts.lifetime = time.Duration(c.CredentialLifetimeSeconds) * time.Second
	}
	for _, a := range c.Agencies {
		ts.agencies[a.Name] = true
	}
	for _, p := range c.IdentityProviders {
		ts.idps[p.ID] = p.IDTokens
	}
	return ts
}

func (ts *tokenService) stats() CredentialStats {
	return CredentialStats{
		AssumeRole:   ts.assumeRole.Load(),
		IDTokens:     ts.idTokens.Load(),
		Federated:    ts.federated.Load(),
		Metadata:     ts.metadata.Load(),
		Refused:      ts.refused.Load(),
		Expired:      ts.expired.Load(),
		PermanentKey: ts.permanentKey.Load(),
	}
}

// credential finds issued credentials by access key.
func (ts *tokenService) credential(accessKey string) (Credential, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	c, ok := ts.issued[accessKey]
	return c, ok
}

// refusal says why an Identity Center request signed with cred is refused
// for being signed with a permanent key, or "".
func (ts *tokenService) refusal(cred Credential) string {
	if !ts.refusePermanentKeys || !cred.Expires.IsZero() {
		return ""
	}
	ts.permanentKey.Add(1)
	return fmt.Sprintf("access key %q is a permanent key, and this API accepts only temporary credentials", shown(cred.AccessKey))
}

// issue makes temporary credentials that live for the configured lifetime,
// else for durationSeconds.
func (ts *tokenService) issue(durationSeconds int64) Credential {
	lifetime := ts.lifetime
	if lifetime <= 0 {
		lifetime = time.Duration(durationSeconds) * time.Second
	}
	c := Credential{
		AccessKey:     "TMP" + randomText(17, upperAlphanumerics),
		SecretKey:     randomText(40, alphanumerics),
		SecurityToken: "gQpjbi1ub3J0aC00" + randomText(200, alphanumerics),
		Expires:       ts.now().Add(lifetime),
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	// Expired credentials are forgotten once the gateway would no longer
	// tell them from unknown ones; a day is plenty for any test.
	for ak, old := range ts.issued {
		if ts.now().Sub(old.Expires) > 24*time.Hour {
			delete(ts.issued, ak)
		}
	}
	ts.issued[c.AccessKey] = c
	return c
}

type credentialAnswer struct {
	Credential credentialBody `json:"credential"`
}

// credentialBody holds strings only: the SDK decodes it as a map of strings.
type credentialBody struct {
	Access        string `json:"access"`
	Secret        string `json:"secret"`
	SecurityToken string `json:"securitytoken"`
	ExpiresAt     string `json:"expires_at"`
}

func credentialJSON(c Credential) []byte {
	out, err := json.Marshal(credentialAnswer{Credential: credentialBody{
		Access: c.AccessKey, Secret: c.SecretKey, SecurityToken: c.SecurityToken,
		ExpiresAt: c.Expires.UTC().Format(ExpiresAtFormat),
	}})
	if err != nil {
		panic(err)
	}
	return out
}

// serveCredentials answers the credential routes of IAM and of the metadata
// service, and reports whether r was one.
func (s *Server) serveCredentials(w http.ResponseWriter, r *http.Request, body []byte, requestID string) bool {
	switch r.URL.Path {
	case securityTokensPath:
		w.Header().Set(HeaderIAMTraceID, requestID)
		s.serveSecurityTokens(w, r, body)
	case idTokenPath:
		w.Header().Set(HeaderIAMTraceID, requestID)
		s.serveIDToken(w, r, body)
	case metadataTokenPath:
		s.sts.serveMetadataToken(w, r)
	case metadataSecurityKeyPath:
		s.sts.serveSecurityKey(w, r)
	default:
		return false
	}
	return true
}

// iamRefusal is a 4xx answer of IAM to a credential request.
func (ts *tokenService) iamRefusal(w http.ResponseWriter, status int, code, format string, args ...any) {
	ts.refused.Add(1)
	writeIAMError(w, status, code, fmt.Sprintf(format, args...))
}

type securityTokensRequest struct {
	Auth struct {
		Identity struct {
			Methods    []string `json:"methods"`
			AssumeRole *struct {
				AgencyName      string `json:"agency_name"`
				DomainName      string `json:"domain_name"`
				DomainID        string `json:"domain_id"`
				DurationSeconds *int64 `json:"duration_seconds"`
			} `json:"assume_role"`
			Token *struct {
				ID              string `json:"id"`
				DurationSeconds *int64 `json:"duration_seconds"`
			} `json:"token"`
		} `json:"identity"`
	} `json:"auth"`
}

func (s *Server) serveSecurityTokens(w http.ResponseWriter, r *http.Request, body []byte) {
	ts := s.sts
	if r.Method != http.MethodPost {
		ts.iamRefusal(w, http.StatusMethodNotAllowed, "IAM.0005", "method %s is not allowed; use POST", r.Method)
		return
	}
	var in securityTokensRequest
	if err := decodeJSON(body, &in); err != nil {
		ts.iamRefusal(w, http.StatusBadRequest, CodeIAMBadRequest, "The request body is invalid: %v", err)
		return
	}
	id := in.Auth.Identity
	switch {
	case slices.Equal(id.Methods, []string{"assume_role"}) && id.AssumeRole != nil:
		ar := id.AssumeRole
		duration, problem := durationSeconds(ar.DurationSeconds)
		if problem == "" && ar.AgencyName == "" {
			problem = "auth.identity.assume_role.agency_name is required"
		}
		if problem == "" && ar.DomainName == "" && ar.DomainID == "" {
			problem = "auth.identity.assume_role needs domain_name or domain_id"
		}
		if problem != "" {
			ts.iamRefusal(w, http.StatusBadRequest, CodeIAMBadRequest, "The request body is invalid: %s", problem)
			return
		}
		// The caller signs with its own keys; no account header is needed.
		if _, _, reason := s.authenticate(r, body); reason != "" {
			ts.iamRefusal(w, http.StatusUnauthorized, CodeIAMUnauthorized, "The request you have made requires authentication: %s", reason)
			return
		}
		inDomain := (ar.DomainID == "" || ar.DomainID == s.domain.id) && (ar.DomainName == "" || ar.DomainName == s.domain.name)
		if !inDomain || !ts.agencies[ar.AgencyName] {
			ts.iamRefusal(w, http.StatusNotFound, CodeIAMNotFound, "The agency %q does not exist in domain %q",
				shown(ar.AgencyName), shown(ar.DomainName+ar.DomainID))
			return
		}
		ts.assumeRole.Add(1)
		writeJSON(w, http.StatusCreated, credentialJSON(ts.issue(duration)))
	case slices.Equal(id.Methods, []string{"token"}) && id.Token != nil:
		duration, problem := durationSeconds(id.Token.DurationSeconds)
		if problem != "" {
			ts.iamRefusal(w, http.StatusBadRequest, CodeIAMBadRequest, "The request body is invalid: %s", problem)
			return
		}
		if !ts.validSubjectToken(id.Token.ID) {
			ts.iamRefusal(w, http.StatusUnauthorized, CodeIAMUnauthorized,
				"The request you have made requires authentication: the token is invalid or has expired")
			return
		}
		ts.federated.Add(1)
		writeJSON(w, http.StatusCreated, credentialJSON(ts.issue(duration)))
	default:
		ts.iamRefusal(w, http.StatusBadRequest, CodeIAMBadRequest,
			`The request body is invalid: auth.identity.methods must be ["assume_role"] or ["token"], with the matching object`)
	}
}

func durationSeconds(v *int64) (int64, string) {
	if v == nil {
		return defaultDurationSeconds, ""
	}
	if *v < MinDurationSeconds || *v > MaxDurationSeconds {
		return 0, fmt.Sprintf("duration_seconds must be from %d to %d, got %d", MinDurationSeconds, MaxDurationSeconds, *v)
	}
	return *v, ""
}

func (ts *tokenService) validSubjectToken(token string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	expires, ok := ts.subjectTokens[token]
	return ok && ts.now().Before(expires)
}

type idTokenRequest struct {
	Auth struct {
		IDToken *struct {
			ID string `json:"id"`
		} `json:"id_token"`
		Scope json.RawMessage `json:"scope"`
	} `json:"auth"`
}

type idTokenAnswer struct {
	Token idTokenInfo `json:"token"`
}

type idTokenInfo struct {
	ExpiresAt string         `json:"expires_at"`
	IssuedAt  string         `json:"issued_at"`
	Methods   []string       `json:"methods"`
	User      federationUser `json:"user"`
}

type federationUser struct {
	Federation struct {
		IdentityProvider struct {
			ID string `json:"id"`
		} `json:"identity_provider"`
		Protocol struct {
			ID string `json:"id"`
		} `json:"protocol"`
		Groups []any `json:"groups"`
	} `json:"OS-FEDERATION"`
	Domain domainBody `json:"domain"`
	ID     string     `json:"id"`
	Name   string     `json:"name"`
}

// serveIDToken exchanges an ID token the identity provider accepts for a
// subject token. Like IAM, it takes the request unsigned.
func (s *Server) serveIDToken(w http.ResponseWriter, r *http.Request, body []byte) {
	ts := s.sts
	if r.Method != http.MethodPost {
		ts.iamRefusal(w, http.StatusMethodNotAllowed, "IAM.0005", "method %s is not allowed; use POST", r.Method)
		return
	}
	idp := r.Header.Get(HeaderIdpID)
	var in idTokenRequest
	err := decodeJSON(body, &in)
	switch {
	case idp == "":
		ts.iamRefusal(w, http.StatusBadRequest, CodeIAMBadRequest, "The %s header is required", HeaderIdpID)
		return
	case err != nil || in.Auth.IDToken == nil || in.Auth.IDToken.ID == "":
		ts.iamRefusal(w, http.StatusBadRequest, CodeIAMBadRequest, "The request body is invalid: auth.id_token.id is required")
		return
	}
	accepted, known := ts.idps[idp]
	if !known {
		ts.iamRefusal(w, http.StatusNotFound, CodeIAMNotFound, "The identity provider %q does not exist", shown(idp))
		return
	}
	if !slices.Contains(accepted, in.Auth.IDToken.ID) {
		ts.iamRefusal(w, http.StatusUnauthorized, CodeIAMUnauthorized,
			"The request you have made requires authentication: the ID token is not valid for identity provider %q", shown(idp))
		return
	}
	now := ts.now()
	lifetime := subjectTokenLifetime
	if ts.lifetime > 0 {
		lifetime = ts.lifetime
	}
	token := "MIIS" + randomText(300, alphanumerics)
	ts.mu.Lock()
	ts.subjectTokens[token] = now.Add(lifetime)
	ts.mu.Unlock()
	ts.idTokens.Add(1)

	answer := idTokenAnswer{Token: idTokenInfo{
		ExpiresAt: now.Add(lifetime).UTC().Format(ExpiresAtFormat),
		IssuedAt:  now.UTC().Format(ExpiresAtFormat),
		Methods:   []string{"mapped"},
		User: federationUser{
			Domain: domainBody{ID: s.domain.id, Name: s.domain.name},
			ID:     "federated-user", Name: "federated-user",
		},
	}}
	answer.Token.User.Federation.IdentityProvider.ID = idp
	answer.Token.User.Federation.Protocol.ID = "oidc"
	answer.Token.User.Federation.Groups = []any{}
	out, err := json.Marshal(answer)
	if err != nil {
		panic(err)
	}
	w.Header().Set(HeaderSubjectToken, token)
	writeJSON(w, http.StatusCreated, out)
}

// decodeJSON decodes one JSON object.
func decodeJSON(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("the body is empty")
	}
	return json.Unmarshal(body, v)
}

const (
	alphanumerics      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upperAlphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// randomText draws n characters of alphabet.
func randomText(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// IssuedSecrets lists every secret the mock has handed out: the secret keys
// and security tokens of temporary credentials, subject tokens and metadata
// tokens, so that a test can search logs for them.
func (s *Server) IssuedSecrets() []string {
	ts := s.sts
	ts.mu.Lock()
	defer ts.mu.Unlock()
	var secrets []string
	for _, c := range ts.issued {
		secrets = append(secrets, c.SecretKey, c.SecurityToken)
	}
	for token := range ts.subjectTokens {
		secrets = append(secrets, token)
	}
	for token := range ts.metadataTokens {
		secrets = append(secrets, token)
	}
	return secrets
}

// checkUniqueNames adds to errs an error for each of names that is empty or
// repeated, at the JSON path field (with %d for the index), and returns the
// set of names.
func checkUniqueNames(field string, names []string, errs *[]error) map[string]bool {
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		switch {
		case name == "":
			*errs = append(*errs, fmt.Errorf(field+": must not be empty", i))
		case seen[name]:
			*errs = append(*errs, fmt.Errorf(field+": duplicate %q", i, name))
		}
		seen[name] = true
	}
	return seen
}
