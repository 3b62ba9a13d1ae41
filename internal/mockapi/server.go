// Package mockapi is an in-memory stand-in for the Huawei Cloud IAM Identity
// Center application profiles API, for testing the provider and Terraform
// configurations offline.
//
// Like the gateway in front of a global service, it requires every Identity
// Center request to carry the account's ID in a signed X-Domain-Id header,
// and it serves IAM's account lookup, GET /v3/auth/domains, and STS's
// GET /v5/caller-identity, which the SDK falls back on, on the same
// listener (see iam.go).
//
// It answers the two operations of the API (ListProfiles, DeleteProfile) on
// the same paths, with the same status codes and JSON bodies, and it checks
// SDK-HMAC-SHA256 signatures the way the API gateway does, including the
// 15-minute window on X-Sdk-Date and the session token of temporary
// credentials. Errors carry the codes of the real service (IIC.400, IIC.404,
// IIC.1000) and of the gateway (APIGW.0101, APIGW.0301).
//
// The API has no way to create profiles: in the cloud they appear when a
// user or group is associated with an application. The mock's store is
// therefore filled from a Seed, from Go with AddProfile, or over HTTP with
// the unsigned admin routes under /_mock/, which the real API does not have:
//
//	GET    /_mock/store   the store, in seed file format
//	GET    /_mock/stats   request counters
//	PUT    /_mock/instances/{i}/application-instances/{a}/profiles/{p}   add or replace, body {"name":"...","status":"..."} optional
//	DELETE /_mock/instances/{i}/application-instances/{a}/profiles/{p}   remove
//
// Options.Faults turns the mock into a busy, flaky service: server errors,
// throttling, concurrency conflicts, answers lost after a delete was applied,
// and latency, drawn from a seeded source so that a run can be repeated.
//
// It also answers the application assignment operations, which can create
// as well as list and delete, and follow page markers.
//
// A Server is an http.Handler: use it with httptest.NewServer in tests, or
// run the command in cmd/mockapi. server.go holds the Server and its Go
// API; routing.go matches requests and checks them as the gateway would,
// with auth.go for signatures; profiles_api.go answers the profiles API,
// assignments_api.go the assignments API, iam.go IAM's account lookup, admin.go the admin routes; store.go, seed.go
// and faults.go hold the store, its seed format and the faults.
//
// It imports the standard library, internal/signer and internal/ids only:
// never the provider's client (internal/identitycenter), which is tested
// against it, nor Terraform's packages.
package mockapi

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// MaxBodyBytes bounds the request body read for signature checks.
	MaxBodyBytes = 1 << 20
	// MaxClockSkew is how far X-Sdk-Date may be from the server clock.
	MaxClockSkew = 15 * time.Minute

	// ContentTypeJSON is the Content-Type of every JSON response, as the
	// service sends it.
	ContentTypeJSON = "application/json;charset=UTF-8"

	// HeaderRequestID carries the ID that error bodies repeat as request_id.
	HeaderRequestID = "X-Request-Id"

	// AdminPrefix starts the unsigned routes that exist only in the mock.
	AdminPrefix = "/_mock/"

	// Actions named in the encoded authorization message of a 403.
	ActionListProfiles  = "identitycenter:applicationProfiles:list"
	ActionDeleteProfile = "identitycenter:applicationProfiles:delete"
)

// Error codes, as the service and its gateway return them.
const (
	CodeBadRequest      = "IIC.400"
	CodeNotFound        = "IIC.404"
	CodeForbidden       = "IIC.1000"
	CodeAPINotFound     = "APIGW.0101"
	CodeAuthFailed      = "APIGW.0301"
	CodeEntityTooLarge  = "APIGW.0201"
	authFailedMsgPrefix = "Incorrect IAM authentication information: "
	apiNotFoundMsg      = "The API does not exist or has not been published in the environment"
)

