package provider

// The provider package's shared test helpers: the test keys and mock, the
// provider and resource configurations, the protocol helpers of the
// plan-time tests, and the CLI working directories of the tests that run
// commands terraform-plugin-testing cannot.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/protocolserver"
)

// cliWorkdir runs the acceptance tests' Terraform CLI in a directory of its
// own, for what the test harness cannot do: commands it does not run, such
// as `terraform query -generate-config-out` and `terraform apply -invoke`,
// the warnings a user reads at plan time, and a saved plan applied after the
// API changed. Each command attaches to a provider served in the test
// process, as the harness serves it, and new for the command, as Terraform
// starts a new provider process for each. Where the CLI may lack a feature,
// create it after a resource.Test whose TerraformVersionChecks skip the
// test.
type cliWorkdir struct {
	t   *testing.T
	cli string
	dir string
}

// newCLIWorkdir writes files, whose configuration names the provider by
// requiredProviders or its short name, into a new directory and runs
// terraform init there.
func newCLIWorkdir(t *testing.T, files map[string]string) *cliWorkdir {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance tests skipped unless env '%s' set", resource.EnvTfAcc)
	}
	// The CLI the harness runs.
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		var err error
		if cli, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
	}
	w := &cliWorkdir{t: t, cli: cli, dir: t.TempDir()}
	for name, content := range files {
		w.write(name, content)
	}
	w.mustRun("init", "-input=false")
	return w
}

func (w *cliWorkdir) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

func (w *cliWorkdir) read(name string) string {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

// run runs the CLI with args and -no-color, and returns its output, stdout
// and stderr together, and its exit code.
func (w *cliWorkdir) run(args ...string) (string, int) {
	w.t.Helper()
	reattach, stop := serveProvider(w.t)
	defer stop()
	cmd := exec.CommandContext(w.t.Context(), w.cli, append(args, "-no-color")...) //nolint:gosec // the test's own CLI and arguments
	cmd.Dir = w.dir
	// TF_CLI_CONFIG_FILE is the empty file of TestMain.
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		w.t.Fatalf("running %s %s: %v", w.cli, strings.Join(args, " "), err)
	}
	return string(out), 0
}

