package mockapi

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// Authentication and authorization, as the gateway and the service apply
// them to every API request.

// authorize checks the signature, the clock, the session token, the account
// header and the permission, in the order a request meets them, and returns
// the 401 or 403 to answer, or nil.
func (s *Server) authorize(r *http.Request, body []byte, op operation) *apiError {
	cred, signed, reason := s.authenticate(r, body)
	if reason == "" {
		reason = s.sts.refusal(cred)
	}
	if reason == "" {
		reason = s.domain.problem(r, signed)
	}
	if reason != "" {
		return authFailed(reason)
	}
	if cred.Denied {
		return denied(op)
	}
	return nil
}

// authenticate checks the signature, the clock and the session token, and
// says what is wrong, or "".
func (s *Server) authenticate(r *http.Request, body []byte) (Credential, signer.Signed, string) {
	var cred Credential
	signed, err := signer.Verify(r, body, func(accessKey string) (string, bool) {
		c, ok := s.creds[accessKey]
		if !ok {
			c, ok = s.sts.credential(accessKey)
		}
		if !ok {
			cred = Credential{AccessKey: accessKey}
			return "", false
		}
		cred = c
		return c.SecretKey, true
	})
	if err != nil {
		return cred, signed, verifyFailure(err, cred.AccessKey)
	}
	if skew := s.now().Sub(signed.Date); skew > MaxClockSkew || skew < -MaxClockSkew {
		return cred, signed, "the request time (X-Sdk-Date) is more than 15 minutes off"
	}
	if cred.SecurityToken != "" {
		got := r.Header.Get(signer.HeaderSecurityToken)
		if subtle.ConstantTimeCompare([]byte(got), []byte(cred.SecurityToken)) != 1 {
			return cred, signed, "security token is missing or invalid"
		}
	}
	if !cred.Expires.IsZero() && !s.now().Before(cred.Expires) {
		s.sts.expired.Add(1)
		return cred, signed, "the temporary credentials expired at " + cred.Expires.UTC().Format(time.RFC3339)
	}
	return cred, signed, ""
}

func authFailed(reason string) *apiError {
	return &apiError{status: http.StatusUnauthorized, code: CodeAuthFailed, msg: authFailedMsgPrefix + reason}
}

func verifyFailure(err error, accessKey string) string {
	switch {
	case errors.Is(err, signer.ErrMissingAuthorization):
		return "Authorization header is missing"
	case errors.Is(err, signer.ErrUnknownAccessKey):
		return fmt.Sprintf("access key %q not found", shown(accessKey))
	case errors.Is(err, signer.ErrSignatureMismatch):
		return "verify aksk signature fail"
	}
	// Malformed: the detail lines come from the verifier, never from the
	// request, so they are safe to show.
	return strings.ReplaceAll(err.Error(), "\n", ": ")
}

// shown cuts a value taken from a request to a length fit for a message.
func shown(v string) string {
	const maxShown = 64
	if len(v) > maxShown {
		return v[:maxShown] + "..."
	}
	return v
}

// authorizationMessage is what the encoded_authorization_message of a 403
// decodes to. The real one is encrypted; this one is plain base64 so tests
// and users can read which action was denied.
type authorizationMessage struct {
	Allowed bool   `json:"allowed"`
	Action  string `json:"action,omitempty"`
	Reason  string `json:"reason"`
}

func denied(op operation) *apiError {
	action := op.action()
	msg, err := json.Marshal(authorizationMessage{
		Action: action,
		Reason: "no identity policy allows the action",
	})
	if err != nil {
		panic(err)
	}
	text := "You do not have permission to perform this operation"
	if action != "" {
		text += ": " + action
	}
	return &apiError{
		status: http.StatusForbidden,
		code:   CodeForbidden,
		msg:    text,
		authz:  base64.StdEncoding.EncodeToString(msg),
	}
}
