package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const (
	testAK    = "AKCMDTEST"
	testSK    = "sk-cmd-test-secret"
	testToken = "cmd-session-token"
	testList  = "/v1/instances/ins-1/application-instances/app-ins-1/profiles"
	testSeed  = `{"instances":[{"instance_id":"ins-1","application_instances":[{"application_instance_id":"app-ins-1","profiles":[{"profile_id":"p-1"},{"profile_id":"p-2","name":"Two"}]}]}]}`
)

// lockedBuffer collects what the server logs from its handler goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// clearEnv keeps the developer's own credentials out of the tests.
func clearEnv(t *testing.T) {
	t.Setenv("HW_ACCESS_KEY", "")
	t.Setenv("HW_SECRET_KEY", "")
	t.Setenv("HW_SECURITY_TOKEN", "")
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type running struct {
	url    string
	stderr *lockedBuffer
	stop   func() error
}

// start runs the command until the test ends or stop is called, and returns
// the URL from its first line of output.
func start(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	outR, outW := io.Pipe()
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, outW, stderr)
		outW.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("reading the first line: %v (run: %v, stderr: %s)", err, <-done, stderr)
	}
	m := regexp.MustCompile(`^listening on (http://127\.0\.0\.1:[1-9][0-9]*)\n$`).FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("first line = %q, want \"listening on http://127.0.0.1:PORT\"", line)
	}
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			runErr = <-done
			outR.Close()
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return &running{url: m[1], stderr: stderr, stop: stop}
}

// get sends a request, signed when creds is not nil, naming the default
// account as the provider and the official SDK do.
func get(t *testing.T, url string, creds *signer.Credentials) (int, string) {
	t.Helper()
	return getAs(t, url, creds, mockapi.DefaultDomainID)
}

