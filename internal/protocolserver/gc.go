package protocolserver

import "strings"

// The provider's live heap is small, a few MiB whatever the number of
// resources, while every resource of a plan allocates about 300 KB in the
// framework and terraform-plugin-go. With Go's default GOGC of 100 and its
// 4 MiB minimum heap, the collector ran every dozen resources and took an
// eighth of the provider's CPU in a plan of 1,000 resources. GOGC=200 halves
// that for about 6 MiB more memory (GOGC=400 saved a little more CPU but
// cost 18 MiB, a third of the peak RSS). The soft limit makes the collector
// work harder again before the heap passes it, so that a provider holding a
// lot, such as a large list, grows no further than it would with the
// default once it holds a third of the limit.
const (
	gcPercent   = 200
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
