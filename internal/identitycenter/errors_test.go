package identitycenter

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxSnippet is the bound the diagnostics rely on: about 250 bytes of body,
// plus the content type in brackets.
const maxSnippet = 250

func listErr(t *testing.T, respond respondFunc) (*APIError, *apiServer, error) {
	t.Helper()
	srv := newAPIServer(t, respond)
	_, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp)
	if err == nil {
		t.Fatal("ListProfiles succeeded, want an error")
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T %v is not an *APIError", err, err)
	}
	return apiErr, srv, err
}

func TestAPIErrorForbiddenHasEveryField(t *testing.T) {
	apiErr, _, err := listErr(t, fixed(http.StatusForbidden, `{
		"error_code": "IIC.1000",
		"error_msg": "no permission to list profiles",
		"request_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
		"encoded_authorization_message": "ENC-abc123=="}`))
	want := APIError{
		Method:                      http.MethodGet,
		Path:                        listPath,
		StatusCode:                  http.StatusForbidden,
		ErrorCode:                   "IIC.1000",
		ErrorMsg:                    "no permission to list profiles",
		RequestID:                   "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
		EncodedAuthorizationMessage: "ENC-abc123==",
	}
	if *apiErr != want {
		t.Errorf("APIError = %#v\nwant %#v", *apiErr, want)
	}
	msg := err.Error()
	for _, part := range []string{"GET", listPath, "403", "IIC.1000", "no permission to list profiles",
		"0f1e2d3c4b5a69788796a5b4c3d2e1f0", "ENC-abc123=="} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() = %q does not contain %q", msg, part)
		}
	}
	if IsNotFound(err) {
		t.Error("IsNotFound is true for a 403")
	}
}

func TestAPIErrorRequestIDFromHeader(t *testing.T) {
	apiErr, _, _ := listErr(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Request-Id", "hdr-request-id")
		writeJSON(w, http.StatusBadRequest, `{"error_code":"IIC.400","error_msg":"bad request"}`)
	})
	if apiErr.RequestID != "hdr-request-id" {
		t.Errorf("RequestID = %q, want the X-Request-Id header", apiErr.RequestID)
	}

	// The body's own request_id is the more specific one.
	apiErr, _, _ = listErr(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("X-Request-Id", "hdr-request-id")
		writeJSON(w, http.StatusBadRequest, `{"error_code":"IIC.400","error_msg":"bad","request_id":"body-id"}`)
	})
	if apiErr.RequestID != "body-id" {
		t.Errorf("RequestID = %q, want body-id", apiErr.RequestID)
	}
}

func TestAPIErrorNestedForm(t *testing.T) {
	apiErr, _, err := listErr(t, fixed(http.StatusUnauthorized,
		`{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information: verify aksk signature fail","request_id":"nested-id"}}`))
	if apiErr.StatusCode != http.StatusUnauthorized || apiErr.ErrorCode != "APIGW.0301" ||
		!strings.Contains(apiErr.ErrorMsg, "verify aksk signature fail") || apiErr.RequestID != "nested-id" {
		t.Errorf("APIError = %#v", *apiErr)
	}
	if apiErr.Body != "" {
		t.Errorf("Body = %q for a JSON error, want empty", apiErr.Body)
	}
	if !strings.Contains(err.Error(), "APIGW.0301") {
		t.Errorf("Error() = %q", err)
	}
}

// IAM's Keystone-style errors carry a numeric code.
func TestAPIErrorNestedNumericCode(t *testing.T) {
	apiErr, _, _ := listErr(t, fixed(http.StatusUnauthorized,
		`{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`))
	if apiErr.ErrorCode != "401" || apiErr.ErrorMsg != "The request you have made requires authentication." || apiErr.Body != "" {
		t.Errorf("APIError = %#v", *apiErr)
	}
}

func TestAPIErrorNotJSON(t *testing.T) {
	long := strings.Repeat("lorem ipsum dolor sit amet ", 400)
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantInBody  string
	}{
		{"html page", http.StatusBadGateway, "text/html",
			"<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\n\t" + long + "</body>\n</html>\n", "<title>502 Bad Gateway</title>"},
		{"truncated json", http.StatusNotFound, "application/json",
			`{"error_code":"IIC.404","error_msg":"not fou`, `{"error_code":"IIC.404"`},
		{"empty body", http.StatusForbidden, "text/plain", "", "(empty)"},
		{"json without error fields", http.StatusNotFound, "application/json", `{"message":"no route"}`, `no route`},
		{"multibyte text", http.StatusBadGateway, "text/plain; charset=utf-8", strings.Repeat("网关错误", 100), "网关错误"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apiErr, srv, err := listErr(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			if apiErr.StatusCode != tt.status {
				t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, tt.status)
			}
			if apiErr.ErrorCode != "" || apiErr.ErrorMsg != "" {
				t.Errorf("code/msg = %q/%q from a body that is not a JSON error", apiErr.ErrorCode, apiErr.ErrorMsg)
			}
			checkSnippet(t, apiErr.Body, tt.contentType)
			if !strings.Contains(apiErr.Body, tt.wantInBody) {
				t.Errorf("Body %q does not contain %q", apiErr.Body, tt.wantInBody)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n\t") {
				t.Errorf("Error() is not one line: %q", msg)
			}
			if !strings.Contains(msg, "not a JSON error") || !strings.Contains(msg, fmt.Sprint(tt.status)) {
				t.Errorf("Error() = %q", msg)
			}
			if len(msg) > 600 {
				t.Errorf("Error() is %d bytes long", len(msg))
			}
			if IsNotFound(err) {
				t.Error("IsNotFound is true for an answer that is not a JSON error")
			}
			// None of these are worth another attempt.
			if tt.status != http.StatusBadGateway && srv.count() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.count())
			}
		})
	}
}

