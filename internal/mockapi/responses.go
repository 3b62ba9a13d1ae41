package mockapi

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
)

// Error and JSON answers, as the service and its gateway write them.

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

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
