// Package devenv runs the provider the way a user does, with a Terraform CLI
// from PATH, against the bundled mock API: it builds the binaries, writes a
// dev_overrides CLI configuration of its own, starts the mock command and
// runs Terraform with an environment that the user's own settings cannot
// steer elsewhere. The demo and the benchmark harness are built on it.
//
// It imports the mock API and internal/providername, never the provider
// itself: it runs the provider as a built binary, as Terraform does.
package devenv

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/providername"
)

const (
	// ProviderSource is the provider's source address in configurations.
	ProviderSource = providername.Source
	// ProviderBinary is the file name Terraform looks for in a
	// dev_overrides directory.
	ProviderBinary = providername.Binary
	// MockBinary is the file name of the mock API command built by Build.
	MockBinary = "mockapi"
	// PGOProfile is the CPU profile the provider is built with (go build
	// -pgo), relative to the repository root: three plans and an apply of
	// 1,000 associations, which `make pgo` records anew. The release build
	// and the GNUmakefile's builds name it too.
	PGOProfile = "internal/profiling/provider.pgo"
)

// Binaries are the paths of the commands Build produced.
type Binaries struct {
	Provider string
	Mock     string
}

// Build compiles the provider and the mock API command into dir, with
// goBuildFlags, such as -tags, added to both builds. It runs from the
// repository root, like `make`. The provider is built with PGOProfile, or
// without a profile where the file does not exist, which a checkout always
// has (TestEveryBuildUsesThePGOProfile).
func Build(ctx context.Context, dir string, goBuildFlags ...string) (Binaries, error) {
	bins := Binaries{Provider: filepath.Join(dir, ProviderBinary), Mock: filepath.Join(dir, MockBinary)}
	pgo := "-pgo=" + PGOProfile
	if _, err := os.Stat(PGOProfile); errors.Is(err, fs.ErrNotExist) {
		// So that `make pgo` can record a profile where there is none.
		pgo = "-pgo=off"
	}
	for _, b := range []struct {
		pkg, out string
		flags    []string
	}{
		{".", bins.Provider, []string{pgo}},
		{"./internal/mockapi/cmd/mockapi", bins.Mock, nil},
	} {
		// The whole environment, not Environ: the Go toolchain's own settings
		// (GOFLAGS, GOCACHE, ...) apply to the build.
		args := append(append(append([]string{"build"}, b.flags...), goBuildFlags...), "-o", b.out, b.pkg)
		if err := Run(Command(ctx, "", nil, "go", args...)); err != nil {
			return Binaries{}, err
		}
	}
	return bins, nil
}

// localTofu is where `make tofu` builds OpenTofu, relative to the repository
// root that make runs from.
const localTofu = "bin/tofu"

// TerraformPath finds the CLI to run: terraform on PATH, else tofu on PATH,
// else the OpenTofu that `make tofu` built, so that a machine with only Go
// can run the demo.
func TerraformPath() (string, error) {
	for _, name := range []string{"terraform", "tofu"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	if path, err := filepath.Abs(localTofu); err == nil {
		if info, err := os.Stat(path); err == nil && !info.IsDir() {
			return path, nil
		}
	}
	return "", errors.New("neither terraform nor tofu is on PATH, and " + localTofu + " does not exist: " +
		"install Terraform (https://developer.hashicorp.com/terraform/install), or run `make tofu` to build OpenTofu")
}

// Environ is this process's environment without the provider's HW_* and
// Terraform's TF_* settings, so that the user's own cannot steer a run
// elsewhere.
func Environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HW_") && !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	return env
}

// CLIConfig is a Terraform CLI configuration that takes the provider from
// providerDir, where a binary named ProviderBinary must be, and every other
// provider from its registry.
func CLIConfig(providerDir string) string {
	return fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		ProviderSource, providerDir)
}

// WriteCLIConfig writes CLIConfig(providerDir) to path.
func WriteCLIConfig(path, providerDir string) error {
	return os.WriteFile(path, []byte(CLIConfig(providerDir)), 0o600)
}

// Credentials are the keys a mock accepts and the provider signs with.
type Credentials struct {
	AccessKey string
	SecretKey string
}

// TerraformEnv is Environ plus what Terraform and the provider need to talk
// to the mock at endpoint, which serves both Identity Center and the IAM
// account lookup: the CLI configuration at cliConfig, the keys, and no calls
// home.
func TerraformEnv(cliConfig, endpoint string, creds Credentials) []string {
	return append(Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"HW_ACCESS_KEY="+creds.AccessKey,
		"HW_SECRET_KEY="+creds.SecretKey,
		"HW_IDENTITY_CENTER_ENDPOINT="+endpoint,
		"HW_IAM_ENDPOINT="+endpoint,
	)
}
