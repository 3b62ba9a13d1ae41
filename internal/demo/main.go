// Command demo walks through what a user of the provider lives, against the
// bundled mock Identity Center API: adopt associations, audit them, see an
// association deleted outside Terraform show up as drift, and destroy. It
// needs Go and a Terraform CLI, no credentials and no network beyond
// loopback, and removes everything it created when it stops.
//
// Run it from the repository root with `make demo` or `go run ./internal/demo`.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const (
	exampleDir = "examples/demo"
	// The keys the demo's mock accepts; they exist nowhere else.
	accessKey = "DEMOACCESSKEY0000001"
	secretKey = "demo-secret-key-not-a-real-one"
	// The association the demo deletes outside Terraform.
	driftPath = "instances/ins-demo0123456789ab/application-instances/app-ins-demo00000000wiki/profiles/p-1a2b3c4d5e6f7081"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		return errors.New("no terraform on PATH: install Terraform (https://developer.hashicorp.com/terraform/install) and run again")
	}
	tmp, err := os.MkdirTemp("", "identitycenter-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	heading("Building the provider and the mock API")
	binDir := filepath.Join(tmp, "bin")
	for pkg, out := range map[string]string{
		".":                              filepath.Join(binDir, "terraform-provider-identitycenter"),
		"./internal/mockapi/cmd/mockapi": filepath.Join(binDir, "mockapi"),
	} {
		if err := runCommand(ctx, "", nil, "go", "build", "-o", out, pkg); err != nil {
			return err
		}
	}

	heading("Starting the mock Identity Center API with " + exampleDir + "/seed.json")
	endpoint, stopMock, err := startMock(ctx, filepath.Join(binDir, "mockapi"), filepath.Join(exampleDir, "seed.json"))
	if err != nil {
		return err
	}
	defer stopMock()
	fmt.Println("mock API at", endpoint)

	workDir := filepath.Join(tmp, "work")
	if err := copyConfig(exampleDir, workDir); err != nil {
		return err
	}
	cliConfig := filepath.Join(tmp, "terraformrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"hwc-community/identitycenter", binDir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		return err
	}
	env := append(demoEnviron(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"HW_ACCESS_KEY="+accessKey,
		"HW_SECRET_KEY="+secretKey,
		"HW_IDENTITY_CENTER_ENDPOINT="+endpoint,
	)
	tf := func(args ...string) error {
		fmt.Printf("$ terraform %s\n", strings.Join(args, " "))
		return runCommand(ctx, workDir, env, terraform, args...)
	}

	heading("terraform plan: the two wiki associations will be adopted")
	if err := tf("plan", "-input=false"); err != nil {
		return err
	}
	heading("terraform apply: adopt them and list every association of the application")
	if err := tf("apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	heading("terraform plan -detailed-exitcode: the audit finds nothing to change (exit code 0)")
	if code, err := exitCode(tf("plan", "-input=false", "-detailed-exitcode")); err != nil || code != 0 {
		return fmt.Errorf("the audit after apply exited %d, want 0: %v", code, err)
	}

	heading("Someone removes the Engineering association outside Terraform")
	if err := adminDelete(ctx, endpoint, driftPath); err != nil {
		return err
	}
	fmt.Println("DELETE", driftPath)

	heading("terraform plan: the drift shows as an association to adopt again, with a warning")
	if err := tf("plan", "-input=false"); err != nil {
		return err
	}
	heading("terraform plan -detailed-exitcode: an audit job sees exit code 2")
	code, err := exitCode(tf("plan", "-input=false", "-detailed-exitcode"))
	if err != nil || code != 2 {
		return fmt.Errorf("the audit after the drift exited %d, want 2: %v", code, err)
	}
	fmt.Println("exit code", code, "= changes present: the association declared in Terraform is gone")

	heading("terraform destroy: delete the associations Terraform manages")
	if err := tf("destroy", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	heading("The demo is over; the mock API and the temporary files are removed")
	return nil
}

// demoEnviron is this process's environment without the provider's HW_*
// and TF_* settings, so that the user's own cannot steer the demo elsewhere.
func demoEnviron() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HW_") && !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	return env
}

func heading(s string) {
	fmt.Printf("\n=== %s\n\n", s)
}

func runCommand(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", filepath.Base(name), strings.Join(args, " "), err)
	}
	return nil
}

// exitCode turns a command's failure into its exit code, so that
// -detailed-exitcode's 2 is not taken for an error.
func exitCode(err error) (int, error) {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.ExitCode() == 2 {
		return 2, nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}

// startMock runs the mock API command and waits for the address it listens on.
func startMock(ctx context.Context, bin, seed string) (string, func(), error) {
	cmd := exec.CommandContext(ctx, bin, "-seed", seed, "-access-key", accessKey, "-secret-key", secretKey, "-quiet")
	cmd.Env, cmd.Stderr = demoEnviron(), os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		stop()
		return "", nil, fmt.Errorf("the mock API did not say where it listens (got %q): %v", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return endpoint, stop, nil
}

// adminDelete removes an association through the mock's out-of-band route,
// as a change made in the console would.
func adminDelete(ctx context.Context, endpoint, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, endpoint+"/_mock/"+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("removing %s from the mock: HTTP %d", path, resp.StatusCode)
	}
	return nil
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
