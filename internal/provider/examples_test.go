package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// TestAccExamples_planCleanlyAgainstTheOfflineSeed plans each resource's and
// data source's documented example against the seed of the offline-testing
// guide: an example that names an association the seed lacks shows as a
// warning or an error, and fails the test.
func TestAccExamples_planCleanlyAgainstTheOfflineSeed(t *testing.T) {
	examples, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "identitycenter_*", "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := mockapi.LoadSeed(filepath.Join("..", "..", "examples", "guides", "testing-offline", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	mock := newTestMock(t, seed)
	configureFromEnvironment(t, mock)

	planned := 0
	for _, example := range examples {
		// Import examples need a resource to import into; the docs check
		// validates them.
		if base := filepath.Base(example); base != "resource.tf" && base != "data-source.tf" {
			continue
		}
		t.Run(filepath.Base(filepath.Dir(example)), func(t *testing.T) {
			config, err := os.ReadFile(example)
			if err != nil {
				t.Fatal(err)
			}
			w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + string(config)})
			out := w.mustRun("plan", "-input=false", "-json")
			for _, d := range diagnosticsOf(t, out) {
				t.Errorf("%s: %s: %s: %s", example, d.Severity, d.Summary, d.Detail)
			}
		})
		planned++
	}
	if planned < 3 {
		t.Errorf("planned %d examples, want the 2 resources' and the data source's", planned)
	}
	if n := mock.Stats().DeleteProfile; n != 0 {
		t.Errorf("planning the examples sent %d delete requests", n)
	}
}
