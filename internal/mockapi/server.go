// Package mockapi is an in-memory stand-in for the Huawei Cloud IAM Identity
// Center application profiles API, for testing the provider and Terraform
// configurations offline.
//
// Like the gateway in front of a global service, it requires every Identity
// Center request to carry the account's ID in a signed X-Domain-Id header,
// and it serves IAM's account lookup, GET /v3/auth/domains, on the same
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
// as well as list and delete, and follow page markers; see assignments.go.
//
// A Server is an http.Handler: use it with httptest.NewServer in tests, or
// run the command in cmd/mockapi.
package mockapi

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
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
}

// Options configure New.
type Options struct {
	Credentials []Credential
	Seed        Seed
	Now         func() time.Time // the clock for X-Sdk-Date checks; nil means time.Now
	Faults      Faults           // errors, throttling, lost answers and latency to inject; none by default

	// PageSizeCap, when positive, caps the page size of the assignment list
	// below the limit asked for, so that clients must follow markers.
	PageSizeCap int
}

// Stats count the API requests served.
type Stats struct {
	ListProfiles  int64      `json:"list_profiles"`    // list requests that passed authentication
	DeleteProfile int64      `json:"delete_profile"`   // delete requests that passed authentication
	ListDomains   int64      `json:"iam_list_domains"` // IAM account lookups that passed authentication
	Rejected      int64      `json:"rejected"`         // requests answered 401 or 403 by authentication/authorization
	Total         int64      `json:"total"`            // every request served, admin routes excluded
	Faults        FaultStats `json:"faults"`           // faults injected

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

	listCount, deleteCount, domainsCount, rejected, total atomic.Int64

	assignmentCounts assignmentCounters
	pageSizeCap      atomic.Int64

	faults *faultInjector

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
	srv := &Server{now: now, creds: creds, domain: domainOf(opts.Seed), st: st, faults: faults}
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
		ListProfiles:  s.listCount.Load(),
		DeleteProfile: s.deleteCount.Load(),
		ListDomains:   s.domainsCount.Load(),
		Rejected:      s.rejected.Load(),
		Total:         s.total.Load(),
		Faults:        s.faults.stats(),

		ListAssignments:  s.assignmentCounts.list.Load(),
		CreateAssignment: s.assignmentCounts.create.Load(),
		DeleteAssignment: s.assignmentCounts.delete.Load(),
	}
}

// apiError is an error response.
type apiError struct {
	status int
	code   string
	msg    string
	// authz is the encoded_authorization_message of a 403.
	authz string
}

type errorBody struct {
	ErrorCode                   string `json:"error_code"`
	ErrorMsg                    string `json:"error_msg"`
	RequestID                   string `json:"request_id"`
	EncodedAuthorizationMessage string `json:"encoded_authorization_message,omitempty"`
}

