package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// The unsigned admin routes under AdminPrefix, which only the mock has.

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
