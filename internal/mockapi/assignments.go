package mockapi

// Application assignments: the second family of operations, which assigns
// users and groups (principals) to an application instance. Unlike
// profiles, assignments can be created through the API. The API documents
// no link between an assignment and a profile, so the mock invents none:
// creating or deleting an assignment leaves the profiles as they are, and
// the other way round.
//
//	GET  /v1/instances/{i}/applications/{a}/assignments?limit=&marker=
//	POST /v1/instances/{i}/applications/{a}/assignments/create   {"principal_id":"...","principal_type":"USER"|"GROUP"}
//	POST /v1/instances/{i}/applications/{a}/assignments/delete   the same body
//
// Admin routes, unsigned, for assignments made outside the API:
//
//	PUT    /_mock/instances/{i}/applications/{a}/assignments/{USER|GROUP}/{principal_id}   add
//	DELETE /_mock/instances/{i}/applications/{a}/assignments/{USER|GROUP}/{principal_id}   remove

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// Principal types of an assignment.
const (
	PrincipalUser  = "USER"
	PrincipalGroup = "GROUP"
)

// Page sizes of the assignment list: limit is 1 to MaxPageSize, and
// MaxPageSize when absent.
const MaxPageSize = 100

// CodeAlreadyAssigned is the mock's code for a duplicate create. The real
// code is not published; clients read any 409 other than IIC.1006 as
// "already assigned".
const CodeAlreadyAssigned = "IIC.409"

// Actions named in the encoded authorization message of a 403.
const (
	ActionListAssignments  = "identitycenter:applicationAssignments:list"
	ActionCreateAssignment = "identitycenter:applicationAssignments:create"
	ActionDeleteAssignment = "identitycenter:applicationAssignments:delete"
)

// Assignment is one principal assigned to an application instance.
type Assignment struct {
	PrincipalID   string `json:"principal_id"`
	PrincipalType string `json:"principal_type"`
}

// assignmentCounters count the assignment requests that passed
// authentication.
type assignmentCounters struct {
	list, create, delete atomic.Int64
}

// assignmentList keeps assignments in creation order, each with a sequence
// number that only grows, so that a page marker (the number of the last
// assignment shown) stays valid while assignments come and go: the next
// page starts after it, wherever it now stands. Removal leaves a tombstone
// that compaction reclaims, which keeps the order and the numbers.
type assignmentList struct {
	entries []assignmentEntry
	index   map[Assignment]int
	lastSeq uint64
	dead    int
}

type assignmentEntry struct {
	Assignment
	seq     uint64
	deleted bool
}

// put adds a, and reports false when it was already there.
func (l *assignmentList) put(a Assignment) bool {
	if l.index == nil {
		l.index = make(map[Assignment]int)
	}
	if _, ok := l.index[a]; ok {
		return false
	}
	l.lastSeq++
	l.index[a] = len(l.entries)
	l.entries = append(l.entries, assignmentEntry{Assignment: a, seq: l.lastSeq})
	return true
}

func (l *assignmentList) remove(a Assignment) bool {
	i, ok := l.index[a]
	if !ok {
		return false
	}
	delete(l.index, a)
	l.entries[i].deleted = true
	l.dead++
	if l.dead > len(l.entries)/2 {
		live := l.entries[:0]
		for _, e := range l.entries {
			if !e.deleted {
				l.index[e.Assignment] = len(live)
				live = append(live, e)
			}
		}
		clear(l.entries[len(live):])
		l.entries, l.dead = live, 0
	}
	return true
}

// list copies the live assignments in order; nil when there are none, as
// in a seed without them.
func (l *assignmentList) list() []Assignment {
	var out []Assignment
	for _, e := range l.entries {
		if !e.deleted {
			out = append(out, e.Assignment)
		}
	}
	return out
}