func writeError(w http.ResponseWriter, requestID string, e *apiError) {
	body, err := json.Marshal(errorBody{
		ErrorCode:                   e.code,
		ErrorMsg:                    e.msg,
		RequestID:                   requestID,
		EncodedAuthorizationMessage: e.authz,
	})
	if err != nil {
		// Marshalling strings cannot fail.
		panic(err)
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ContentTypeJSON)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

type operation int

const (
	opNone operation = iota
	opList
	opDelete
	opListAssignments
	opCreateAssignment
	opDeleteAssignment
)

func (op operation) action() string {
	switch op {
	case opList:
		return ActionListProfiles
	case opDelete:
		return ActionDeleteProfile
	}
	return assignmentAction(op)
}

// route is a request matched against the API's paths. Path parameters are
// taken as they are, possibly empty: emptiness is the service's 400, not the
// gateway's 404.
type route struct {
	op                           operation
	instanceID, appID, profileID string
}

// matchProfilesPath splits prefix + "{i}/application-instances/{a}/profiles[/{p}]".
// A single trailing slash after "profiles" is the list path: the signature
// cannot tell them apart, as the canonical URI always ends in a slash.
func matchProfilesPath(path, prefix string) (instanceID, appID, profileID string, hasProfile, ok bool) {
	rest, found := strings.CutPrefix(path, prefix)
	if !found {
		return "", "", "", false, false
	}
	segs := strings.Split(rest, "/")
	if len(segs) < 4 || len(segs) > 5 || segs[1] != "application-instances" || segs[3] != "profiles" {
		return "", "", "", false, false
	}
	if len(segs) == 5 {
		return segs[0], segs[2], segs[4], true, true
	}
	return segs[0], segs[2], "", false, true
}

func matchAPI(r *http.Request) route {
	if rt, ok := matchAssignmentsPath(r); ok {
		return rt
	}
	i, a, p, hasProfile, ok := matchProfilesPath(r.URL.Path, "/v1/instances/")
	if !ok {
		return route{}
	}
	switch {
	case r.Method == http.MethodGet && (!hasProfile || p == ""):
		return route{op: opList, instanceID: i, appID: a}
	case r.Method == http.MethodDelete && hasProfile:
		return route{op: opDelete, instanceID: i, appID: a, profileID: p}
	}
	return route{}
}

// ServeHTTP answers API requests, checked as gateway then service would, and
// the admin routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	w.Header().Set(HeaderRequestID, requestID)
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r, requestID)
		return
	}
	s.total.Add(1)

	body, e := readBody(r)
	if e != nil {
		writeError(w, requestID, e)
		return
	}
	if r.URL.Path == listDomainsPath {
		s.serveListDomains(w, r, body, requestID)
		return
	}
	rt := matchAPI(r)
	if e := s.authorize(r, body, rt.op); e != nil {
		s.rejected.Add(1)
		writeError(w, requestID, e)
		return
	}
	switch rt.op {
	case opList:
		s.listCount.Add(1)
		if !s.faults.before(w, r, requestID) {
			s.serveList(w, requestID, rt)
		}
	case opDelete:
		s.deleteCount.Add(1)
		if !s.faults.before(w, r, requestID) {
			s.serveDelete(w, requestID, rt)
		}
	case opListAssignments, opCreateAssignment, opDeleteAssignment:
		s.serveAssignments(w, r, body, requestID, rt)
	default:
		writeError(w, requestID, &apiError{status: http.StatusNotFound, code: CodeAPINotFound, msg: apiNotFoundMsg})
	}
}

func readBody(r *http.Request) ([]byte, *apiError) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: CodeBadRequest, msg: "the request body could not be read"}
	}
	if len(body) > MaxBodyBytes {
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: CodeEntityTooLarge, msg: "Request entity too large"}
	}
	return body, nil
}

func badParam(name, problem string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: CodeBadRequest, msg: fmt.Sprintf("invalid parameter %s: %s", name, problem)}
}

func notFound(format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, code: CodeNotFound, msg: fmt.Sprintf(format, args...)}
}

// validate checks path parameters as the service does, before any lookup.
func (rt route) validate() *apiError {
	if rt.instanceID == "" {
		return badParam("instance_id", "must not be empty")
	}
	if rt.appID == "" {
		return badParam("application_instance_id", "must not be empty")
	}
	if !strings.HasPrefix(rt.appID, AppInstancePrefix) {
		return badParam("application_instance_id", "must start with "+AppInstancePrefix)
	}
	if rt.op == opDelete && rt.profileID == "" {
		return badParam("profile_id", "must not be empty")
	}
	return nil
}

// lookup finds the application instance of rt; the caller holds s.mu.
func (s *Server) lookup(rt route) (*appEntry, *apiError) {
	inst := s.st.byID[rt.instanceID]
	if inst == nil {
		return nil, notFound("instance %q does not exist", rt.instanceID)
	}
	app := inst.byID[rt.appID]
	if app == nil {
		return nil, notFound("application instance %q does not exist in instance %q", rt.appID, rt.instanceID)
	}
	return app, nil
}

