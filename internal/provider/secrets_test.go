package provider

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	logPath, workDirs := traceLogs(t)

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
	// The log must hold what it is searched for to mean anything: lines of
	// the provider with the access key, its endpoint and its retries.
	expectNoSecrets(t, logPath, workDirs, map[string]string{"secret_key": secretKey, "security_token": securityToken},
		"configuring the Identity Center client", accessKey, mock.URL, "retrying Identity Center API call")
}

// traceLogs sends the trace logs of Terraform and of the provider to one
// file, and keeps Terraform's working directories, for expectNoSecrets.
func traceLogs(t *testing.T) (logPath, workDirs string) {
	t.Helper()
	dir := t.TempDir()
	logPath = filepath.Join(dir, "terraform.log")
	workDirs = filepath.Join(dir, "work")
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
	return logPath, workDirs
}

// expectNoSecrets searches the log and every file Terraform wrote, except
// the configurations, for each secret, by name. The log must hold each of
// want, and lines of the CLI (Terraform and OpenTofu both log the Go
// runtime version), for the search to mean anything.
func expectNoSecrets(t *testing.T, logPath, workDirs string, secrets map[string]string, want ...string) {
	t.Helper()
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("the log was not written: %v", err)
	}
	for _, w := range append([]string{"Go runtime version:"}, want...) {
		if !bytes.Contains(log, []byte(w)) {
			t.Errorf("the log (%d bytes) lacks %q", len(log), w)
		}
	}
	for name, secret := range secrets {
		if i := bytes.Index(log, []byte(secret)); i >= 0 {
			t.Errorf("the log holds %s: %q", name, lineAround(log, i))
		}
	}

	// State, plans and everything else Terraform wrote, except the
	// configuration, which holds the secrets because the test put them there.
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
		for name, secret := range secrets {
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

// TestAccProvider_credentialSecretsNeverLogged reads through each source of
// credentials at trace level, and searches the logs and Terraform's files
// for its secrets: the profile's secret key, the ID token, and every secret
// key, security token, subject token and metadata token the mock issued.
func TestAccProvider_credentialSecretsNeverLogged(t *testing.T) {
	for name, tc := range map[string]struct {
		opts     mockapi.Options
		metadata bool
		settings func(t *testing.T, mock *testMock) []string
	}{
		"shared config profile": {settings: func(t *testing.T, _ *testMock) []string {
			return []string{`  shared_config_file = "` + kooCLIConfig(t) + `"`}
		}},
		"OIDC ID token, then assume_role": {opts: mockapi.Options{RefusePermanentKeys: true}, settings: func(*testing.T, *testMock) []string {
			return []string{"  assume_role_with_oidc {\n    idp_id = \"" + testIdpID + "\"\n    id_token = \"" + testIDToken + "\"\n  }", assumeRoleBlock}
		}},
		"OIDC ID token file": {opts: mockapi.Options{RefusePermanentKeys: true}, settings: func(t *testing.T, _ *testMock) []string {
			t.Setenv(settingOIDCIdpID.env, testIdpID)
			t.Setenv(settingOIDCIDTokenFile.env, writeFile(t, "id-token", testIDToken))
			return nil
		}},
		"ECS metadata": {opts: mockapi.Options{RefusePermanentKeys: true}, metadata: true, settings: func(_ *testing.T, mock *testMock) []string {
			return []string{`  metadata_endpoint = "` + mock.URL + `"`}
		}},
	} {
		t.Run(name, func(t *testing.T) {
			logPath, workDirs := traceLogs(t)
			// Short-lived keys, so that renewals are logged too.
			tc.opts.CredentialLifetime = 3 * time.Second
			mock := newCredentialsMock(t, tc.opts, tc.metadata)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            requiredProviders() + endpointsOnly(mock, tc.settings(t, mock)...) + listDataSource,
					ConfigStateChecks: []statecheck.StateCheck{listsOneProfile(credentialProfile)},
				}},
			})
			secrets := map[string]string{"the profile's secretAccessKey": testSecretKey, "the ID token": testIDToken}
			for i, s := range mock.IssuedSecrets() {
				secrets[fmt.Sprintf("issued secret %d", i)] = s
			}
			want := []string{"configuring the Identity Center client"}
			if mock.Stats().Credentials.Issued() > 0 {
				want = append(want, "obtained temporary credentials")
			}
			expectNoSecrets(t, logPath, workDirs, secrets, want...)
		})
	}
}
