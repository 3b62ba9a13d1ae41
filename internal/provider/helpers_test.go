package provider

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
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
