package mockapi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func writeSeed(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadSeed(t *testing.T) {
	t.Parallel()
	path := writeSeed(t, `{"instances":[
		{"instance_id":"ins-1","application_instances":[
			{"application_instance_id":"app-ins-1","profiles":[
				{"profile_id":"p-2","name":"Second","status":"DISABLED"},
				{"profile_id":"p-1"}
			]},
			{"application_instance_id":"app-ins-2","profiles":[]}
		]},
		{"instance_id":"ins-2","application_instances":[]}
	]}`)

	seed, err := mockapi.LoadSeed(path)
	if err != nil {
		t.Fatalf("LoadSeed: %v", err)
	}
	// LoadSeed keeps the file as written; defaults are New's job.
	want := mockapi.Seed{Instances: []mockapi.Instance{
		{InstanceID: "ins-1", ApplicationInstances: []mockapi.ApplicationInstance{
			{ApplicationInstanceID: "app-ins-1", Profiles: []mockapi.Profile{
				{ProfileID: "p-2", Name: "Second", Status: "DISABLED"},
				{ProfileID: "p-1"},
			}},
			{ApplicationInstanceID: "app-ins-2", Profiles: []mockapi.Profile{}},
		}},
		{InstanceID: "ins-2", ApplicationInstances: []mockapi.ApplicationInstance{}},
	}}
	if !seedEqual(seed, want) {
		t.Errorf("LoadSeed\n got %+v\nwant %+v", seed, want)
	}

	srv, err := mockapi.New(mockapi.Options{Credentials: testCredentials(), Seed: seed})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	want.Instances[0].ApplicationInstances[0].Profiles[1] = mockapi.Profile{ProfileID: "p-1", Name: "Default", Status: "ENABLED"}
	if snap := srv.Snapshot(); !seedEqual(snap, want) {
		t.Errorf("Snapshot after New\n got %+v\nwant %+v", snap, want)
	}
	// The seed given to New is not aliased by the store.
	seed.Instances[0].ApplicationInstances[0].Profiles[0].Name = "mutated"
	if p, _ := srv.Profile("ins-1", "app-ins-1", "p-2"); p.Name != "Second" {
		t.Errorf("store follows changes to the seed: %+v", p)
	}
	// An instance without application instances exists: its app instances
	// are what is missing.
	if got := srv.Profiles("ins-2", "app-ins-1"); got != nil {
		t.Errorf("Profiles(ins-2, app-ins-1) = %v, want nil", got)
	}
}

func TestLoadSeedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		wants   []string
	}{
		{"unknown field", `{"instances":[{"instance_id":"ins-1","apps":[]}]}`, []string{`unknown field "apps"`}},
		{"unknown nested field", `{"instances":[{"instance_id":"ins-1","application_instances":[{"application_instance_id":"app-ins-1","profiles":[{"profile_id":"p-1","state":"ENABLED"}]}]}]}`, []string{`unknown field "state"`}},
		{"bad app prefix", `{"instances":[{"instance_id":"ins-1","application_instances":[{"application_instance_id":"app-1"}]}]}`,
			[]string{`instances[0].application_instances[0].application_instance_id`, `"app-1" does not start with "app-ins-"`}},
		{"duplicate instance", `{"instances":[{"instance_id":"ins-1"},{"instance_id":"ins-1"}]}`,
			[]string{`instances[1].instance_id: duplicate "ins-1"`}},
		{"duplicate app instance", `{"instances":[{"instance_id":"ins-1","application_instances":[{"application_instance_id":"app-ins-1"},{"application_instance_id":"app-ins-1"}]}]}`,
			[]string{`application_instances[1].application_instance_id: duplicate "app-ins-1"`}},
		{"duplicate profile", `{"instances":[{"instance_id":"ins-1","application_instances":[{"application_instance_id":"app-ins-1","profiles":[{"profile_id":"p-1"},{"profile_id":"p-2"},{"profile_id":"p-1"}]}]}]}`,
			[]string{`profiles[2].profile_id: duplicate "p-1", first at profiles[0]`}},
		{"empty ids", `{"instances":[{"instance_id":"","application_instances":[{"application_instance_id":"","profiles":[{"profile_id":""}]}]}]}`,
			[]string{`instances[0].instance_id: must not be empty`, `application_instances[0].application_instance_id: must not be empty`, `profiles[0].profile_id: must not be empty`}},
		{"slash in id", `{"instances":[{"instance_id":"ins/1"}]}`, []string{`"ins/1" contains a slash`}},
		{"not json", `instances: []`, []string{"invalid character"}},
		{"trailing data", `{"instances":[]} {}`, []string{"unexpected data after the JSON object"}},
		{"empty file", "  \n", []string{"empty"}},
		{"wrong type", `{"instances":{}}`, []string{"cannot unmarshal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeSeed(t, tt.content)
			_, err := mockapi.LoadSeed(path)
			if err == nil {
				t.Fatal("LoadSeed succeeded")
			}
			for _, want := range append(tt.wants, path) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestLoadSeedMissingFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "absent.json")
	_, err := mockapi.LoadSeed(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadSeed of a missing file: %v, want an error naming %s", err, path)
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	badSeed := mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: "ins-1", ApplicationInstances: []mockapi.ApplicationInstance{{ApplicationInstanceID: "x"}}}}}
	tests := []struct {
		name string
		opts mockapi.Options
		want string
	}{
		{"no credentials", mockapi.Options{}, "credential"},
		{"empty secret", mockapi.Options{Credentials: []mockapi.Credential{{AccessKey: "AK"}}}, "secret key"},
		{"duplicate access key", mockapi.Options{Credentials: []mockapi.Credential{{AccessKey: "AK", SecretKey: "a"}, {AccessKey: "AK", SecretKey: "b"}}}, `"AK" is given twice`},
		{"invalid seed", mockapi.Options{Credentials: testCredentials(), Seed: badSeed}, `"x" does not start with "app-ins-"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, err := mockapi.New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, %v; want an error containing %q", srv, err, tt.want)
			}
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	t.Parallel()
	seed := mockapi.Seed{Instances: []mockapi.Instance{
		{InstanceID: "ins-1", ApplicationInstances: []mockapi.ApplicationInstance{{ApplicationInstanceID: "bad-1"}}},
		{InstanceID: "ins-2", ApplicationInstances: []mockapi.ApplicationInstance{{ApplicationInstanceID: "bad-2"}}},
	}}
	err := seed.Validate()
	if err == nil || !strings.Contains(err.Error(), "bad-1") || !strings.Contains(err.Error(), "bad-2") {
		t.Errorf("Validate = %v, want both problems", err)
	}
	if err := threeProfiles().Validate(); err != nil {
		t.Errorf("Validate of a good seed: %v", err)
	}
	if err := (mockapi.Seed{}).Validate(); err != nil {
		t.Errorf("Validate of an empty seed: %v", err)
	}
}
