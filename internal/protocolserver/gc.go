package protocolserver

import "strings"

// The provider's live heap is small, a few MiB whatever the number of
// resources, while every resource of a plan allocates about 300 KB in the
// framework and terraform-plugin-go. With Go's default GOGC of 100 and its
// 4 MiB minimum heap, the collector ran every dozen resources and took a
// fifth of the provider's CPU in a plan of 1,000 resources. Letting the
// heap grow to five times the live heap (GOGC=400) cuts that to a few per
// cent for some 10 MiB more memory; the soft limit makes the collector work
// harder again before the heap passes it, so a provider that holds a lot,
// such as a large list, grows no further than with the default would it
// hold half the limit.
const (
	gcPercent   = 400
	memoryLimit = 64 << 20
)

// GCSettings returns the GOGC percentage and the soft memory limit, in
// bytes, to serve with, or ok false when environ sets GOGC or GOMEMLIMIT:
// whoever sets them decides.
func GCSettings(environ []string) (percent int, limit int64, ok bool) {
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if name == "GOGC" || name == "GOMEMLIMIT" {
			return 0, 0, false
		}
	}
	return gcPercent, memoryLimit, true
}