// mustRun is run for a command that must succeed.
func (w *cliWorkdir) mustRun(args ...string) string {
	w.t.Helper()
	out, code := w.run(args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited with %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// expectNoChanges fails the test unless a plan of the directory is empty.
func (w *cliWorkdir) expectNoChanges() {
	w.t.Helper()
	out, code := w.run("plan", "-detailed-exitcode")
	if code != 0 {
		w.t.Fatalf("terraform plan -detailed-exitcode exited with %d, want 0 (no changes):\n%s", code, out)
	}
}

// oneLine folds the CLI's line wrapping, so that a phrase can be searched
// for whatever the terminal width.
func oneLine(out string) string {
	return strings.Join(strings.Fields(out), " ")
}

// expectSaid checks that output says every phrase, whatever the line
// wrapping.
func expectSaid(t *testing.T, output string, phrases ...string) {
	t.Helper()
	folded := oneLine(output)
	for _, p := range phrases {
		if !strings.Contains(folded, p) {
			t.Errorf("the CLI does not say %q:\n%s", p, output)
		}
	}
}

// cliDiagnostic is one diagnostic of the CLI's -json output.
type cliDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// diagnosticsOf returns the diagnostics of a -json run's output, each as the
// CLI reported it, without the folding of the human-readable view.
func diagnosticsOf(t *testing.T, jsonOutput string) []cliDiagnostic {
	t.Helper()
	var diags []cliDiagnostic
	scanner := bufio.NewScanner(strings.NewReader(jsonOutput))
	scanner.Buffer(nil, 1<<20)
	for scanner.Scan() {
		var message struct {
			Type       string        `json:"type"`
			Diagnostic cliDiagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(scanner.Bytes(), &message) == nil && message.Type == "diagnostic" {
			diags = append(diags, message.Diagnostic)
		}
	}
	return diags
}

// reattachConfig is an entry of TF_REATTACH_PROVIDERS.
type reattachConfig struct {
	Protocol        string
	ProtocolVersion int
	Pid             int
	Test            bool
	Addr            struct{ Network, String string }
}

// serveProvider serves the provider as shipped, in the test process, until
// stop is called, and returns the TF_REATTACH_PROVIDERS value that points
// the CLI at it.
func serveProvider(t *testing.T) (reattach string, stop func()) {
	t.Helper()
	server, err := testAccProtoV6ProviderFactories["identitycenter"]()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve(RegistryAddress, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t),
			tf6server.WithoutLogStderrOverride())
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	stop = func() {
		cancel()
		<-closeCh
	}
	var r reattachConfig
	select {
	case c := <-configCh:
		r = reattachConfig{Protocol: string(c.Protocol), ProtocolVersion: c.ProtocolVersion, Pid: c.Pid, Test: c.Test}
		r.Addr.Network, r.Addr.String = c.Addr.Network(), c.Addr.String()
	case <-time.After(time.Minute):
		stop()
		t.Fatal("the provider server did not start")
	}
	encoded, err := json.Marshal(map[string]reattachConfig{testProviderSource(): r})
	if err != nil {
		stop()
		t.Fatal(err)
	}
	return string(encoded), stop
}

// configureFromEnvironment points a provider block that sets nothing at
// mock, through the environment variables a user would set, with the
// account looked up from the mock's IAM.
func configureFromEnvironment(t *testing.T, mock *testMock) {
	t.Helper()
	t.Setenv(settingAccessKey.env, testAccessKey)
	t.Setenv(settingSecretKey.env, testSecretKey)
	t.Setenv(settingEndpoint.env, mock.URL)
	t.Setenv(settingIAMEndpoint.env, mock.URL)
}

// withAnswer serves mock, except that a request intercept matches is
// answered with status and the JSON body, for as long as the returned flag
// is true. It starts true.
func withAnswer(t *testing.T, mock *testMock, intercept func(*http.Request) bool, status int, body string) (*testMock, *atomic.Bool) {
	t.Helper()
	active := &atomic.Bool{}
	active.Store(true)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if active.Load() && intercept(r) {
			w.Header().Set("Content-Type", mockapi.ContentTypeJSON)
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
		mock.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return &testMock{Server: mock.Server, URL: ts.URL}, active
}

// The keys the mock API accepts in tests. The secret and the token are
// distinctive so that a leak into any output can be searched for.
const (
	testAccessKey     = "TESTACCESSKEY0000001"
	testSecretKey     = "test-secret-key-7f3a9c"
	deniedAccessKey   = "DENIEDACCESSKEY00001"
	deniedSecretKey   = "denied-secret-key-1b2c"
	testInstanceID    = "ins-0123456789abcdef"
	testApplicationID = "app-ins-00000000000000a1"
)

// testAccProtoV6ProviderFactories runs the provider in the test process,
// where Terraform reaches it over the plugin protocol.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"identitycenter": servedAsShipped(New("test")()),
}

// servedAsShipped serves p through the same server stack as main does, with
// the loggers main would keep in the test's environment at the time.
func servedAsShipped(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		loggers := protocolserver.LoggersFor(protocolserver.UnreadLoggers(false, os.Environ()))
		return protocolserver.New(providerserver.NewProtocol6(p)(), loggers), nil
	}
}

// TestMain keeps the tests hermetic: the user's provider settings and CLI
// configuration do not reach the Terraform runs.
func TestMain(m *testing.M) {
	for _, s := range settings {
		os.Unsetenv(s.env)
	}
	os.Unsetenv(envCoalescing)
	// Without credentials the provider asks the ECS metadata service: in
	// tests, a closed port, whatever machine they run on.
	os.Setenv(settingMetadataEndpoint.env, "http://127.0.0.1:1")
	// Nor do they reach the real STS when IAM lists no account.
	os.Setenv(settingSTSEndpoint.env, "http://127.0.0.1:1")
	dir, err := os.MkdirTemp("", "identitycenter-test-cli-config")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testMock is a mock Identity Center API of the test's own.
type testMock struct {
	*mockapi.Server
	URL string
}

func newTestMock(t testing.TB, seed mockapi.Seed, extra ...mockapi.Credential) *testMock {
	t.Helper()
	return newFaultyTestMock(t, mockapi.Faults{}, seed, extra...)
}

// newFaultyTestMock is newTestMock with faults injected into API calls.
func newFaultyTestMock(t testing.TB, faults mockapi.Faults, seed mockapi.Seed, extra ...mockapi.Credential) *testMock {
	t.Helper()
	creds := append([]mockapi.Credential{
		{AccessKey: testAccessKey, SecretKey: testSecretKey},
		{AccessKey: deniedAccessKey, SecretKey: deniedSecretKey, Denied: true},
	}, extra...)
	srv, err := mockapi.New(mockapi.Options{Credentials: creds, Seed: seed, Faults: faults})
	if err != nil {
		t.Fatalf("starting the mock API: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testMock{Server: srv, URL: ts.URL}
}

// providerConfig is a provider block for the mock with the test keys, and
// the provider's source address.
func (m *testMock) providerConfig() string {
	return requiredProviders() + providerBlock(m.URL, testAccessKey, testSecretKey)
}

// providerBlock configures the provider with the mock's account, as most
// tests need no lookup of it; lookupProviderBlock looks it up.
func providerBlock(endpoint, accessKey, secretKey string, extra ...string) string {
	return lookupProviderBlock(endpoint, accessKey, secretKey, append([]string{`  domain_id  = "` + mockapi.DefaultDomainID + `"`}, extra...)...)
}

// lookupProviderBlock configures the provider without domain_id, for the
// settings in extra (such as iam_endpoint) to find it.
func lookupProviderBlock(endpoint, accessKey, secretKey string, extra ...string) string {
	return fmt.Sprintf(`
provider "identitycenter" {
  endpoint   = %q
  access_key = %q
  secret_key = %q
%s
}
`, endpoint, accessKey, secretKey, strings.Join(extra, "\n"))
}

// seedOf makes a store with one application instance, testApplicationID of
// testInstanceID.
func seedOf(profiles ...mockapi.Profile) mockapi.Seed {
	return mockapi.Seed{Instances: []mockapi.Instance{{
		InstanceID: testInstanceID,
		ApplicationInstances: []mockapi.ApplicationInstance{{
			ApplicationInstanceID: testApplicationID,
			Profiles:              profiles,
		}},
	}}}
}

const listDataSource = `
data "identitycenter_application_profiles" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
}
`

// listsOneProfile checks that listDataSource read exactly the given profile.
func listsOneProfile(profileID string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.identitycenter_application_profiles.test", tfjsonpath.New("application_profiles"),
		knownvalue.ListExact([]knownvalue.Check{profileValue(profileID, "Default", "ENABLED")}))
}

// deadEndpoint is a loopback address where nothing listens.
func deadEndpoint(t *testing.T) string {
	t.Helper()
	// A closed listener's port goes back to the pool, where another test's
	// server may get it; a socket bound to the port and never listening
	// keeps it refusing connections until the test ends.
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		t.Fatalf("bound to %T", sa)
	}
	return fmt.Sprintf("http://127.0.0.1:%d", addr.Port)
}

// errorMatching matches the given phrases in order, wherever Terraform wraps
// the lines of a diagnostic.
func errorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

func profileValue(id, name, status string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"profile_id": knownvalue.StringExact(id),
		"name":       knownvalue.StringExact(name),
		"status":     knownvalue.StringExact(status),
	})
}

