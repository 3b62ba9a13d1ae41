package mockapi

import (
	"io"
	"net/http"
	"strings"
)

// Routing: which operation a request asks for, and ServeHTTP, which checks
// a request as the gateway, then the service, would before handing it to
// the handler of its operation (profiles_api.go, assignments_api.go, iam.go,
// admin.go).

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
	case opListAssignments:
		return ActionListAssignments
	case opCreateAssignment:
		return ActionCreateAssignment
	case opDeleteAssignment:
		return ActionDeleteAssignment
	}
	return ""
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
	if s.serveCredentials(w, r, body, requestID) {
		return
	}
	switch r.URL.Path {
	case listDomainsPath:
		s.serveListDomains(w, r, body, requestID)
		return
	case callerIdentityPath:
		s.serveCallerIdentity(w, r, body, requestID)
		return
	}
	rt := matchAPI(r)
	if rt.op == opNone {
		// The gateway answers a route it does not know before it looks at
		// the signature, and the service never sees the request.
		writeError(w, requestID, &apiError{status: http.StatusNotFound, code: CodeAPINotFound, msg: apiNotFoundMsg})
		return
	}
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