// Credential is an access key the mock accepts.
type Credential struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string // when set, requests with this access key must send X-Security-Token equal to it
	Denied        bool   // signed correctly, but has no permission: every API call answers 403 IIC.1000 with an encoded_authorization_message
	IAM           IAMAccess
	// Expires, when set, is when temporary credentials stop working: from
	// then on every request signed with them answers 401 APIGW.0301.
	Expires time.Time
}

// Options configure New.
type Options struct {
	Credentials []Credential
	Seed        Seed
	Now         func() time.Time // the clock for X-Sdk-Date checks; nil means time.Now
	Faults      Faults           // errors, throttling, lost answers and latency to inject; none by default
	// CredentialLifetime, when set, is the lifetime of every temporary
	// credential the mock issues, whatever the request asks for; it wins
	// over the seed's credential_lifetime_seconds.
	CredentialLifetime time.Duration
	// RefusePermanentKeys answers 401 to Identity Center requests signed
	// with any key but temporary credentials the mock issued.
	RefusePermanentKeys bool

	// PageSizeCap, when positive, caps the page size of the assignment list
	// below the limit asked for, so that clients must follow markers.
	PageSizeCap int
}

// Stats count the API requests served.
type Stats struct {
	ListProfiles  int64 `json:"list_profiles"`    // list requests that passed authentication
	DeleteProfile int64 `json:"delete_profile"`   // delete requests that passed authentication
	ListDomains   int64 `json:"iam_list_domains"` // IAM account lookups that passed authentication
	// CallerIdentity counts STS's answers to who signed a request, which the
	// SDK asks for the account when IAM lists none.
	CallerIdentity int64      `json:"sts_caller_identity"`
	Rejected       int64      `json:"rejected"` // requests answered 401 or 403 by authentication/authorization
	Total          int64      `json:"total"`    // every request served, admin routes excluded
	Faults         FaultStats `json:"faults"`   // faults injected
	// Credentials count the temporary credentials issued and refused.
	Credentials CredentialStats `json:"credentials"`

	// Assignment requests that passed authentication: list pages, creates, deletes.
	ListAssignments  int64 `json:"list_assignments"`
	CreateAssignment int64 `json:"create_assignment"`
	DeleteAssignment int64 `json:"delete_assignment"`
}

// Server is the mock API. It is safe for concurrent use.
type Server struct {
	now    func() time.Time
	creds  map[string]Credential
	domain domain

	mu sync.RWMutex
	st *store

	listCount, deleteCount, domainsCount, callerIdentityCount, rejected, total atomic.Int64

	assignmentCounts assignmentCounters
	pageSizeCap      atomic.Int64

	faults *faultInjector
	sts    *tokenService

	bufs sync.Pool // of *[]byte, list response bodies
}

