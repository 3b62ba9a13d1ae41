package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// IAM, as far as the provider and the official SDK's global credentials need
// it: the lookup of the account (domain) that a pair of keys belongs to,
//
//	GET /v3/auth/domains   {"domains":[{"id":"...","name":"..."}]}
//
// served on the same listener as Identity Center, so that one address is
// both the endpoint and the IAM endpoint. IAM needs no X-Domain-Id; it
// answers its own errors, {"error":{"code","message","title"}} with an
// X-IAM-Trace-Id, rather than the gateway's.
//
// When IAM lists no account, the SDK asks STS who signed the request, on
// STS's endpoint (core/auth/internal/sts_helper.go); the mock serves that
// too, with the gateway's errors, as any credentials may ask it:
//
//	GET /v5/caller-identity   {"account_id":"..."}

// listDomainsPath is IAM's list of the accounts the caller can reach.
const listDomainsPath = "/v3/auth/domains"

// callerIdentityPath is STS's answer to who signed the request.
const callerIdentityPath = "/v5/caller-identity"

// The account the mock stands for, unless the seed names one.
const (
	DefaultDomainID   = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	DefaultDomainName = "mock-account"
)

// IAM error codes the mock answers with.
const (
	CodeIAMUnauthorized = "IAM.0001"
	CodeIAMForbidden    = "IAM.0002"
	// HeaderIAMTraceID carries IAM's request ID.
	HeaderIAMTraceID = "X-IAM-Trace-Id"
	// ActionGetUser is the permission IAM needs to list the caller's account.
	ActionGetUser = "iam:users:getUser"
)

// IAMAccess is what IAM makes of a credential's account lookup.
type IAMAccess int

const (
	// IAMAllowed lists the mock's account.
	IAMAllowed IAMAccess = iota
	// IAMListsNoDomain answers an empty list, as IAM does for credentials
	// without iam:users:getUser.
	IAMListsNoDomain
	// IAMDenied answers 403.
	IAMDenied
)

// domain is the account of the mock: Identity Center requests must name it.
type domain struct{ id, name string }

func domainOf(seed Seed) domain {
	d := domain{id: seed.DomainID, name: seed.DomainName}
	if d.id == "" {
		d.id = DefaultDomainID
	}
	if d.name == "" {
		d.name = DefaultDomainName
	}
	return d
}

// problem says what is wrong with the X-Domain-Id of a request whose
// signature verified, or "".
func (d domain) problem(r *http.Request, signed signer.Signed) string {
	got, sent := r.Header[http.CanonicalHeaderKey(signer.HeaderDomainID)]
	switch {
	case !sent || len(got) == 0 || got[0] == "":
		return "the X-Domain-Id header is missing: requests to a global service must carry the ID of the account"
	case !slices.Contains(signed.Headers, strings.ToLower(signer.HeaderDomainID)):
		return "X-Domain-Id is not among the signed headers"
	case got[0] != d.id:
		return fmt.Sprintf("X-Domain-Id %q is not the account of access key %q", shown(got[0]), shown(signed.AccessKey))
	}
	return ""
}

type iamErrorBody struct {
	Error iamError `json:"error"`
}

type iamError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Title   string `json:"title"`
}

func writeIAMError(w http.ResponseWriter, status int, code, msg string) {
	body, err := json.Marshal(iamErrorBody{Error: iamError{Code: code, Message: msg, Title: http.StatusText(status)}})
	if err != nil {
		panic(err)
	}
	writeJSON(w, status, body)
}

type listDomainsBody struct {
	Domains []domainBody `json:"domains"`
}

type domainBody struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Server) serveListDomains(w http.ResponseWriter, r *http.Request, body []byte, requestID string) {
	w.Header().Set(HeaderIAMTraceID, requestID)
	if r.Method != http.MethodGet {
		writeIAMError(w, http.StatusMethodNotAllowed, "IAM.0005", "method "+r.Method+" is not allowed; use GET")
		return
	}
	cred, _, reason := s.authenticate(r, body)
	if reason != "" {
		s.rejected.Add(1)
		writeIAMError(w, http.StatusUnauthorized, CodeIAMUnauthorized, "The request you have made requires authentication: "+reason)
		return
	}
	if cred.IAM == IAMDenied {
		s.rejected.Add(1)
		writeIAMError(w, http.StatusForbidden, CodeIAMForbidden, "You are not authorized to perform the requested action: "+ActionGetUser)
		return
	}
	s.domainsCount.Add(1)
	answer := listDomainsBody{Domains: []domainBody{}}
	if cred.IAM != IAMListsNoDomain {
		answer.Domains = append(answer.Domains, domainBody{ID: s.domain.id, Name: s.domain.name})
	}
	out, err := json.Marshal(answer)
	if err != nil {
		panic(err)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) serveCallerIdentity(w http.ResponseWriter, r *http.Request, body []byte, requestID string) {
	if r.Method != http.MethodGet {
		writeError(w, requestID, &apiError{status: http.StatusNotFound, code: CodeAPINotFound, msg: apiNotFoundMsg})
		return
	}
	if _, _, reason := s.authenticate(r, body); reason != "" {
		s.rejected.Add(1)
		writeError(w, requestID, authFailed(reason))
		return
	}
	s.callerIdentityCount.Add(1)
	out, err := json.Marshal(struct {
		AccountID string `json:"account_id"`
	}{s.domain.id})
	if err != nil {
		panic(err)
	}
	writeJSON(w, http.StatusOK, out)
}
