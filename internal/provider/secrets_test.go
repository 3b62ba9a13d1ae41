package provider

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// TestAccProvider_secretsNeverLogged runs adoption, refresh, a failed
// adoption and destroy, with retries, at trace level, and then searches
// Terraform's log, the provider's log and every file Terraform wrote for
// the secret key and the security token.
//
// The provider runs in this process: its tflog output goes to the sink that
// terraform-plugin-log sets up from TF_LOG and TF_LOG_PATH here, or
// TF_ACC_LOG_PATH, which wins. Terraform runs as a child process and logs
// only where TF_ACC_LOG and TF_ACC_LOG_PATH tell it, since terraform-exec
// drops TF_LOG from its environment. Both therefore write to one file, and
// the test checks that lines of each are in it.
func TestAccProvider_secretsNeverLogged(t *testing.T) {
	const (
		accessKey     = "LEAKCHECKACCESSKEY01"
		secretKey     = "leak-canary-secret-9f8e7d6c5b4a"
		securityToken = "leak-canary-token-0a1b2c3d4e5f"
		profileID     = "p-00000000000000c1"
	)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "terraform.log")
	workDirs := filepath.Join(dir, "work")
	if err := os.Mkdir(workDirs, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logPath)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG_PATH_MASK", "")
	// The test harness logs each step's configuration, which holds the
	// secrets because this test wrote them there; a user's configuration
	// never reaches the log that way.
	t.Setenv("TF_LOG_SDK_HELPER_RESOURCE", "OFF")
	t.Setenv("TF_ACC_TEMP_DIR", workDirs)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")

	// Failures make the client retry, so that the retry log lines are
	// searched too.
	mock := newFaultyTestMock(t, mockapi.Faults{FailureRate: 0.3, Seed: 1},
		seedOf(mockapi.Profile{ProfileID: profileID}),
		mockapi.Credential{AccessKey: accessKey, SecretKey: secretKey, SecurityToken: securityToken})
	provider := providerBlock(mock.URL, accessKey, secretKey, `  security_token = "`+securityToken+`"`, "  max_retries = 20")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + profileResource("test", testApplicationID, profileID) + listDataSource,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
					listsOneProfile(profileID),
				},
			},
			{
				// Adopting a second association that does not exist fails
				// at apply.
				Config:      provider + profileResource("test", testApplicationID, profileID) + profileResource("missing", testApplicationID, "p-0000000000000404"),
				ExpectError: errorMatching("Application profile does not exist"),
			},
		},
	})

	if mock.Stats().Faults.Failures == 0 {
		t.Error("no call failed, so no retry was logged")
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("the log was not written: %v", err)
	}
	// The log must hold what it is searched for to mean anything: lines of
	// the CLI (Terraform and OpenTofu both log the Go runtime version), and
	// lines of the provider with the access key, its endpoint and its
	// retries.
	for _, want := range []string{
		"Go runtime version:",
		"configuring the Identity Center client",
		accessKey,
		mock.URL,
		"retrying Identity Center API call",
	} {
		if !bytes.Contains(log, []byte(want)) {
			t.Errorf("the log (%d bytes) lacks %q", len(log), want)
		}
	}
	for name, secret := range map[string]string{"secret_key": secretKey, "security_token": securityToken} {
		if i := bytes.Index(log, []byte(secret)); i >= 0 {
			t.Errorf("the log holds %s: %q", name, lineAround(log, i))
		}
	}

	// State, plans and everything else Terraform wrote, except the
	// configuration, which holds the secrets because this test put them there.
	files := 0
	err = filepath.WalkDir(workDirs, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || strings.HasSuffix(path, ".tf") {
			return err
		}
		files++
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for name, secret := range map[string]string{"secret_key": secretKey, "security_token": securityToken} {
			if i := bytes.Index(content, []byte(secret)); i >= 0 {
				t.Errorf("%s holds %s: %q", path, name, lineAround(content, i))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Error("no file of Terraform's working directories was searched")
	}
}

// lineAround returns the line of b around index i.
func lineAround(b []byte, i int) string {
	start := bytes.LastIndexByte(b[:i], '\n') + 1
	end := bytes.IndexByte(b[i:], '\n')
	if end < 0 {
		end = len(b) - i
	}
	return string(b[start : i+end])
}