// New returns a Server holding opts.Seed, with missing profile names and
// statuses set to the API defaults.
func New(opts Options) (*Server, error) {
	if len(opts.Credentials) == 0 {
		return nil, errors.New("mockapi: at least one credential is required")
	}
	creds := make(map[string]Credential, len(opts.Credentials))
	for i, c := range opts.Credentials {
		if c.AccessKey == "" || c.SecretKey == "" {
			return nil, fmt.Errorf("mockapi: credential %d: access key and secret key are required", i)
		}
		if _, dup := creds[c.AccessKey]; dup {
			return nil, fmt.Errorf("mockapi: credential %d: access key %q is given twice", i, c.AccessKey)
		}
		creds[c.AccessKey] = c
	}
	if opts.PageSizeCap < 0 {
		return nil, fmt.Errorf("mockapi: page size cap %d is negative", opts.PageSizeCap)
	}
	if err := opts.Seed.Validate(); err != nil {
		return nil, fmt.Errorf("mockapi: invalid seed: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	st := newStore()
	faults, err := newFaultInjector(opts.Faults)
	if err != nil {
		return nil, fmt.Errorf("mockapi: invalid faults: %w", err)
	}
	st.load(opts.Seed)
	srv := &Server{now: now, creds: creds, domain: domainOf(opts.Seed), st: st, faults: faults, sts: newTokenService(opts, now)}
	srv.SetPageSizeCap(opts.PageSizeCap)
	return srv, nil
}

// Profiles returns the profiles of an application instance in API order, or
// nil when the application instance is unknown.
func (s *Server) Profiles(instanceID, applicationInstanceID string) []Profile {
	s.mu.RLock()
	defer s.mu.RUnlock()
	app := s.st.app(instanceID, applicationInstanceID)
	if app == nil {
		return nil
	}
	return app.list()
}

// Profile returns one profile.
func (s *Server) Profile(instanceID, applicationInstanceID, profileID string) (Profile, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	app := s.st.app(instanceID, applicationInstanceID)
	if app == nil {
		return Profile{}, false
	}
	return app.get(profileID)
}

// AddProfile stands for an association made in the cloud, which the API
// cannot do. It creates the instance and application instance if missing,
// fills in the default name and status, and replaces a profile with the
// same ID where it stands. IDs are not validated: that is left to the
// requests that use them.
func (s *Server) AddProfile(instanceID, applicationInstanceID string, p Profile) {
	s.addProfile(instanceID, applicationInstanceID, p)
}

func (s *Server) addProfile(instanceID, applicationInstanceID string, p Profile) (Profile, bool) {
	p = withDefaults(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	created := s.st.ensureInstance(instanceID).ensureApp(applicationInstanceID).put(p)
	return p, created
}

// RemoveProfile stands for a deletion made outside the API, e.g. in the
// console. It reports false when there was no such profile.
func (s *Server) RemoveProfile(instanceID, applicationInstanceID, profileID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app := s.st.app(instanceID, applicationInstanceID)
	return app != nil && app.remove(profileID)
}

// Snapshot returns a deep copy of the whole store, in order.
func (s *Server) Snapshot() Seed {
	s.mu.RLock()
	defer s.mu.RUnlock()
	seed := s.st.snapshot()
	seed.DomainID, seed.DomainName = s.domain.id, s.domain.name
	return seed
}

// Stats returns the request counters.
func (s *Server) Stats() Stats {
	return Stats{
		ListProfiles:   s.listCount.Load(),
		DeleteProfile:  s.deleteCount.Load(),
		ListDomains:    s.domainsCount.Load(),
		CallerIdentity: s.callerIdentityCount.Load(),
		Rejected:       s.rejected.Load(),
		Total:          s.total.Load(),
		Faults:         s.faults.stats(),
		Credentials:    s.sts.stats(),

		ListAssignments:  s.assignmentCounts.list.Load(),
		CreateAssignment: s.assignmentCounts.create.Load(),
		DeleteAssignment: s.assignmentCounts.delete.Load(),
	}
}

// SetPageSizeCap caps the page size of the assignment list from now on, as
// Options.PageSizeCap does; 0 removes the cap.
func (s *Server) SetPageSizeCap(n int) {
	s.pageSizeCap.Store(int64(max(n, 0)))
}

// Assignments returns the assignments of an application instance in API
// order, or nil when it has none or is unknown.
func (s *Server) Assignments(instanceID, applicationInstanceID string) []Assignment {
	s.mu.RLock()
	defer s.mu.RUnlock()
	app := s.st.app(instanceID, applicationInstanceID)
	if app == nil {
		return nil
	}
	return app.assignments.list()
}

// AddAssignment stands for an assignment made outside Terraform, in the
// console or by another tool. It creates the instance and application
// instance if missing, and reports false when the assignment existed.
func (s *Server) AddAssignment(instanceID, applicationInstanceID string, a Assignment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.ensureInstance(instanceID).ensureApp(applicationInstanceID).assignments.put(a)
}

// RemoveAssignment stands for an assignment removed outside Terraform. It
// reports false when there was no such assignment.
func (s *Server) RemoveAssignment(instanceID, applicationInstanceID string, a Assignment) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	app := s.st.app(instanceID, applicationInstanceID)
	return app != nil && app.assignments.remove(a)
}
