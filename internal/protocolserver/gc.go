package protocolserver

import "strings"

// The provider's live heap is small, while every resource of a plan
// allocates about 300 KB in the framework and terraform-plugin-go. With Go's
// default GOGC of 100 and its 4 MiB minimum heap, the collector ran every
// dozen resources and took an eighth of the provider's CPU in a plan of
// 1,000 resources. GOGC=400 cuts the provider's CPU in that plan by about a
// tenth against GOGC=200 (1.28 to 1.11 ms a resource), for a peak RSS of
// 42 to 44 MiB instead of 37 to 38; GOGC=800 saved nothing more, as the
// heap then meets the limit below, and took the peak RSS to 54 MiB. (An
// earlier measurement, before detach kept less of each request, put
// GOGC=400 at 51 to 57 MiB.)
//
// The live heap grows a little with the number of requests of a command:
// what is left of each request's context, which the framework keeps until
// StopProvider (see Server), about 0.5 KiB a resource since detach lets go
// of all but a few words of it (1.2 KiB before, when an apply of 10,000
// adoptions peaked at 66 MiB RSS with GOGC=200). The soft memory limit makes
// the collector work harder as the memory of the Go runtime nears it, so
// that a large command stays near it rather than at five times its live
// heap; the runtime caps the collector's share of the CPU should the live
// heap ever pass it. The limit counts the runtime's memory, not the
// process's: the RSS adds the binary's mapped code and data, some 10 MiB.
const (
	gcPercent   = 400
	memoryLimit = 40 << 20
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
