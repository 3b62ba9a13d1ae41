package identitycenter

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Temporary credentials from IAM, as the official SDK obtains them
// (core/auth/internal/iam_helper.go, federal_accessor.go):
//
//	POST {iam}/v3.0/OS-CREDENTIAL/securitytokens   assume_role, signed with the base keys
//	POST {iam}/v3.0/OS-AUTH/id-token/tokens         X-Idp-Id, unsigned; the subject token comes back in X-Subject-Token
//	POST {iam}/v3.0/OS-CREDENTIAL/securitytokens   token (the subject token), unsigned
//
// Both securitytokens methods answer {"credential":{"access","secret",
// "securitytoken","expires_at"}}.

var (
	securityTokensSegments = []string{"v3.0", "OS-CREDENTIAL", "securitytokens"}
	idTokenSegments        = []string{"v3.0", "OS-AUTH", "id-token", "tokens"}
)

// AssumeRoleConfig assumes an agency with the base credentials.
type AssumeRoleConfig struct {
	AgencyName string
	// DomainName or DomainID names the account the agency is in; DomainID
	// wins when both are set.
	DomainName, DomainID string
	// DurationSeconds is the lifetime asked for.
	DurationSeconds int
}

// OIDCConfig federates an OIDC ID token: the token itself, or a file that
// holds it, read again at each refresh, as CI systems renew it there.
type OIDCConfig struct {
	IdpID           string
	IDToken         string
	IDTokenFile     string
	DurationSeconds int
}

// iamCaller sends the JSON calls of the credential flows to IAM.
type iamCaller struct {
	endpoint *url.URL
	http     *retryablehttp.Client
}

// call posts body to segments and decodes a 2xx answer into out. secrets
// are masked in what is logged. It returns the answer's headers, or an
// *APIError or *TransportError.
func (c *iamCaller) call(ctx context.Context, header http.Header, body, out any, secrets []string, segments ...string) (http.Header, error) {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	u := apiURL(c.endpoint, segments...)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, u.String(), payload)
	if err != nil {
		return nil, fmt.Errorf("building the request: %w", err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	// The SDK's content type, which the signer signs the body of.
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, &TransportError{Method: http.MethodPost, URL: u.Redacted(), Err: err}
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, &TransportError{Method: http.MethodPost, URL: u.Redacted(), Err: fmt.Errorf("reading the answer: %w", err)}
	}
	requestID := responseRequestID(resp)
	tflog.Debug(ctx, "IAM credential call", map[string]any{
		"host": u.Host, "path": u.Path, "status": resp.StatusCode, "request_id": requestID,
	})
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, decodeError(http.MethodPost, u.Path, resp, answer)
	}
	if err := json.Unmarshal(answer, out); err != nil {
		return nil, fmt.Errorf("the answer to POST %s is not what IAM sends (request_id %s): %w", u.Path, requestID, err)
	}
	return resp.Header, nil
}

// credentialAnswer is IAM's and the metadata service's answer. Like the
// SDK, it also takes the names accessKeyId, secretAccessKey, securityToken
// and expiration.
type credentialAnswer struct {
	Credential *struct {
		Access          string `json:"access"`
		AccessKeyID     string `json:"accessKeyId"`
		Secret          string `json:"secret"`
		SecretAccessKey string `json:"secretAccessKey"`
		SecurityToken   string `json:"securitytoken"`
		SecurityToken2  string `json:"securityToken"`
		ExpiresAt       string `json:"expires_at"`
		Expiration      string `json:"expiration"`
	} `json:"credential"`
}

// credentials checks the answer and reads expires_at, UTC with or without
// fractional seconds, as the SDK reads it.
func (a credentialAnswer) credentials() (Credentials, error) {
	c := a.Credential
	if c == nil {
		return Credentials{}, errors.New("the answer has no credential")
	}
	var creds Credentials
	creds.AccessKey, creds.SecretKey = cmp.Or(c.Access, c.AccessKeyID), cmp.Or(c.Secret, c.SecretAccessKey)
	creds.SecurityToken = cmp.Or(c.SecurityToken, c.SecurityToken2)
	expiresAt := cmp.Or(c.ExpiresAt, c.Expiration)
	if creds.AccessKey == "" || creds.SecretKey == "" || creds.SecurityToken == "" || expiresAt == "" {
		return Credentials{}, errors.New("the answer lacks credential.access, secret, securitytoken or expires_at")
	}
	expires, err := time.ParseInLocation("2006-01-02T15:04:05Z", expiresAt, time.UTC)
	if err != nil {
		return Credentials{}, fmt.Errorf("credential.expires_at %q is not a UTC time: %w", expiresAt, err)
	}
	creds.Expires = expires
	return creds, nil
}

// assumeRoleSource assumes an agency with the keys of base.
type assumeRoleSource struct {
	cfg  AssumeRoleConfig
	base *credentialCache
	iam  *iamCaller // signs with base
}

func (s *assumeRoleSource) Identity() string {
	return "assume_role " + s.iam.endpoint.String() + " " + s.base.source.Identity() + " " +
		s.cfg.DomainID + s.cfg.DomainName + "/" + s.cfg.AgencyName
}

func (s *assumeRoleSource) Retrieve(ctx context.Context) (Credentials, error) {
	// A failure of the base credentials is theirs to report.
	if _, err := s.base.get(ctx); err != nil {
		return Credentials{}, err
	}
	role := map[string]any{"agency_name": s.cfg.AgencyName, "duration_seconds": s.cfg.DurationSeconds}
	if s.cfg.DomainID != "" {
		role["domain_id"] = s.cfg.DomainID
	} else {
		role["domain_name"] = s.cfg.DomainName
	}
	body := map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"assume_role"}, "assume_role": role,
	}}}
	var answer credentialAnswer
	if _, err := s.iam.call(ctx, nil, body, &answer, nil, securityTokensSegments...); err != nil {
		return Credentials{}, s.fail(err)
	}
	creds, err := answer.credentials()
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	return creds, nil
}

