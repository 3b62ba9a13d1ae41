package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

const (
	testAgency  = "identitycenter-admin"
	testIdpID   = "ci-oidc"
	testIDToken = "eyJhbGciOiJSUzI1NiJ9.ci-job-token.c2lnbmF0dXJl"
	// credentialProfile is the profile the mock of newCredentialsMock lists.
	credentialProfile = "p-00000000000000c1"
)

// newCredentialsMock is a mock with the test keys, an agency, an identity
// provider accepting testIDToken, and opts' lifetime, faults and refusal of
// permanent keys; the seed's metadata agency is set when metadata is true.
func newCredentialsMock(t *testing.T, opts mockapi.Options, metadata bool, profiles ...mockapi.Profile) *testMock {
	t.Helper()
	if len(profiles) == 0 {
		profiles = []mockapi.Profile{{ProfileID: credentialProfile}}
	}
	opts.Seed = seedOf(profiles...)
	opts.Seed.Agencies = []mockapi.Agency{{Name: testAgency}}
	opts.Seed.IdentityProviders = []mockapi.IdentityProvider{{ID: testIdpID, IDTokens: []string{testIDToken}}}
	if metadata {
		opts.Seed.MetadataAgency = testAgency
	}
	opts.Credentials = []mockapi.Credential{{AccessKey: testAccessKey, SecretKey: testSecretKey}}
	srv, err := mockapi.New(opts)
	if err != nil {
		t.Fatalf("starting the mock API: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testMock{Server: srv, URL: ts.URL}
}

// writeFile writes content to name in a new directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// kooCLIConfig is a KooCLI configuration file with the test keys in profile
// "dev", the current one, and in "member" with the mock's agency.
func kooCLIConfig(t *testing.T) string {
	t.Helper()
	return writeFile(t, "config.json", fmt.Sprintf(`{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":%[1]q,"secretAccessKey":%[2]q,"region":"cn-north-4"},
  {"name":"member","mode":"AKSK","accessKeyId":%[1]q,"secretAccessKey":%[2]q,"agencyName":%[3]q,"agencyDomainName":%[4]q}
]}`, testAccessKey, testSecretKey, testAgency, mockapi.DefaultDomainName))
}

// endpointsOnly is a provider block that names the mock and sets the
// credential settings in extra, without keys.
func endpointsOnly(mock *testMock, extra ...string) string {
	return fmt.Sprintf(`
provider "identitycenter" {
  endpoint     = %q
  iam_endpoint = %q
%s
}
`, mock.URL, mock.URL, strings.Join(extra, "\n"))
}

const assumeRoleBlock = `
  assume_role {
    agency_name = "` + testAgency + `"
    domain_name = "` + mockapi.DefaultDomainName + `"
  }`

// readsWith runs a plan and apply of the list data source and checks the
// mock's counters with check.
func readsWith(t *testing.T, mock *testMock, config string, check func(mockapi.Stats) string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config + listDataSource,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile(credentialProfile)},
		}},
	})
	st := mock.Stats()
	if st.Rejected != 0 {
		t.Errorf("the mock rejected %d requests: %+v", st.Rejected, st)
	}
	if problem := check(st); problem != "" {
		t.Errorf("stats = %+v: %s", st, problem)
	}
}

func wantOnly(what string, ok bool) string {
	if ok {
		return ""
	}
	return "want " + what
}