func checkSnippet(t *testing.T, body, contentType string) {
	t.Helper()
	if body == "" {
		t.Fatal("Body is empty")
	}
	if len(body) > maxSnippet+len(contentType)+3 {
		t.Errorf("Body is %d bytes, want at most %d: %q", len(body), maxSnippet+len(contentType)+3, body)
	}
	if contentType != "" && !strings.Contains(body, contentType) {
		t.Errorf("Body %q does not mention the content type %q", body, contentType)
	}
	if strings.ContainsAny(body, "\r\n\t\v\f") {
		t.Errorf("Body is not one line: %q", body)
	}
	// Diagnostics travel to Terraform in protobuf strings, which must be UTF-8.
	if !utf8.ValidString(body) {
		t.Errorf("Body is not valid UTF-8: %q", body)
	}
}

func TestSnippet(t *testing.T) {
	if got := snippet([]byte("  a \n\t b  "), ""); got != "a b" {
		t.Errorf("snippet = %q, want %q", got, "a b")
	}
	if got := snippet(nil, "text/html"); got != "[text/html] (empty)" {
		t.Errorf("snippet = %q", got)
	}
	if got := snippet([]byte("ok\xffok"), ""); got != "ok?ok" {
		t.Errorf("snippet = %q, want invalid bytes replaced", got)
	}
	// A multi-byte rune straddling the cut must not be split in half.
	for pad := range 4 {
		body := strings.Repeat("x", 198+pad) + strings.Repeat("é€😀", 50)
		got := snippet([]byte(body), "text/plain")
		checkSnippet(t, got, "text/plain")
	}
}

func TestIsNotFound(t *testing.T) {
	notFound := &APIError{Method: "DELETE", Path: "/p", StatusCode: 404, ErrorCode: "IIC.404", ErrorMsg: "not found"}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"404 IIC.404", notFound, true},
		{"404 legacy prefix", &APIError{StatusCode: 404, ErrorCode: "IdentityCenter.404"}, true},
		{"wrapped once", fmt.Errorf("deleting: %w", notFound), true},
		{"wrapped twice", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", notFound)), true},
		{"joined", errors.Join(errors.New("other"), notFound), true},
		{"404 from the gateway", &APIError{StatusCode: 404, ErrorCode: "APIGW.0101", ErrorMsg: "The API does not exist"}, false},
		{"404 html", &APIError{StatusCode: 404, Body: "[text/html] <html>Not Found</html>"}, false},
		{"404 from another gateway", &APIError{StatusCode: 404, ErrorCode: "APIG.0101", ErrorMsg: "not found"}, false},
		{"404 with a message only", &APIError{StatusCode: 404, ErrorMsg: "no route"}, false},
		{"403", &APIError{StatusCode: 403, ErrorCode: "IIC.1000"}, false},
		{"410", &APIError{StatusCode: 410, ErrorCode: "IIC.404"}, false},
		{"transport error", &TransportError{Method: "GET", URL: "http://x", Err: errors.New("connection refused")}, false},
		{"IAM's answer in an account lookup", &DomainLookupError{IAMEndpoint: "https://iam", Err: notFound}, false},
		{"STS's answer after an empty account list", &DomainLookupError{IAMEndpoint: "https://iam",
			Err: &NoDomainError{STSEndpoint: "https://sts", STSErr: notFound}}, false},
		{"IAM's answer for temporary keys", &CredentialError{Source: SourceAssumeRole, Err: notFound}, false},
		{"plain error", errors.New("404 not found"), false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		if got := IsNotFound(tt.err); got != tt.want {
			t.Errorf("%s: IsNotFound = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A finder's "not found" tells a list that lacks the object from an API
// that does not know the application instance that would hold it.
func TestIsContainerNotFound(t *testing.T) {
	notFound := &APIError{Method: "GET", Path: "/p", StatusCode: 404, ErrorCode: "IIC.404", ErrorMsg: "not found"}
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"the API's answer", &NotFoundError{Object: "profile p-1", Err: notFound}, true},
		{"wrapped", fmt.Errorf("reading: %w", &NotFoundError{Object: "profile p-1", Err: notFound}), true},
		{"absent from the list", &NotFoundError{Object: "profile p-1"}, false},
		{"a bare 404", notFound, false},
		{"nil", nil, false},
	} {
		if got := IsContainerNotFound(tt.err); got != tt.want {
			t.Errorf("%s: IsContainerNotFound = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIsNotFoundEndToEnd(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        bool
	}{
		{"IIC.404", 404, "application/json", `{"error_code":"IIC.404","error_msg":"instance not found"}`, true},
		{"APIGW.0101", 404, "application/json", `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published"}`, false},
		{"html 404", 404, "text/html", `<html><body><h1>404 Not Found</h1></body></html>`, false},
		{"403", 403, "application/json", `{"error_code":"IIC.1000","error_msg":"forbidden"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := listErr(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			if got := IsNotFound(err); got != tt.want {
				t.Errorf("IsNotFound(%v) = %v, want %v", err, got, tt.want)
			}
			if got := IsNotFound(fmt.Errorf("reading profiles: %w", err)); got != tt.want {
				t.Errorf("IsNotFound through wrapping = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAPIErrorMessageShape(t *testing.T) {
	e := &APIError{Method: "GET", Path: "/v1/x", StatusCode: 500}
	if got, want := e.Error(), "GET /v1/x: HTTP 500"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &APIError{Method: "DELETE", Path: "/v1/x", StatusCode: 409, ErrorCode: "IIC.1007", ErrorMsg: "data modification failed", RequestID: "r1"}
	if got, want := e.Error(), "DELETE /v1/x: HTTP 409 IIC.1007: data modification failed (request_id r1)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
