package provider

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// cliWorkdir runs the acceptance tests' Terraform CLI in a directory of its
// own, for the commands the test harness does not run, such as
// `terraform query -generate-config-out` and `terraform apply -invoke`. The
// provider is served in the test process, as the harness serves it, and
// Terraform attaches to it. Create it after a resource.Test whose
// TerraformVersionChecks skip the test where the CLI lacks the feature.
type cliWorkdir struct {
	t   *testing.T
	cli string
	dir string
	env []string
}

// newCLIWorkdir writes files into a new directory and runs terraform init.
func newCLIWorkdir(t *testing.T, files map[string]string) *cliWorkdir {
	t.Helper()
	// The CLI the harness runs.
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		var err error
		if cli, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
	}
	reattach, err := json.Marshal(map[string]reattachConfig{testProviderSource(): serveProvider(t)})
	if err != nil {
		t.Fatal(err)
	}
	w := &cliWorkdir{
		t:   t,
		cli: cli,
		dir: t.TempDir(),
		// TF_CLI_CONFIG_FILE is the empty file of TestMain.
		env: append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(reattach), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"),
	}
	for name, content := range files {
		w.write(name, content)
	}
	w.mustRun("init")
	return w
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
// the test ends.
func serveProvider(t *testing.T) reattachConfig {
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
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	select {
	case c := <-configCh:
		r := reattachConfig{Protocol: string(c.Protocol), ProtocolVersion: c.ProtocolVersion, Pid: c.Pid, Test: c.Test}
		r.Addr.Network, r.Addr.String = c.Addr.Network(), c.Addr.String()
		return r
	case <-time.After(time.Minute):
		t.Fatal("the provider server did not start")
		return reattachConfig{}
	}
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
	cmd := exec.CommandContext(w.t.Context(), w.cli, append(args, "-no-color")...) //nolint:gosec // the test's own CLI and arguments
	cmd.Dir, cmd.Env = w.dir, w.env
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
