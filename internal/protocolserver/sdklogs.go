package protocolserver

import (
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/providername"
)

// Unless told otherwise through these variables, the loggers of
// terraform-plugin-go (TF_LOG_SDK, TF_LOG_SDK_PROTO),
// terraform-plugin-framework (TF_LOG_SDK_FRAMEWORK) and the provider's own
// tflog logger (TF_LOG_PROVIDER_ followed by the provider's type name) write
// every line, TRACE included, as JSON to stderr. Terraform reads each line
// back and drops it unless TF_LOG or TF_LOG_PROVIDER asks for provider logs.
// In a plan of 1,000 resources those unread logs cost a third of the
// provider's CPU time and more than a second of Terraform's.
var loggerLevelVariables = []string{
	"TF_LOG_SDK",
	"TF_LOG_SDK_PROTO",
	"TF_LOG_SDK_FRAMEWORK",
	"TF_LOG_PROVIDER_" + strings.ToUpper(providername.TypeName),
}

// UnreadLoggers returns the logger level variables to set to "off" because
// nobody would read what those loggers write: none when environ sets any
// TF_LOG* variable (the ones Terraform reads, those above, TF_LOG_PATH and
// whatever a later release adds) or TF_ACC_LOG_PATH, nor in debug mode,
// where the provider's stderr is the terminal of whoever started it.
func UnreadLoggers(debug bool, environ []string) []string {
	if debug {
		return nil
	}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		name = strings.ToUpper(name) // Windows variable names ignore case
		if value != "" && (strings.HasPrefix(name, "TF_LOG") || name == "TF_ACC_LOG_PATH") {
			return nil
		}
	}
	return loggerLevelVariables
}
