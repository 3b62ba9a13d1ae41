package mockapi

// The handlers of the application assignments API: the second family of
// operations, which assigns users and groups (principals) to an
// application instance. Unlike profiles, assignments can be created through
// the API. The API documents no link between an assignment and a profile,
// so the mock invents none: creating or deleting an assignment leaves the
// profiles as they are, and the other way round.
//
//	GET  /v1/instances/{i}/applications/{a}/assignments?limit=&marker=
//	POST /v1/instances/{i}/applications/{a}/assignments/create   {"principal_id":"...","principal_type":"USER"|"GROUP"}
//	POST /v1/instances/{i}/applications/{a}/assignments/delete   the same body

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
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

// assignmentCounters count the assignment requests that passed
// authentication.
type assignmentCounters struct {
	list, create, delete atomic.Int64
}

// applicationURN is the URN the list reports for every assignment of an
// application instance. Its form is the mock's own.
func (s *Server) applicationURN(instanceID, applicationInstanceID string) string {
	return "iic::" + s.domain.id + ":application:" + instanceID + "/" + applicationInstanceID
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