// Each source, against a mock that refuses permanent keys on Identity
// Center wherever the source gives temporary ones: a list that succeeds
// proves that the provider signed with them.
func TestAccProvider_credentialSources(t *testing.T) {
	t.Run("shared config profile", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{}, false)
		readsWith(t, mock, endpointsOnly(mock, `  shared_config_file = "`+kooCLIConfig(t)+`"`, `  profile = "dev"`),
			func(st mockapi.Stats) string {
				return wantOnly("the profile's keys and the account looked up once", st.ListDomains == 1 && st.Credentials.Issued() == 0)
			})
	})
	t.Run("current profile from the environment", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{}, false)
		t.Setenv(settingSharedConfigFile.env, kooCLIConfig(t))
		readsWith(t, mock, endpointsOnly(mock), func(st mockapi.Stats) string {
			return wantOnly("the current profile's keys", st.ListProfiles > 0 && st.Credentials.Issued() == 0)
		})
	})
	t.Run("assume_role on top of a shared config profile", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, false)
		readsWith(t, mock, endpointsOnly(mock, `  shared_config_file = "`+kooCLIConfig(t)+`"`, `  profile = "dev"`, assumeRoleBlock),
			func(st mockapi.Stats) string {
				return wantOnly("the agency assumed once per command, no permanent key refused",
					st.Credentials.AssumeRole > 0 && st.Credentials.PermanentKey == 0)
			})
	})
	t.Run("assume_role on top of a profile that names its keys' account", func(t *testing.T) {
		// Requests name the agency's account, not the profile's domainId.
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, false)
		file := writeFile(t, "config.json", fmt.Sprintf(`{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":%q,"secretAccessKey":%q,"domainId":"keys0account0id00"}]}`, testAccessKey, testSecretKey))
		readsWith(t, mock, endpointsOnly(mock, `  shared_config_file = "`+file+`"`, assumeRoleBlock),
			func(st mockapi.Stats) string {
				return wantOnly("the agency assumed, its account looked up", st.Credentials.AssumeRole > 0 && st.ListDomains > 0)
			})
	})
	t.Run("agency of a KooCLI profile", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, false)
		readsWith(t, mock, endpointsOnly(mock, `  shared_config_file = "`+kooCLIConfig(t)+`"`, `  profile = "member"`),
			func(st mockapi.Stats) string {
				return wantOnly("the profile's agency assumed", st.Credentials.AssumeRole > 0 && st.Credentials.PermanentKey == 0)
			})
	})
	t.Run("OIDC federation from a token file in the environment", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, false)
		t.Setenv(settingOIDCIdpID.env, testIdpID)
		t.Setenv(settingOIDCIDTokenFile.env, writeFile(t, "id-token", testIDToken+"\n"))
		readsWith(t, mock, endpointsOnly(mock), func(st mockapi.Stats) string {
			return wantOnly("the ID token federated", st.Credentials.IDTokens > 0 && st.Credentials.Federated == st.Credentials.IDTokens)
		})
	})
	t.Run("OIDC federation in the provider block, then assume_role", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, false)
		readsWith(t, mock, endpointsOnly(mock, `
  assume_role_with_oidc {
    idp_id   = "`+testIdpID+`"
    id_token = "`+testIDToken+`"
  }`, assumeRoleBlock), func(st mockapi.Stats) string {
			return wantOnly("federated, then the agency assumed", st.Credentials.Federated > 0 && st.Credentials.AssumeRole == st.Credentials.Federated)
		})
	})
	t.Run("ECS metadata when nothing is set", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, true)
		t.Setenv(settingMetadataEndpoint.env, mock.URL)
		readsWith(t, mock, endpointsOnly(mock), func(st mockapi.Stats) string {
			return wantOnly("the server agency's keys", st.Credentials.Metadata > 0)
		})
	})
}

// A source in the provider block wins over the environment's; within the
// environment, static keys come before a profile, and a profile before OIDC
// federation. The losing sources are set so that using them would fail.
func TestAccProvider_credentialPrecedence(t *testing.T) {
	t.Run("provider block over environment", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{RefusePermanentKeys: true}, false)
		t.Setenv(settingAccessKey.env, "NOTAKEYOFTHEMOCK0001")
		t.Setenv(settingSecretKey.env, "not-a-secret-of-the-mock")
		readsWith(t, mock, endpointsOnly(mock, `
  assume_role_with_oidc {
    idp_id   = "`+testIdpID+`"
    id_token = "`+testIDToken+`"
  }`), func(st mockapi.Stats) string {
			return wantOnly("OIDC federation", st.Credentials.Federated > 0)
		})
	})
	t.Run("static keys over a profile over OIDC", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{}, true)
		t.Setenv(settingAccessKey.env, testAccessKey)
		t.Setenv(settingSecretKey.env, testSecretKey)
		t.Setenv(settingSharedConfigFile.env, filepath.Join(t.TempDir(), "absent.json"))
		t.Setenv(settingOIDCIdpID.env, "no-such-idp")
		t.Setenv(settingOIDCIDToken.env, "not-accepted")
		t.Setenv(settingMetadataEndpoint.env, mock.URL)
		readsWith(t, mock, endpointsOnly(mock), func(st mockapi.Stats) string {
			return wantOnly("the static keys alone", st.ListProfiles > 0 && st.Credentials.Issued() == 0 && st.Credentials.Refused == 0)
		})
	})
	t.Run("a profile over OIDC and metadata", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{}, true)
		t.Setenv(settingProfile.env, "dev")
		t.Setenv(settingSharedConfigFile.env, kooCLIConfig(t))
		t.Setenv(settingOIDCIdpID.env, "no-such-idp")
		t.Setenv(settingOIDCIDToken.env, "not-accepted")
		t.Setenv(settingMetadataEndpoint.env, mock.URL)
		readsWith(t, mock, endpointsOnly(mock), func(st mockapi.Stats) string {
			return wantOnly("the profile's keys alone", st.ListProfiles > 0 && st.Credentials.Issued() == 0 && st.Credentials.Refused == 0)
		})
	})
	t.Run("OIDC over metadata", func(t *testing.T) {
		mock := newCredentialsMock(t, mockapi.Options{}, true)
		t.Setenv(settingOIDCIdpID.env, testIdpID)
		t.Setenv(settingOIDCIDToken.env, testIDToken)
		t.Setenv(settingMetadataEndpoint.env, mock.URL)
		readsWith(t, mock, endpointsOnly(mock), func(st mockapi.Stats) string {
			return wantOnly("OIDC federation, no metadata", st.Credentials.Federated > 0 && st.Credentials.Metadata == 0)
		})
	})
}