func (s *assumeRoleSource) fail(err error) error {
	return &CredentialError{Source: SourceAssumeRole, Endpoint: s.iam.endpoint.Redacted(), Err: err}
}

// oidcSource federates an OIDC ID token, unsigned, as the SDK does.
type oidcSource struct {
	cfg OIDCConfig
	iam *iamCaller // unsigned
}

func (s *oidcSource) Identity() string {
	return "oidc " + s.iam.endpoint.String() + " " + s.cfg.IdpID
}

func (s *oidcSource) Retrieve(ctx context.Context) (Credentials, error) {
	idToken, err := s.idToken()
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	header := http.Header{"X-Idp-Id": {s.cfg.IdpID}}
	body := map[string]any{"auth": map[string]any{"id_token": map[string]string{"id": idToken}}}
	var token struct {
		Token *struct {
			ExpiresAt string `json:"expires_at"`
		} `json:"token"`
	}
	answerHeader, err := s.iam.call(ctx, header, body, &token, []string{idToken}, idTokenSegments...)
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	subject := answerHeader.Get("X-Subject-Token")
	if subject == "" {
		return Credentials{}, s.fail(errors.New("IAM accepted the ID token but sent no X-Subject-Token"))
	}
	body = map[string]any{"auth": map[string]any{"identity": map[string]any{
		"methods": []string{"token"},
		"token":   map[string]any{"id": subject, "duration_seconds": s.cfg.DurationSeconds},
	}}}
	var answer credentialAnswer
	if _, err := s.iam.call(ctx, nil, body, &answer, []string{idToken, subject}, securityTokensSegments...); err != nil {
		return Credentials{}, s.fail(err)
	}
	creds, err := answer.credentials()
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	return creds, nil
}

// idToken is the configured token, or the content of the token file now.
func (s *oidcSource) idToken() (string, error) {
	if s.cfg.IDTokenFile == "" {
		return s.cfg.IDToken, nil
	}
	b, err := os.ReadFile(s.cfg.IDTokenFile)
	if err != nil {
		return "", fmt.Errorf("reading the ID token file: %w", err)
	}
	token := strings.TrimSpace(string(b))
	if token == "" {
		return "", fmt.Errorf("the ID token file %s is empty", s.cfg.IDTokenFile)
	}
	return token, nil
}

func (s *oidcSource) fail(err error) error {
	return &CredentialError{Source: SourceOIDC, Endpoint: s.iam.endpoint.Redacted(), Err: err}
}

// Metadata service of an ECS server (the SDK's
// core/auth/internal/metadata_accessor.go).
const (
	metadataTokenPath       = "/meta-data/latest/api/token"
	metadataSecurityKeyPath = "/openstack/latest/securitykey"
	metadataTokenTTLSeconds = "21600"
	// MetadataTimeout is how long the metadata service has to answer: a
	// machine that is not an ECS server gets its "missing credentials"
	// error without a long wait.
	MetadataTimeout = time.Second
)

// metadataSource reads the temporary keys of the server's agency.
type metadataSource struct {
	endpoint *url.URL
	http     *http.Client
}

func (s *metadataSource) Identity() string { return "metadata " + s.endpoint.String() }

func (s *metadataSource) Retrieve(ctx context.Context) (Credentials, error) {
	// A token where the service asks for one; a service that does not know
	// the token call (404, 405, 503) serves keys without it.
	status, tokenBody, err := s.do(ctx, http.MethodPut, metadataTokenPath, http.Header{"X-Metadata-Token-Ttl-Seconds": {metadataTokenTTLSeconds}})
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	header := http.Header{}
	switch status {
	case http.StatusOK:
		header.Set("X-Metadata-Token", strings.TrimSpace(string(tokenBody)))
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusServiceUnavailable:
	default:
		return Credentials{}, s.fail(s.answerError(http.MethodPut, metadataTokenPath, status, tokenBody))
	}
	status, body, err := s.do(ctx, http.MethodGet, metadataSecurityKeyPath, header)
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	if status != http.StatusOK {
		return Credentials{}, s.fail(s.answerError(http.MethodGet, metadataSecurityKeyPath, status, body))
	}
	var answer credentialAnswer
	if err := json.Unmarshal(body, &answer); err != nil {
		return Credentials{}, s.fail(fmt.Errorf("the answer is not a credential: %w", err))
	}
	creds, err := answer.credentials()
	if err != nil {
		return Credentials{}, s.fail(err)
	}
	return creds, nil
}

func (s *metadataSource) do(ctx context.Context, method, path string, header http.Header) (int, []byte, error) {
	u := *s.endpoint
	u.Path += path
	req, err := http.NewRequestWithContext(ctx, method, u.String(), http.NoBody)
	if err != nil {
		return 0, nil, err
	}
	req.Header = header
	resp, err := s.http.Do(req)
	if err != nil {
		return 0, nil, &TransportError{Method: method, URL: u.Redacted(), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, nil, &TransportError{Method: method, URL: u.Redacted(), Err: err}
	}
	return resp.StatusCode, body, nil
}

func (s *metadataSource) answerError(method, path string, status int, body []byte) *APIError {
	return &APIError{Method: method, Path: path, StatusCode: status, Body: snippet(bytes.TrimSpace(body), "")}
}

func (s *metadataSource) fail(err error) error {
	return &CredentialError{Source: SourceMetadata, Endpoint: s.endpoint.Redacted(), Err: err}
}
