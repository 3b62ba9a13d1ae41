package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The unsigned admin routes under AdminPrefix, which only the mock has.
// Besides the store, the stats and profiles, they add and remove
// assignments made outside the API:
//
//	PUT    /_mock/instances/{i}/applications/{a}/assignments/{USER|GROUP}/{principal_id}   add
//	DELETE /_mock/instances/{i}/applications/{a}/assignments/{USER|GROUP}/{principal_id}   remove

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
