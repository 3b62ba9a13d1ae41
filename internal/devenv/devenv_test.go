package devenv

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEnvironDropsProviderAndTerraformSettings(t *testing.T) {
	t.Setenv("HW_ACCESS_KEY", "user-key")
	t.Setenv("HW_IDENTITY_CENTER_ENDPOINT", "https://elsewhere.example")
	t.Setenv("TF_CLI_CONFIG_FILE", "/home/user/.terraformrc")
	t.Setenv("TF_LOG", "trace")
	t.Setenv("DEVENV_TEST_KEPT", "kept")
	env := Environ()
	for _, kv := range env {
		if strings.HasPrefix(kv, "HW_") || strings.HasPrefix(kv, "TF_") {
			t.Errorf("Environ kept %q", kv)
		}
	}
	if !slices.Contains(env, "DEVENV_TEST_KEPT=kept") {
		t.Error("Environ dropped an unrelated variable")
	}
}

func TestTerraformEnvPointsAtTheMock(t *testing.T) {
	t.Setenv("HW_SECRET_KEY", "user-secret")
	t.Setenv("TF_CLI_CONFIG_FILE", "/home/user/.terraformrc")
	env := TerraformEnv("/tmp/x/terraformrc", "http://127.0.0.1:1234", Credentials{AccessKey: "AK", SecretKey: "SK"})
	want := []string{
		"TF_CLI_CONFIG_FILE=/tmp/x/terraformrc", "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"HW_ACCESS_KEY=AK", "HW_SECRET_KEY=SK", "HW_IDENTITY_CENTER_ENDPOINT=http://127.0.0.1:1234",
		"HW_IAM_ENDPOINT=http://127.0.0.1:1234",
	}
	for _, kv := range want {
		if !slices.Contains(env, kv) {
			t.Errorf("TerraformEnv lacks %q", kv)
		}
	}
	for _, kv := range env {
		if kv == "HW_SECRET_KEY=user-secret" || kv == "TF_CLI_CONFIG_FILE=/home/user/.terraformrc" {
			t.Errorf("TerraformEnv kept the user's %q", kv)
		}
	}
}

func TestCLIConfigOverridesOnlyThisProvider(t *testing.T) {
	path := filepath.Join(t.TempDir(), "terraformrc")
	if err := WriteCLIConfig(path, `/tmp/dir with "quotes"`); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "provider_installation {\n  dev_overrides {\n    \"hwc-community/identitycenter\" = \"/tmp/dir with \\\"quotes\\\"\"\n  }\n  direct {}\n}\n"
	if string(got) != want {
		t.Errorf("CLI configuration:\n%s\nwant:\n%s", got, want)
	}
}

func TestExitCode(t *testing.T) {
	for script, want := range map[string]int{"exit 0": 0, "exit 2": 2} {
		code, err := ExitCode(exec.Command("sh", "-c", script).Run())
		if err != nil || code != want {
			t.Errorf("ExitCode(%q) = %d, %v; want %d, nil", script, code, err, want)
		}
	}
	if code, err := ExitCode(exec.Command("sh", "-c", "exit 1").Run()); err == nil || code != -1 {
		t.Errorf("ExitCode(exit 1) = %d, %v; want -1 and the error", code, err)
	}
}

func TestRunNamesTheCommand(t *testing.T) {
	err := Run(Command(context.Background(), "", nil, "sh", "-c", "exit 5"))
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || !strings.HasPrefix(err.Error(), "sh -c exit 5: ") {
		t.Errorf("Run = %v, want the command line and its exit error", err)
	}
}

// A cancelled command is interrupted, so that Terraform can stop cleanly,
// rather than killed.
func TestCommandInterruptsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := Command(ctx, "", nil, "sh", "-c", `trap 'exit 7' INT; echo ready; while :; do sleep 0.05; done`)
	cmd.Stdout, cmd.Stderr = nil, nil
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Cancel only once the shell has set its trap.
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		t.Fatalf("the shell said %q, %v", line, err)
	}
	cancel()
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 7 {
		t.Errorf("exit code = %d, want 7 from the shell's interrupt trap", code)
	}
}

// TestEveryBuildUsesThePGOProfile holds the release build and the
// GNUmakefile's builds to the profile Build optimizes the provider with, so
// that what make bench measures is what is released.
func TestEveryBuildUsesThePGOProfile(t *testing.T) {
	root := filepath.Join("..", "..")
	if info, err := os.Stat(filepath.Join(root, PGOProfile)); err != nil || info.Size() == 0 {
		t.Fatalf("the PGO profile %s is missing or empty (%v): run make pgo", PGOProfile, err)
	}
	for file, lines := range map[string][]string{
		".goreleaser.yml": {"      - -pgo=" + PGOProfile},
		"GNUmakefile": {
			"PGO_PROFILE := " + PGOProfile,
			"\tgo build -pgo=$(PGO_PROFILE) -v ./...",
			"\tgo install -pgo=$(PGO_PROFILE) -v ./...",
		},
	} {
		text, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range lines {
			if !slices.Contains(strings.Split(string(text), "\n"), line) {
				t.Errorf("%s has no line %q", file, line)
			}
		}
	}
}
