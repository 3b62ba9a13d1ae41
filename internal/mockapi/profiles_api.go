package mockapi

import (
	"fmt"
	"net/http"
	"strings"
)

// The handlers of the application profiles API: ListProfiles and
// DeleteProfile, with the service's checks of their path parameters.

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
