package provider

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// cliWorkdir runs the Terraform CLI the acceptance tests use on a
// configuration of its own, with the provider served from the test process.
// It is for what terraform-plugin-testing cannot show: the warnings a user
// reads at plan time, and a saved plan applied after the API changed.
type cliWorkdir struct {
	t   *testing.T
	dir string
	cli string
}

// newCLIWorkdir writes config, which names the provider by
// requiredProviders or its short name, into a fresh working directory and
// runs terraform init there.
func newCLIWorkdir(t *testing.T, config string) *cliWorkdir {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance tests skipped unless env '%s' set", resource.EnvTfAcc)
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		found, err := exec.LookPath("terraform")
		if err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
		cli = found
	}
	w := &cliWorkdir{t: t, dir: t.TempDir(), cli: cli}
	w.writeConfig(config)
	w.mustRun("init", "-input=false")
	return w
}

// writeConfig replaces the working directory's configuration.
func (w *cliWorkdir) writeConfig(config string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs the CLI with args and returns its standard output and exit
// code; standard error goes into the output too.
func (w *cliWorkdir) run(args ...string) (string, int) {
	w.t.Helper()
	reattach, stop := serveForCLI(w.t)
	defer stop()
	cmd := exec.CommandContext(w.t.Context(), w.cli, append(args, "-no-color")...)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	case err != nil:
		w.t.Fatalf("%s %s: %v", w.cli, strings.Join(args, " "), err)
	}
	return out.String(), 0
}

// oneLine folds the CLI's line wrapping, so that a phrase can be searched
// for whatever the terminal width.
func oneLine(out string) string {
	return strings.Join(strings.Fields(out), " ")
}

// mustRun is run, failing the test unless the CLI exits with 0.
func (w *cliWorkdir) mustRun(args ...string) string {
	w.t.Helper()
	out, code := w.run(args...)
	if code != 0 {
		w.t.Fatalf("%s %s exited %d:\n%s", filepath.Base(w.cli), strings.Join(args, " "), code, out)
	}
	return out
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

// serveForCLI serves the provider from the test process for one CLI run,
// as terraform-plugin-testing does, and returns the TF_REATTACH_PROVIDERS
// value that points the CLI at it.
func serveForCLI(t *testing.T) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	reattachCh := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	factory := testAccProtoV6ProviderFactories["identitycenter"]
	server, err := factory()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		err := tf6server.Serve(providerAddress(), func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, reattachCh, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattachCh:
	case <-t.Context().Done():
		t.Fatal("the provider did not start")
	}
	type addr struct{ Network, String string }
	reattach, err := json.Marshal(map[string]any{providerAddress(): map[string]any{
		"Protocol":        config.Protocol,
		"ProtocolVersion": config.ProtocolVersion,
		"Pid":             config.Pid,
		"Test":            config.Test,
		"Addr":            addr{config.Addr.Network(), config.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach), func() {
		cancel()
		<-closed
	}
}
