// Command demo walks through what a user of the provider lives, against the
// bundled mock Identity Center API: adopt associations, assign a user to an
// application, audit who has access, see an assignment made and an
// association deleted outside Terraform show up in the plan, and destroy. It
// needs Go and a Terraform CLI, no credentials and no network beyond
// loopback, and removes everything it created when it stops.
//
// Run it from the repository root with `make demo` or `go run ./internal/demo`.
// It runs the provider as a built binary through internal/devenv, and
// never imports the provider or the client.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/devenv"
)

const (
	exampleDir = "examples/demo"
	// The association the demo deletes outside Terraform.
	driftPath = "instances/ins-demo0123456789ab/application-instances/app-ins-demo00000000wiki/profiles/p-1a2b3c4d5e6f7081"
	// The assignment the demo makes outside Terraform.
	outsidePath = "instances/ins-demo0123456789ab/applications/app-ins-demo00000000wiki/assignments/USER/u-demo-mallory"
)

// The keys the demo's mock accepts; they exist nowhere else.
var demoCredentials = devenv.Credentials{
	AccessKey: "DEMOACCESSKEY0000001",
	SecretKey: "demo-secret-key-not-a-real-one",
}

// stdout and stderr cancel the demo, which then cleans up, when whoever
// reads them goes away.
var stdout, stderr *devenv.Output

func main() {
	devenv.KeepRunningOnBrokenPipe()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(ctx)
	stdout, stderr = devenv.NewOutput(os.Stdout, cancel), devenv.NewOutput(os.Stderr, cancel)
	err := run(ctx)
	cancel()
	stop()
	switch {
	case stdout.Closed() || stderr.Closed():
		fmt.Fprintln(os.Stderr, "demo stopped: its output was closed; the mock API and the temporary files are removed")
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(stderr, "demo failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	terraform, err := devenv.TerraformPath()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "identitycenter-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	heading("Building the provider and the mock API")
	binDir := filepath.Join(tmp, "bin")
	bins, err := devenv.Build(ctx, binDir)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "built", bins.Provider, "and", bins.Mock)
	fmt.Fprintln(stdout, "Terraform runs this provider through a dev_overrides CLI configuration, so every command below "+
		"starts with its warning that development overrides are in effect.")

	heading("Starting the mock Identity Center API with " + exampleDir + "/seed.json")
	mock, err := devenv.StartMock(ctx, bins.Mock, demoCredentials, "-seed", filepath.Join(exampleDir, "seed.json"))
	if err != nil {
		return err
	}
	defer mock.Stop()
	fmt.Fprintln(stdout, "mock API at", mock.Endpoint)

	workDir := filepath.Join(tmp, "work")
	if err := copyConfig(exampleDir, workDir); err != nil {
		return err
	}
	cliConfig := filepath.Join(tmp, "terraformrc")
	if err := devenv.WriteCLIConfig(cliConfig, binDir); err != nil {
		return err
	}
	env := devenv.TerraformEnv(cliConfig, mock.Endpoint, demoCredentials)
	// Plugin sockets go where the demo cleans up, even after a provider
	// had to be killed.
	env = append(env, "TMPDIR="+tmp)
	// Colours only help on a terminal; in a CI log they are noise.
	if !isTerminal(os.Stdout) {
		env = append(env, "TF_CLI_ARGS=-no-color")
	}
	tf := func(args ...string) error {
		fmt.Fprintf(stdout, "$ %s %s\n", filepath.Base(terraform), strings.Join(args, " "))
		cmd := devenv.Command(ctx, workDir, env, terraform, args...)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		return devenv.Run(cmd)
	}

	heading("terraform plan: the two wiki associations will be adopted")
	if err := tf("plan", "-input=false"); err != nil {
		return err
	}
	stats, err := mock.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("\nNo domain_id is set, so the provider asked IAM for the account (GET /v3/auth/domains, served by the mock): %d lookup\n",
		stats.ListDomains)
	heading("terraform apply: adopt them, assign Bob to the wiki, and list every association of the application")
	if err := tf("apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	heading("terraform plan -detailed-exitcode: the audit finds nothing to change (exit code 0)")
	if code, err := devenv.ExitCode(tf("plan", "-input=false", "-detailed-exitcode")); err != nil || code != 0 {
		return fmt.Errorf("the audit after apply exited %d, want 0: %v", code, err)
	}
	fmt.Fprintln(stdout, "exit code 0 = no changes: what Terraform declares is what the API holds")

	heading("Someone assigns Mallory to the wiki outside Terraform")
	if err := mock.Add(ctx, outsidePath); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "PUT", outsidePath)

	heading("terraform plan -detailed-exitcode: the exclusive assignments resource names her (exit code 2)")
	if code, err := devenv.ExitCode(tf("plan", "-input=false", "-detailed-exitcode")); err != nil || code != 2 {
		return fmt.Errorf("the audit after the assignment made outside Terraform exited %d, want 2: %v", code, err)
	}
	fmt.Fprintln(stdout, "exit code 2 = changes present: an assignment nobody declared")
	heading("terraform apply: delete exactly the assignment the plan named")
	if err := tf("apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}

	heading("Someone removes the Engineering association outside Terraform")
	if err := mock.Remove(ctx, driftPath); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "DELETE", driftPath)

	heading("terraform plan: the drift shows as an association to adopt again, with a warning")
	if err := tf("plan", "-input=false"); err != nil {
		return err
	}
	heading("terraform plan -detailed-exitcode: an audit job sees exit code 2")
	code, err := devenv.ExitCode(tf("plan", "-input=false", "-detailed-exitcode"))
	if err != nil || code != 2 {
		return fmt.Errorf("the audit after the drift exited %d, want 2: %v", code, err)
	}
	fmt.Fprintln(stdout, "exit code", code, "= changes present: the association declared in Terraform is gone")

	heading("terraform destroy: delete the associations and Bob's assignment; the exclusive resource deletes nothing")
	if err := tf("destroy", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	heading("The demo is over; the mock API and the temporary files are removed")
	return nil
}

func heading(s string) {
	fmt.Fprintf(stdout, "\n=== %s\n\n", s)
}

func copyConfig(from, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