// page returns up to limit live assignments numbered after afterSeq, the
// number of the last one, and whether more follow.
func (l *assignmentList) page(afterSeq uint64, limit int) ([]Assignment, uint64, bool) {
	start := sort.Search(len(l.entries), func(i int) bool { return l.entries[i].seq > afterSeq })
	var out []Assignment
	last := afterSeq
	for _, e := range l.entries[start:] {
		if e.deleted {
			continue
		}
		if len(out) == limit {
			return out, last, true
		}
		out = append(out, e.Assignment)
		last = e.seq
	}
	return out, last, false
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

// applicationURN is the URN the list reports for every assignment of an
// application instance. Its form is the mock's own.
func (s *Server) applicationURN(instanceID, applicationInstanceID string) string {
	return "iic::" + s.domain.id + ":application:" + instanceID + "/" + applicationInstanceID
}

// matchAssignmentsPath splits "/v1/instances/{i}/applications/{a}/assignments[/create|/delete]".
// A single trailing slash after "assignments" is the list path, as with
// profiles.
func matchAssignmentsPath(r *http.Request) (route, bool) {
	rest, found := strings.CutPrefix(r.URL.Path, "/v1/instances/")
	if !found {
		return route{}, false
	}
	segs := strings.Split(rest, "/")
	if len(segs) < 4 || len(segs) > 5 || segs[1] != "applications" || segs[3] != "assignments" {
		return route{}, false
	}
	rt := route{instanceID: segs[0], appID: segs[2]}
	verb := ""
	if len(segs) == 5 {
		verb = segs[4]
	}
	switch {
	case r.Method == http.MethodGet && verb == "":
		rt.op = opListAssignments
	case r.Method == http.MethodPost && verb == "create":
		rt.op = opCreateAssignment
	case r.Method == http.MethodPost && verb == "delete":
		rt.op = opDeleteAssignment
	}
	return rt, true
}

func assignmentAction(op operation) string {
	switch op {
	case opListAssignments:
		return ActionListAssignments
	case opCreateAssignment:
		return ActionCreateAssignment
	case opDeleteAssignment:
		return ActionDeleteAssignment
	}
	return ""
}

// serveAssignments answers an authenticated assignment request.
func (s *Server) serveAssignments(w http.ResponseWriter, r *http.Request, body []byte, requestID string, rt route) {
	counter := map[operation]*atomic.Int64{
		opListAssignments:  &s.assignmentCounts.list,
		opCreateAssignment: &s.assignmentCounts.create,
		opDeleteAssignment: &s.assignmentCounts.delete,
	}[rt.op]
	counter.Add(1)
	if s.faults.before(w, r, requestID) {
		return
	}
	if e := rt.validate(); e != nil {
		writeError(w, requestID, e)
		return
	}
	if rt.op == opListAssignments {
		s.serveListAssignments(w, r, requestID, rt)
		return
	}
	a, e := parseAssignmentBody(body)
	if e != nil {
		writeError(w, requestID, e)
		return
	}
	s.mu.Lock()
	app, e := s.lookup(rt)
	switch {
	case e != nil:
	case rt.op == opCreateAssignment && !app.assignments.put(a):
		e = &apiError{status: http.StatusConflict, code: CodeAlreadyAssigned,
			msg: fmt.Sprintf("%s %q is already assigned to application instance %q", a.PrincipalType, a.PrincipalID, rt.appID)}
	case rt.op == opDeleteAssignment && !app.assignments.remove(a):
		e = notFound("%s %q is not assigned to application instance %q", a.PrincipalType, a.PrincipalID, rt.appID)
	}
	s.mu.Unlock()
	s.answerChange(w, requestID, e)
}

// answerChange answers a create or delete: e, or an empty 200 unless the
// fault injector loses the answer of the change it made.
func (s *Server) answerChange(w http.ResponseWriter, requestID string, e *apiError) {
	if e != nil {
		writeError(w, requestID, e)
		return
	}
	if s.faults.dropAfterChange(w) {
		return
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// parseAssignmentBody reads CreateApplicationAssignmentReqBody, which
// DeleteApplicationAssignmentReqBody repeats.
func parseAssignmentBody(body []byte) (Assignment, *apiError) {
	var a Assignment
	if len(bytes.TrimSpace(body)) == 0 {
		return a, &apiError{status: http.StatusBadRequest, code: CodeBadRequest, msg: "the request body is missing"}
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return a, &apiError{status: http.StatusBadRequest, code: CodeBadRequest, msg: "the request body is not valid JSON: " + err.Error()}
	}
	if msg := idProblem(a.PrincipalID); msg != "" {
		return a, badParam("principal_id", msg)
	}
	if msg := principalTypeProblem(a.PrincipalType); msg != "" {
		return a, badParam("principal_type", msg)
	}
	return a, nil
}

func principalTypeProblem(t string) string {
	if t != PrincipalUser && t != PrincipalGroup {
		return fmt.Sprintf("%q is neither %s nor %s", t, PrincipalUser, PrincipalGroup)
	}
	return ""
}

// wireAssignment is ApplicationAssignmentDto, and wirePage the list answer
// with its PageInfoDto; next_marker is absent on the last page.
type wireAssignment struct {
	ApplicationURN string `json:"application_urn"`
	PrincipalID    string `json:"principal_id"`
	PrincipalType  string `json:"principal_type"`
}

type wirePage struct {
	Assignments []wireAssignment `json:"application_assignments"`
	PageInfo    struct {
		NextMarker   string `json:"next_marker,omitempty"`
		CurrentCount int    `json:"current_count"`
	} `json:"page_info"`
}

func (s *Server) serveListAssignments(w http.ResponseWriter, r *http.Request, requestID string, rt route) {
	q := r.URL.Query()
	limit := MaxPageSize
	if v := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			writeError(w, requestID, badParam("limit", fmt.Sprintf("%q is not an integer from 1 to %d", v, MaxPageSize)))
			return
		}
		limit = n
	}
	if limitCap := int(s.pageSizeCap.Load()); limitCap > 0 {
		limit = min(limit, limitCap)
	}
	var after uint64
	if q.Has("marker") {
		var ok bool
		if after, ok = decodeMarker(q.Get("marker"), rt.instanceID, rt.appID); !ok {
			writeError(w, requestID, badParam("marker", "it is not a marker this list gave"))
			return
		}
	}
	s.mu.RLock()
	app, e := s.lookup(rt)
	var page []Assignment
	var last uint64
	var more bool
	if e == nil {
		page, last, more = app.assignments.page(after, limit)
	}
	s.mu.RUnlock()
	if e != nil {
		writeError(w, requestID, e)
		return
	}
	out := wirePage{Assignments: make([]wireAssignment, len(page))}
	urn := s.applicationURN(rt.instanceID, rt.appID)
	for i, a := range page {
		out.Assignments[i] = wireAssignment{ApplicationURN: urn, PrincipalID: a.PrincipalID, PrincipalType: a.PrincipalType}
	}
	out.PageInfo.CurrentCount = len(page)
	if more {
		out.PageInfo.NextMarker = encodeMarker(rt.instanceID, rt.appID, last)
	}
	body, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	writeJSON(w, http.StatusOK, body)
}

// A marker is opaque to clients: it names the list it belongs to and the
// number of the last assignment shown.
func encodeMarker(instanceID, appID string, seq uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(instanceID + "/" + appID + "/" + strconv.FormatUint(seq, 10)))
}

