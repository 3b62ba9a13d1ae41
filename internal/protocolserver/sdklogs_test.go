package protocolserver

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/provider"
)

func TestUnreadLoggers(t *testing.T) {
	t.Parallel()
	all := loggerLevelVariables
	for _, tc := range []struct {
		name    string
		debug   bool
		environ []string
		want    []string
	}{
		{"no log settings", false, []string{"HOME=/home/u", "HW_ACCESS_KEY=AK"}, all},
		{"empty TF_LOG, as Terraform reads it, asks for nothing", false, []string{"TF_LOG="}, all},
		{"unrelated TF_ variables", false, []string{"TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=/x", "TF_PLUGIN_MAGIC_COOKIE=c"}, all},
		{"TF_LOG=trace", false, []string{"TF_LOG=trace"}, nil},
		{"TF_LOG=TRACE", false, []string{"TF_LOG=TRACE"}, nil},
		{"TF_LOG=json", false, []string{"TF_LOG=json"}, nil},
		{"TF_LOG_PROVIDER", false, []string{"TF_LOG_PROVIDER=debug"}, nil},
		{"the provider's own logger", false, []string{"TF_LOG_PROVIDER_IDENTITYCENTER=info"}, nil},
		{"TF_LOG_SDK", false, []string{"TF_LOG_SDK=trace"}, nil},
		{"TF_LOG_SDK_PROTO", false, []string{"TF_LOG_SDK_PROTO=trace"}, nil},
		{"TF_LOG_SDK_FRAMEWORK", false, []string{"TF_LOG_SDK_FRAMEWORK=debug"}, nil},
		{"TF_LOG_PATH", false, []string{"TF_LOG_PATH=/tmp/tf.log"}, nil},
		{"TF_LOG_CORE", false, []string{"TF_LOG_CORE=trace"}, nil},
		{"TF_ACC_LOG_PATH", false, []string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, nil},
		{"lower-case name, as Windows allows", false, []string{"tf_log=trace"}, nil},
		{"a setting among others", false, []string{"HOME=/h", "TF_IN_AUTOMATION=1", "TF_LOG=warn", "PATH=/bin"}, nil},
		{"debug mode: stderr is a terminal", true, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := UnreadLoggers(tc.debug, tc.environ); !slices.Equal(got, tc.want) {
				t.Errorf("UnreadLoggers(%v, %q) = %q, want %q", tc.debug, tc.environ, got, tc.want)
			}
		})
	}
}

// The provider's logger reads TF_LOG_PROVIDER_ followed by the type name of
// the address the provider is served under, upper case.
func TestUnreadLoggersNamesTheProviderLogger(t *testing.T) {
	t.Parallel()
	want := "TF_LOG_PROVIDER_" + strings.ToUpper(strings.ReplaceAll(path.Base(provider.RegistryAddress), "-", "_"))
	if !slices.Contains(loggerLevelVariables, want) {
		t.Errorf("loggerLevelVariables = %q, want it to include %s", loggerLevelVariables, want)
	}
}