// The bad input of each source, and the message a user reads.
func TestAccProvider_badCredentialSources(t *testing.T) {
	mock := newCredentialsMock(t, mockapi.Options{}, false)
	config := kooCLIConfig(t)
	oidc := func(lines ...string) string {
		return "\n  assume_role_with_oidc {\n    " + strings.Join(lines, "\n    ") + "\n  }"
	}
	for name, tc := range map[string]struct {
		settings []string
		want     []string
	}{
		"access_key with OIDC": {
			[]string{`  access_key = "` + testAccessKey + `"`, `  secret_key = "` + testSecretKey + `"`, oidc(`idp_id = "`+testIdpID+`"`, `id_token = "x"`)},
			[]string{"Conflicting credentials", "access_key and assume_role_with_oidc.idp_id are both set in the provider block"},
		},
		"profile missing from the file": {
			[]string{`  shared_config_file = "` + config + `"`, `  profile = "nope"`},
			[]string{"Cannot use the shared config profile", "HW_SHARED_CONFIG_FILE", "HW_PROFILE", `the file has no profile "nope"`, `it has "dev", "member"`},
		},
		"unreadable shared config file": {
			[]string{`  shared_config_file = "` + filepath.Join(t.TempDir(), "absent.json") + `"`},
			[]string{"Cannot use the shared config profile", "HW_SHARED_CONFIG_FILE", "cannot read the file", "no such file or directory"},
		},
		"unknown agency": {
			[]string{`  access_key = "` + testAccessKey + `"`, `  secret_key = "` + testSecretKey + `"`,
				"  assume_role {\n    agency_name = \"nope\"\n    domain_name = \"" + mockapi.DefaultDomainName + "\"\n  }"},
			[]string{"Cannot obtain temporary credentials", "assume_role.agency_name (HW_ASSUME_ROLE_AGENCY_NAME)",
				"HTTP 404", "error_code: " + mockapi.CodeIAMNotFound, `agency "nope" does not exist`, "request_id: "},
		},
		"assume_role without its account": {
			[]string{`  access_key = "` + testAccessKey + `"`, `  secret_key = "` + testSecretKey + `"`, "  assume_role {\n    agency_name = \"x\"\n  }"},
			[]string{"Missing account of the agency", "HW_ASSUME_ROLE_DOMAIN_NAME", "HW_ASSUME_ROLE_DOMAIN_ID"},
		},
		"assume_role duration out of range": {
			[]string{"  assume_role {\n    agency_name = \"x\"\n    domain_name = \"y\"\n    duration = 60\n  }"},
			[]string{"assume_role.duration", "HW_ASSUME_ROLE_DURATION", "from 900 (15 minutes) to 86400"},
		},
		"rejected ID token": {
			[]string{oidc(`idp_id = "`+testIdpID+`"`, `id_token = "not-accepted"`)},
			[]string{"Cannot obtain temporary credentials", "assume_role_with_oidc.id_token (HW_ASSUME_ROLE_ID_TOKEN)",
				"HTTP 401", "error_code: " + mockapi.CodeIAMUnauthorized, "request_id: ", "IAM did not accept the ID token"},
		},
		"unknown identity provider": {
			[]string{oidc(`idp_id = "nope"`, `id_token = "`+testIDToken+`"`)},
			[]string{"assume_role_with_oidc.idp_id (HW_ASSUME_ROLE_IDP_ID)", "HTTP 404", "error_code: " + mockapi.CodeIAMNotFound},
		},
		"missing ID token file": {
			[]string{oidc(`idp_id = "`+testIdpID+`"`, `id_token_file = "`+filepath.Join(t.TempDir(), "absent")+`"`)},
			[]string{"HW_ASSUME_ROLE_ID_TOKEN_FILE", "reading the ID token file", "no such file or directory"},
		},
		"ID token and its file": {
			[]string{oidc(`idp_id = "`+testIdpID+`"`, `id_token = "x"`, `id_token_file = "y"`)},
			[]string{"Conflicting ID tokens", "HW_ASSUME_ROLE_ID_TOKEN", "HW_ASSUME_ROLE_ID_TOKEN_FILE"},
		},
		"OIDC without an identity provider": {
			[]string{oidc(`id_token = "x"`)},
			[]string{"Missing assume_role_with_oidc.idp_id", "HW_ASSUME_ROLE_IDP_ID"},
		},
		"metadata service answering 404": {
			[]string{`  metadata_endpoint = "` + mock.URL + `"`},
			[]string{"Missing credentials", "HW_ACCESS_KEY", "HW_PROFILE", "HW_ASSUME_ROLE_ID_TOKEN", "metadata service at " + mock.URL,
				"HW_METADATA_ENDPOINT", "HTTP 404", "Please configure Cloud Service Agency first"},
		},
		"no metadata service": {
			[]string{`  metadata_endpoint = "http://127.0.0.1:1"`},
			[]string{"Missing credentials", "metadata service at http://127.0.0.1:1", "connection refused"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      endpointsOnly(mock, tc.settings...) + listDataSource,
					ExpectError: errorMatching(tc.want...),
				}},
			})
		})
	}
	if st := mock.Stats(); st.ListProfiles != 0 || st.Credentials.Issued() != 0 {
		t.Errorf("stats = %+v: bad credentials reached Identity Center, or were issued keys", st)
	}
}