func decodeMarker(marker, instanceID, appID string) (uint64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(raw), instanceID+"/"+appID+"/")
	if !ok {
		return 0, false
	}
	seq, err := strconv.ParseUint(rest, 10, 64)
	return seq, err == nil
}

// serveAdminAssignment answers the admin routes of assignments, and reports
// false for any other path.
func (s *Server) serveAdminAssignment(w http.ResponseWriter, r *http.Request, requestID string) bool {
	rest, found := strings.CutPrefix(r.URL.Path, AdminPrefix+"instances/")
	segs := strings.Split(rest, "/")
	if !found || len(segs) != 6 || segs[1] != "applications" || segs[3] != "assignments" {
		return false
	}
	rt := route{op: opCreateAssignment, instanceID: segs[0], appID: segs[2]}
	a := Assignment{PrincipalType: segs[4], PrincipalID: segs[5]}
	e := rt.validate()
	if e == nil {
		if msg := principalTypeProblem(a.PrincipalType); msg != "" {
			e = badParam("principal_type", msg)
		} else if msg := idProblem(a.PrincipalID); msg != "" {
			e = badParam("principal_id", msg)
		}
	}
	if e != nil {
		writeError(w, requestID, adminError(http.StatusBadRequest, "%s", e.msg))
		return true
	}
	switch r.Method {
	case http.MethodPut:
		status := http.StatusOK
		if s.AddAssignment(rt.instanceID, rt.appID, a) {
			status = http.StatusCreated
		}
		w.WriteHeader(status)
	case http.MethodDelete:
		if !s.RemoveAssignment(rt.instanceID, rt.appID, a) {
			writeError(w, requestID, adminError(http.StatusNotFound, "%s %q is not assigned to application instance %q of instance %q",
				a.PrincipalType, a.PrincipalID, rt.appID, rt.instanceID))
			return true
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		allow := http.MethodPut + ", " + http.MethodDelete
		w.Header().Set("Allow", allow)
		writeError(w, requestID, adminError(http.StatusMethodNotAllowed, "method %s is not allowed here; use %s", r.Method, allow))
	}
	return true
}

// validateAssignments reports, through bad, each assignment of a seed's
// application instance at that is malformed or given twice.
func validateAssignments(at string, assignments []Assignment, bad func(string, ...any)) {
	seen := make(map[Assignment]int, len(assignments))
	for i, a := range assignments {
		at := fmt.Sprintf("%s.assignments[%d]", at, i)
		if msg := idProblem(a.PrincipalID); msg != "" {
			bad("%s.principal_id: %s", at, msg)
		} else if msg := principalTypeProblem(a.PrincipalType); msg != "" {
			bad("%s.principal_type: %s", at, msg)
		} else if prev, dup := seen[a]; dup {
			bad("%s: duplicate %s %q, first at assignments[%d]", at, a.PrincipalType, a.PrincipalID, prev)
		} else {
			seen[a] = i
		}
	}
}