func (s *Server) serveList(w http.ResponseWriter, requestID string, rt route) {
	if e := rt.validate(); e != nil {
		writeError(w, requestID, e)
		return
	}
	bufp, _ := s.bufs.Get().(*[]byte)
	if bufp == nil {
		bufp = new([]byte)
	}
	s.mu.RLock()
	app, e := s.lookup(rt)
	if e == nil {
		buf := (*bufp)[:0]
		if need := app.wireSize(); cap(buf) < need {
			buf = make([]byte, 0, need)
		}
		*bufp = app.appendWire(buf)
	}
	s.mu.RUnlock()
	if e != nil {
		s.bufs.Put(bufp)
		writeError(w, requestID, e)
		return
	}
	// The write happens outside the lock so a slow client cannot hold up
	// deletes.
	writeJSON(w, http.StatusOK, *bufp)
	s.bufs.Put(bufp)
}

func (s *Server) serveDelete(w http.ResponseWriter, requestID string, rt route) {
	if e := rt.validate(); e != nil {
		writeError(w, requestID, e)
		return
	}
	s.mu.Lock()
	app, e := s.lookup(rt)
	if e == nil && !app.remove(rt.profileID) {
		e = notFound("profile %q does not exist in application instance %q", rt.profileID, rt.appID)
	}
	s.mu.Unlock()
	s.answerChange(w, requestID, e)
}

// Admin routes. Their errors use MOCK.* codes so they cannot be mistaken
// for answers of the real API.

func adminError(status int, format string, args ...any) *apiError {
	return &apiError{status: status, code: "MOCK." + strconv.Itoa(status), msg: fmt.Sprintf(format, args...)}
}

type adminProfileBody struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request, requestID string) {
	var allow string
	switch r.URL.Path {
	case AdminPrefix + "store":
		allow = http.MethodGet
		if r.Method == http.MethodGet {
			writeIndentedJSON(w, s.Snapshot())
			return
		}
	case AdminPrefix + "stats":
		allow = http.MethodGet
		if r.Method == http.MethodGet {
			writeIndentedJSON(w, s.Stats())
			return
		}
	default:
		if s.serveAdminAssignment(w, r, requestID) {
			return
		}
		i, a, p, hasProfile, ok := matchProfilesPath(r.URL.Path, AdminPrefix+"instances/")
		if !ok || !hasProfile {
			writeError(w, requestID, adminError(http.StatusNotFound, "no admin route %s", r.URL.Path))
			return
		}
		allow = http.MethodPut + ", " + http.MethodDelete
		switch r.Method {
		case http.MethodPut:
			s.adminPut(w, r, requestID, i, a, p)
			return
		case http.MethodDelete:
			s.adminDelete(w, requestID, i, a, p)
			return
		}
	}
	w.Header().Set("Allow", allow)
	writeError(w, requestID, adminError(http.StatusMethodNotAllowed, "method %s is not allowed here; use %s", r.Method, allow))
}

func (s *Server) adminPut(w http.ResponseWriter, r *http.Request, requestID, instanceID, appID, profileID string) {
	if e := (route{op: opDelete, instanceID: instanceID, appID: appID, profileID: profileID}).validate(); e != nil {
		writeError(w, requestID, adminError(http.StatusBadRequest, "%s", e.msg))
		return
	}
	body, e := readBody(r)
	if e != nil {
		writeError(w, requestID, adminError(e.status, "%s", e.msg))
		return
	}
	var in adminProfileBody
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			writeError(w, requestID, adminError(http.StatusBadRequest, "invalid body: %v", err))
			return
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			writeError(w, requestID, adminError(http.StatusBadRequest, "invalid body: unexpected data after the JSON object"))
			return
		}
	}
	p, created := s.addProfile(instanceID, appID, Profile{ProfileID: profileID, Name: in.Name, Status: in.Status})
	out, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
}

func (s *Server) adminDelete(w http.ResponseWriter, requestID, instanceID, appID, profileID string) {
	if !s.RemoveProfile(instanceID, appID, profileID) {
		writeError(w, requestID, adminError(http.StatusNotFound, "profile %q does not exist in instance %q, application instance %q", profileID, instanceID, appID))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeIndentedJSON(w http.ResponseWriter, v any) {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	writeJSON(w, http.StatusOK, append(body, '\n'))
}
