package identitycenter

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDecodeProfiles(f *testing.F) {
	f.Add([]byte(`{"application_profiles":[{"name":"Default","status":"ENABLED","profile_id":"p-dc6434b56c4e5221"}]}`))
	f.Add([]byte(`{"applicationProfiles":[{"profile_id":"p-1"},{"profile_id":"p-2","name":"x"}]}`))
	f.Add([]byte(`{"application_profiles":[]}`))
	f.Add([]byte(`{"application_profiles":null}`))
	f.Add([]byte(`{"application_profiles":null,"applicationProfiles":[{"profile_id":"p-1"}]}`))
	f.Add([]byte(`{"application_profiles":[null]}`))
	f.Add([]byte(`{"application_profiles":[{"profile_id":""}]}`))
	f.Add([]byte(`{"application_profiles":[{"profile_id":1}]}`))
	f.Add([]byte(`{"application_profiles":{}}`))
	f.Add([]byte(`{"APPLICATION_PROFILES":[{"profile_id":"p-1"}]}`))
	f.Add([]byte(`{"application_profiles":[{"profile_id":"p-\u0000\ud800"}]}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"application_profiles":[{"profile_id":"p-1"`))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte(nil))
	f.Add([]byte(`{"application_profiles":[{"profile_id":"p-1","name":"x"}],"application_profiles":[{"profile_id":"p-2"}]}`))
	f.Add([]byte(`{"Application_Profiles":[{"profile_id":"p-1"}],"applicationprofiles":null,"x":[1,{}]} `))
	f.Add([]byte(`{"application_profiles":[{"profile_id":"p-1"}]} {}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		profiles, err := DecodeProfiles(body)
		if err != nil {
			if profiles != nil {
				t.Errorf("profiles %#v returned with error %v", profiles, err)
			}
			if err.Error() == "" {
				t.Error("empty error message")
			}
			return
		}
		if profiles == nil {
			t.Fatalf("nil slice without an error for %q", body)
		}
		for i, p := range profiles {
			if p.ProfileID == "" {
				t.Errorf("profile %d has no ID in %q", i, body)
			}
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	f.Add(403, "application/json", []byte(`{"error_code":"IIC.1000","error_msg":"no","request_id":"r","encoded_authorization_message":"e"}`), "")
	f.Add(401, "application/json", []byte(`{"error":{"code":"APIGW.0301","message":"bad signature"}}`), "hdr-id")
	f.Add(404, "application/json", []byte(`{"error_code":"IIC.404","error_msg":"not fou`), "")
	f.Add(502, "text/html", []byte("<html>\n<body>"+strings.Repeat("bad gateway ", 100)+"</body></html>"), "")
	f.Add(500, "", []byte(nil), "")
	f.Add(503, "text/plain; charset=utf-8", []byte(strings.Repeat("网关错误", 80)), "")
	f.Add(418, "text/plain", []byte(strings.Repeat("x", 199)+"é€😀"), "")
	f.Add(409, "application/json", []byte(`{"error_code":5}`), "")
	f.Add(400, "application/json", []byte(`{"error":null,"error_code":"","error_msg":""}`), "id")
	f.Add(0, "\xff", []byte("\xff\xfe\x00\x1b[31m"), "\xc3")
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte, requestID string) {
		if !deliverable(contentType) || !deliverable(requestID) {
			t.Skip("net/http does not deliver such a header value")
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		if contentType != "" {
			resp.Header.Set("Content-Type", contentType)
		}
		if requestID != "" {
			resp.Header.Set("X-Request-Id", requestID)
		}
		e := decodeError(http.MethodGet, "/v1/x", resp, body)
		if e == nil {
			t.Fatal("nil APIError")
		}
		if e.StatusCode != status {
			t.Errorf("StatusCode = %d, want %d", e.StatusCode, status)
		}
		if e.Error() == "" {
			t.Error("empty Error()")
		}
		if e.ErrorCode == "" && e.ErrorMsg == "" && e.Body == "" {
			t.Error("neither an error code, a message nor a body snippet: nothing to show the user")
		}
		if e.Body == "" {
			return
		}
		if limit := maxSnippet + len(contentType) + len("[] "); len(e.Body) > limit {
			t.Errorf("Body is %d bytes, want at most %d", len(e.Body), limit)
		}
		if strings.ContainsAny(e.Body, "\r\n") {
			t.Errorf("Body is not one line: %q", e.Body)
		}
		if !utf8.ValidString(e.Body) {
			t.Errorf("Body is not valid UTF-8: %q", e.Body)
		}
		if contentType != "" && utf8.ValidString(contentType) && !strings.Contains(e.Body, contentType) {
			t.Errorf("Body %q does not mention the content type %q", e.Body, contentType)
		}
	})
}

// deliverable reports whether v could arrive as a header value: no control
// characters other than tab.
func deliverable(v string) bool {
	for i := range len(v) {
		if c := v[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
