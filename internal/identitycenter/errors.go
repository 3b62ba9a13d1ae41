package identitycenter

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// APIError is an answer of the API, or of the gateway in front of it, that
// is not a success.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// ErrorCode is e.g. IIC.404, IIC.1000 or, from the gateway, APIGW.0301.
	ErrorCode string
	ErrorMsg  string
	RequestID string
	// EncodedAuthorizationMessage explains a 403; it can be decoded by the
	// cloud's IAM service.
	EncodedAuthorizationMessage string
	// Body holds the start of an answer that was not a JSON error, such as a
	// proxy's HTML page.
	Body string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.ErrorCode != "" {
		b.WriteString(" " + e.ErrorCode)
	}
	if e.ErrorMsg != "" {
		b.WriteString(": " + e.ErrorMsg)
	}
	if e.Body != "" {
		b.WriteString(": the answer is not a JSON error: " + e.Body)
	}
	if e.RequestID != "" {
		b.WriteString(" (request_id " + e.RequestID + ")")
	}
	if e.EncodedAuthorizationMessage != "" {
		b.WriteString("; encoded_authorization_message: " + e.EncodedAuthorizationMessage)
	}
	return b.String()
}

// NotFoundError is what a finder returns when the object it looks for does
// not exist: the list that would hold it lacks it, or the API answered that
// the object, or one that holds it, does not exist. Every finder of the
// client answers "not found" this way, and only this way.
type NotFoundError struct {
	// Object names what was looked for, such as "profile p-1 of application
	// instance app-ins-1 of instance ins-1".
	Object string
	// Err is the API's answer when it said so; nil when a list lacked the
	// object.
	Err error
}

func (e *NotFoundError) Error() string {
	if e.Err != nil {
		return e.Object + " not found: " + e.Err.Error()
	}
	return e.Object + " not found"
}

func (e *NotFoundError) Unwrap() error { return e.Err }

// IsContainerNotFound reports whether err is a finder's "not found" because
// the API answered that the instance or application instance that would
// hold the object does not exist, rather than because a list of it lacks
// the object.
func IsContainerNotFound(err error) bool {
	nf, ok := errors.AsType[*NotFoundError](err)
	return ok && nf.Err != nil
}

// IsNotFound reports whether err says that the addressed object does not
// exist: a finder's *NotFoundError, or an answer of the API saying that the
// instance, application instance or profile addressed does not exist. Only
// the service's own codes count: a 404 from a gateway or proxy means a
// wrong endpoint or path, and reading it as "gone" would drop associations
// from state. For the same reason no answer of IAM or STS counts, whatever
// its code: it says nothing about Identity Center's objects.
func IsNotFound(err error) bool {
	if _, ok := errors.AsType[*NotFoundError](err); ok {
		return true
	}
	if _, ok := errors.AsType[*DomainLookupError](err); ok {
		return false
	}
	if _, ok := errors.AsType[*CredentialError](err); ok {
		return false
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		return false
	}
	_, ours := serviceCode(apiErr.ErrorCode)
	return ours
}

// concurrencyConflict is the service's "retry later" 409.
const concurrencyConflict = "IIC.1006"

// serviceCode reads an error code of the service itself under its current
// prefix, IIC., whether the answer used that one or the former
// IdentityCenter., so that both name the same error; ours is false for the
// codes of the gateway, IAM and anything else.
func serviceCode(code string) (current string, ours bool) {
	if rest, ok := strings.CutPrefix(code, "IdentityCenter."); ok {
		return "IIC." + rest, true
	}
	return code, strings.HasPrefix(code, "IIC.")
}

// errorBody has the documented fields and, for older gateways and IAM, the
// nested {"error":{"code","message"}} form, whose code IAM's Keystone-style
// answers give as a number.
type errorBody struct {
	ErrorCode                   string `json:"error_code"`
	ErrorMsg                    string `json:"error_msg"`
	RequestID                   string `json:"request_id"`
	EncodedAuthorizationMessage string `json:"encoded_authorization_message"`
	Nested                      *struct {
		Code      codeText `json:"code"`
		Message   string   `json:"message"`
		RequestID string   `json:"request_id"`
	} `json:"error"`
}

// codeText is an error code given as a string or as a number.
type codeText string

func (c *codeText) UnmarshalJSON(data []byte) error {
	var n json.Number
	if err := json.Unmarshal(data, &n); err == nil {
		*c = codeText(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*c = codeText(s)
	return nil
}

// decodeErrorBody returns the fields it can find; all are empty when body is
// not a JSON error.
func decodeErrorBody(body []byte) errorBody {
	var eb errorBody
	if json.Unmarshal(body, &eb) != nil {
		return errorBody{}
	}
	if eb.Nested != nil {
		eb.ErrorCode = cmp.Or(eb.ErrorCode, string(eb.Nested.Code))
		eb.ErrorMsg = cmp.Or(eb.ErrorMsg, eb.Nested.Message)
		eb.RequestID = cmp.Or(eb.RequestID, eb.Nested.RequestID)
	}
	return eb
}

func decodeError(method, path string, resp *http.Response, body []byte) *APIError {
	eb := decodeErrorBody(body)
	e := &APIError{
		Method:                      method,
		Path:                        path,
		StatusCode:                  resp.StatusCode,
		ErrorCode:                   eb.ErrorCode,
		ErrorMsg:                    eb.ErrorMsg,
		RequestID:                   cmp.Or(eb.RequestID, responseRequestID(resp)),
		EncodedAuthorizationMessage: eb.EncodedAuthorizationMessage,
	}
	if e.ErrorCode == "" && e.ErrorMsg == "" {
		e.Body = snippet(body, resp.Header.Get("Content-Type"))
	}
	return e
}

// responseRequestID is the ID the service gave the request: IAM names it
// X-IAM-Trace-Id.
func responseRequestID(resp *http.Response) string {
	return cmp.Or(resp.Header.Get("X-Request-Id"), resp.Header.Get("X-IAM-Trace-Id"))
}

// snippet makes the start of an unexpected body fit for one line of a
// diagnostic.
func snippet(body []byte, contentType string) string {
	const limit = 200
	text := strings.Join(strings.FieldsFunc(string(body), unicode.IsSpace), " ")
	text = strings.ToValidUTF8(text, "?")
	if len(text) > limit {
		// Cut on a rune boundary: diagnostics must stay valid UTF-8.
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	if text == "" {
		text = "(empty)"
	}
	if contentType != "" {
		text = "[" + strings.ToValidUTF8(contentType, "?") + "] " + text
	}
	return text
}