// Keys of a KooCLI profile that the gateway or IAM refuses: what to check
// names the profile's settings too, not only the key settings that the user
// did not set.
func TestAccProvider_profileKeysRefused(t *testing.T) {
	mock := newCredentialsMock(t, mockapi.Options{}, false)
	file := writeFile(t, "config.json", fmt.Sprintf(`{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":%q,"secretAccessKey":"wrong-secret"}]}`, testAccessKey))
	for name, extra := range map[string][]string{
		"account lookup": {`  shared_config_file = "` + file + `"`},
		"API call":       {`  shared_config_file = "` + file + `"`, `  domain_id = "` + mockapi.DefaultDomainID + `"`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: endpointsOnly(mock, extra...) + listDataSource,
					ExpectError: errorMatching("HTTP 401", "the KooCLI profile that shared_config_file (HW_SHARED_CONFIG_FILE) "+
						"and profile (HW_PROFILE) name"),
				}},
			})
		})
	}
}

// Keys that live two seconds, and an apply of 60 adoptions under latency
// that outlives them: the provider renews them on the way, with no failed
// request, and every association is adopted and still there.
func TestAccProvider_credentialsRefreshedDuringApply(t *testing.T) {
	const n = 60
	profiles := make([]mockapi.Profile, n)
	for i := range profiles {
		profiles[i] = mockapi.Profile{ProfileID: fmt.Sprintf("p-%016x", 0xa000+i)}
	}
	mock := newCredentialsMock(t, mockapi.Options{
		CredentialLifetime:  2 * time.Second,
		RefusePermanentKeys: true,
		Faults:              mockapi.Faults{Latency: 200 * time.Millisecond},
	}, false, profiles...)
	t.Setenv(settingOIDCIdpID.env, testIdpID)
	t.Setenv(settingOIDCIDTokenFile.env, writeFile(t, "id-token", testIDToken))
	// Each adoption lists on its own, so that the apply takes its time.
	t.Setenv(envCoalescing, "false")

	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + endpointsOnly(mock, `  domain_id = "`+mockapi.DefaultDomainID+`"`) + `
resource "identitycenter_application_profile" "test" {
  count                   = ` + fmt.Sprint(n) + `
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  profile_id              = format("p-%016x", ` + fmt.Sprint(0xa000) + ` + count.index)
}
`})
	before := mock.Stats()
	start := time.Now()
	out := w.mustRun("apply", "-auto-approve", "-input=false", "-parallelism=4")
	took := time.Since(start)
	after := mock.Stats()

	expectSaid(t, out, fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", n))
	issued := after.Credentials.Federated - before.Credentials.Federated
	if took < 2*time.Second || issued < 2 {
		t.Errorf("the apply took %s and was issued %d credentials: it must outlive the first ones and renew them", took, issued)
	}
	if after.Rejected != 0 || after.Credentials.Expired != 0 {
		t.Errorf("stats = %+v: a request was signed with expired or refused keys", after)
	}
	if got := mock.Profiles(testInstanceID, testApplicationID); len(got) != n || after.DeleteProfile != 0 {
		t.Errorf("the store holds %d associations after the apply, deletes %d; want all %d and none", len(got), after.DeleteProfile, n)
	}
	if state := w.mustRun("state", "list"); strings.Count(state, "identitycenter_application_profile.test[") != n {
		t.Errorf("the state lists:\n%s\nwant %d associations", state, n)
	}
	t.Logf("apply of %d adoptions took %s, with %d credentials issued", n, took.Round(time.Millisecond), issued)
}