func profileStateID(profileID string) string {
	return testInstanceID + "/" + testApplicationID + "/" + profileID
}

func configuredServer(t testing.TB, mock *testMock) tfprotov6.ProviderServer {
	t.Helper()
	server := newTestServer(t)
	schemas := providerSchemas(t, server)
	config := objectValue(t, schemas.Provider, map[string]tftypes.Value{
		"endpoint":   tftypes.NewValue(tftypes.String, mock.URL),
		"access_key": tftypes.NewValue(tftypes.String, testAccessKey),
		"secret_key": tftypes.NewValue(tftypes.String, testSecretKey),
		"domain_id":  tftypes.NewValue(tftypes.String, mockapi.DefaultDomainID),
	})
	resp, err := server.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("configure: %s: %s", d.Summary, d.Detail)
	}
	return server
}

// objectValue builds a value of the schema's type, null where attrs has no
// entry.
func objectValue(t testing.TB, s *tfprotov6.Schema, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ := s.ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema's value type is always an object
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := attrs[name]; ok {
			values[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// onlyDiagnostic checks that diags is exactly one diagnostic of the given
// severity and summary on attribute, and returns its detail.
func onlyDiagnostic(t *testing.T, diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity, summary string, attribute *tftypes.AttributePath) string {
	t.Helper()
	if len(diags) != 1 {
		for _, d := range diags {
			t.Logf("diagnostic: %s: %s: %s", d.Severity, d.Summary, d.Detail)
		}
		t.Fatalf("got %d diagnostics, want 1 %s %q", len(diags), severity, summary)
	}
	d := diags[0]
	if d.Severity != severity || d.Summary != summary {
		t.Fatalf("diagnostic %s %q (%s), want %s %q", d.Severity, d.Summary, d.Detail, severity, summary)
	}
	if !d.Attribute.Equal(attribute) {
		t.Errorf("diagnostic on %v, want %v", d.Attribute, attribute)
	}
	return d.Detail
}

const (
	profileType    = "identitycenter_application_profile"
	profileAddress = profileType + ".test"
	exclusiveType  = "identitycenter_application_profiles_exclusive"
)

// profileResource is the HCL of an identitycenter_application_profile named
// name, on testInstanceID: the one builder of the tests' profile blocks.
// extra lines, such as a timeouts block, go inside it.
func profileResource(name, applicationInstanceID, profileID string, extra ...string) string {
	block := fmt.Sprintf(`
resource %q %q {
  instance_id             = %q
  application_instance_id = %q
  profile_id              = %q
`, profileType, name, testInstanceID, applicationInstanceID, profileID)
	for _, e := range extra {
		block += e + "\n"
	}
	return block + "}\n"
}

// profileBlock is the resource profileAddress names, on testApplicationID.
func profileBlock(profileID string, extra ...string) string {
	return profileResource("test", testApplicationID, profileID, extra...)
}

// profileConfig is profileBlock with the mock's provider configuration.
func profileConfig(mock *testMock, profileID string) string {
	return mock.providerConfig() + profileBlock(profileID)
}

// schemaOf is the schema of the resource type typeName.
func schemaOf(t testing.TB, server tfprotov6.ProviderServer, typeName string) *tfprotov6.Schema {
	t.Helper()
	s, ok := providerSchemas(t, server).ResourceSchemas[typeName]
	if !ok {
		t.Fatalf("no schema for %s", typeName)
	}
	return s
}

// resourceValue is attrs as a value of the resource type typeName, null
// where attrs has no entry, or null as a whole for nil.
func resourceValue(t testing.TB, server tfprotov6.ProviderServer, typeName string, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	s := schemaOf(t, server, typeName)
	if attrs == nil {
		null, err := tfprotov6.NewDynamicValue(s.ValueType(), tftypes.NewValue(s.ValueType(), nil))
		if err != nil {
			t.Fatal(err)
		}
		return &null
	}
	return objectValue(t, s, attrs)
}

// attributesOf decodes a value of the resource type typeName; nil means
// null.
func attributesOf(t testing.TB, server tfprotov6.ProviderServer, typeName string, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	t.Helper()
	if dv == nil {
		return nil
	}
	v, err := dv.Unmarshal(schemaOf(t, server, typeName).ValueType())
	if err != nil {
		t.Fatal(err)
	}
	if v.IsNull() {
		return nil
	}
	attrs := map[string]tftypes.Value{}
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

// newTestServer is the provider as shipped, unconfigured, spoken to over
// the plugin protocol.
func newTestServer(t testing.TB) tfprotov6.ProviderServer {
	t.Helper()
	server, err := testAccProtoV6ProviderFactories["identitycenter"]()
	if err != nil {
		t.Fatal(err)
	}
	return server
}

// providerSchemas is what the provider reports of every schema.
func providerSchemas(t testing.TB, server tfprotov6.ProviderServer) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	schemas, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return schemas
}

// hclSet writes ids as an HCL list.
func hclSet(ids ...string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// hclMap writes m as an HCL object of strings, its keys in order.
func hclMap(m map[string]string) string {
	entries := make([]string, 0, len(m))
	for key, value := range m {
		entries = append(entries, fmt.Sprintf("    %q = %q", key, value))
	}
	slices.Sort(entries)
	return "{\n" + strings.Join(entries, "\n") + "\n  }"
}