// getAs is get naming the account domainID; "" sends no X-Domain-Id.
func getAs(t *testing.T, url string, creds *signer.Credentials, domainID string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if creds != nil {
		if domainID != "" {
			req.Header.Set(signer.HeaderDomainID, domainID)
		}
		if err := signer.Sign(req, nil, *creds, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

func TestRunServesSignedRequests(t *testing.T) {
	clearEnv(t)
	r := start(t, "-listen", "127.0.0.1:0", "-access-key", testAK, "-secret-key", testSK, "-seed", writeFile(t, testSeed))

	status, body := get(t, r.url+testList, &signer.Credentials{AccessKey: testAK, SecretKey: testSK})
	want := `{"application_profiles":[{"name":"Default","status":"ENABLED","profile_id":"p-1"},{"name":"Two","status":"ENABLED","profile_id":"p-2"}]}`
	if status != http.StatusOK || body != want {
		t.Errorf("signed list: %d %s, want 200 %s", status, body, want)
	}
	if status, body := get(t, r.url+testList, nil); status != http.StatusUnauthorized || !strings.Contains(body, "APIGW.0301") {
		t.Errorf("unsigned list: %d %s, want 401 APIGW.0301", status, body)
	}
	if status, body := get(t, r.url+"/_mock/stats", nil); status != http.StatusOK || !strings.Contains(body, `"total": 2`) {
		t.Errorf("stats: %d %s", status, body)
	}

	if err := r.stop(); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	log := r.stderr.String()
	for _, want := range []string{"GET " + testList + " 200 ", "GET " + testList + " 401 ", "GET /_mock/stats 200 "} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if n := strings.Count(log, "\n"); n != 3 {
		t.Errorf("log has %d lines, want 3:\n%s", n, log)
	}
	for _, secret := range []string{testSK, "Signature", "SDK-HMAC-SHA256", "Authorization"} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains %q:\n%s", secret, log)
		}
	}
}

func TestRunEnvironmentAndToken(t *testing.T) {
	clearEnv(t)
	t.Setenv("HW_ACCESS_KEY", testAK)
	t.Setenv("HW_SECRET_KEY", testSK)
	t.Setenv("HW_SECURITY_TOKEN", testToken)
	r := start(t, "-quiet")

	// Without -seed the store is empty: the instance is unknown.
	status, body := get(t, r.url+testList, &signer.Credentials{AccessKey: testAK, SecretKey: testSK, SecurityToken: testToken})
	if status != http.StatusNotFound || !strings.Contains(body, "IIC.404") {
		t.Errorf("list with token: %d %s, want 404 IIC.404", status, body)
	}
	status, body = get(t, r.url+testList, &signer.Credentials{AccessKey: testAK, SecretKey: testSK})
	if status != http.StatusUnauthorized || !strings.Contains(body, "security token") {
		t.Errorf("list without token: %d %s, want 401 about the token", status, body)
	}
	if err := r.stop(); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if log := r.stderr.String(); log != "" {
		t.Errorf("-quiet logged:\n%s", log)
	}
}

func TestRunFlagsOverrideEnvironment(t *testing.T) {
	clearEnv(t)
	t.Setenv("HW_ACCESS_KEY", "AKFROMENV")
	t.Setenv("HW_SECRET_KEY", "sk-from-env")
	r := start(t, "-quiet", "-access-key", testAK, "-secret-key", testSK)
	if status, body := get(t, r.url+testList, &signer.Credentials{AccessKey: testAK, SecretKey: testSK}); status != http.StatusNotFound {
		t.Errorf("flag credentials: %d %s, want 404 (authenticated, empty store)", status, body)
	}
	if status, body := get(t, r.url+testList, &signer.Credentials{AccessKey: "AKFROMENV", SecretKey: "sk-from-env"}); status != http.StatusUnauthorized {
		t.Errorf("environment credentials: %d %s, want 401", status, body)
	}
}

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		want     string
	}{
		{"no keys", nil, nil, 2, "access key and a secret key are required"},
		{"no secret", map[string]string{"HW_ACCESS_KEY": testAK}, nil, 2, "secret key"},
		{"no access key", nil, []string{"-secret-key", testSK}, 2, "access key"},
		{"unknown flag", nil, []string{"-nope"}, 2, "flag provided but not defined"},
		{"extra argument", nil, []string{"-access-key", testAK, "-secret-key", testSK, "serve"}, 2, "unexpected arguments"},
		{"bad seed", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-seed", "SEEDFILE"}, 1, "does not start with"},
		{"missing seed", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-seed", "/nonexistent/seed.json"}, 1, "/nonexistent/seed.json"},
		{"bad listen address", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-listen", "256.0.0.1:0"}, 1, "256.0.0.1"},
		{"fail rate above 1", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-fail-rate", "1.5"}, 2, "failure rate must be between 0 and 1, got 1.5"},
		{"negative throttle rate", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-throttle-rate", "-0.1"}, 2, "throttle rate must be between 0 and 1"},
		{"NaN conflict rate", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-conflict-rate", "NaN"}, 2, "conflict rate must be between 0 and 1"},
		{"drop rate above 1", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-drop-rate", "2"}, 2, "drop rate must be between 0 and 1"},
		{"rates above 1 together", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-fail-rate", "0.6", "-throttle-rate", "0.6"}, 2, "must not exceed 1"},
		{"negative retry-after", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-retry-after", "-1s"}, 2, "retry-after must not be negative"},
		{"negative latency", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-latency", "-5ms"}, 2, "latency must not be negative"},
		{"latency without unit", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-latency", "200"}, 2, "invalid value \"200\" for flag -latency"},
		{"negative page size cap", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-page-size-cap", "-1"}, 2, "invalid -page-size-cap -1"},
		{"rate not a number", nil, []string{"-access-key", testAK, "-secret-key", testSK, "-fail-rate", "often"}, 2, "invalid value \"often\" for flag -fail-rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			seed := writeFile(t, `{"instances":[{"instance_id":"i","application_instances":[{"application_instance_id":"bad"}]}]}`)
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "SEEDFILE", seed)
			}
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), args, &stdout, &stderr)
			if err == nil {
				t.Fatal("run succeeded")
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing before listening", stdout.String())
			}
			var msg bytes.Buffer
			if code := exitCode(err, &msg); code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (err %v)", code, tt.wantCode, err)
			}
			if !strings.Contains(msg.String()+stderr.String(), tt.want) {
				t.Errorf("output %q, stderr %q; want %q", msg.String(), stderr.String(), tt.want)
			}
			if strings.Contains(msg.String()+stderr.String(), testSK) {
				t.Error("the secret key was printed")
			}
		})
	}
}

func TestHelpDoesNotPrintSecrets(t *testing.T) {
	clearEnv(t)
	t.Setenv("HW_SECRET_KEY", testSK)
	t.Setenv("HW_SECURITY_TOKEN", testToken)
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"-h"}, &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h = %v, want flag.ErrHelp", err)
	}
	if code := exitCode(err, io.Discard); code != 0 {
		t.Errorf("exit code for -h = %d, want 0", code)
	}
	if !strings.Contains(stderr.String(), "-seed") {
		t.Errorf("usage lacks -seed:\n%s", stderr.String())
	}
	for _, secret := range []string{testSK, testToken} {
		if strings.Contains(stderr.String(), secret) {
			t.Errorf("usage shows %q", secret)
		}
	}
}

// The account comes from the flags, over the seed file's; IAM lists it
// without X-Domain-Id, and Identity Center wants it.
func TestRunServesTheAccount(t *testing.T) {
	clearEnv(t)
	seed := `{"domain_id":"seed-domain","domain_name":"seed-name",` + strings.TrimPrefix(testSeed, "{")
	r := start(t, "-quiet", "-access-key", testAK, "-secret-key", testSK, "-seed", writeFile(t, seed),
		"-domain-id", "flag-domain", "-domain-name", "flag-name")
	creds := &signer.Credentials{AccessKey: testAK, SecretKey: testSK}

	if status, body := getAs(t, r.url+"/v3/auth/domains", creds, ""); status != http.StatusOK ||
		body != `{"domains":[{"id":"flag-domain","name":"flag-name"}]}` {
		t.Errorf("IAM lookup: %d %s, want the account of the flags", status, body)
	}
	if status, body := getAs(t, r.url+testList, creds, "flag-domain"); status != http.StatusOK {
		t.Errorf("list naming the account: %d %s, want 200", status, body)
	}
	if status, body := getAs(t, r.url+testList, creds, "seed-domain"); status != http.StatusUnauthorized ||
		!strings.Contains(body, `X-Domain-Id \"seed-domain\" is not the account`) {
		t.Errorf("list naming another account: %d %s, want 401 saying so", status, body)
	}
}

func TestRunInjectsFaults(t *testing.T) {
	clearEnv(t)
	r := start(t, "-quiet", "-access-key", testAK, "-secret-key", testSK, "-seed", writeFile(t, testSeed),
		"-throttle-rate", "1", "-retry-after", "2s", "-latency", "1ms", "-fault-seed", "7")
	creds := &signer.Credentials{AccessKey: testAK, SecretKey: testSK}

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, r.url+testList, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(signer.HeaderDomainID, mockapi.DefaultDomainID)
	if err := signer.Sign(req, nil, *creds, time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), `"error_code":"APIGW.0308"`) {
		t.Errorf("signed list: %d %s, want 429 APIGW.0308", res.StatusCode, body)
	}
	if got := res.Header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2", got)
	}
	// Authentication comes first, and the admin routes are spared.
	if status, body := get(t, r.url+testList, nil); status != http.StatusUnauthorized {
		t.Errorf("unsigned list: %d %s, want 401", status, body)
	}
	if status, body := get(t, r.url+"/_mock/stats", nil); status != http.StatusOK || !strings.Contains(body, `"throttles": 1`) {
		t.Errorf("stats: %d %s, want one throttle counted", status, body)
	}
}
