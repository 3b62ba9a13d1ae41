//go:build profiling

// Package profiling writes pprof profiles of the provider process in a
// build with -tags profiling; in any other build, Start does nothing.
//
// provider.pgo, beside it, is the profile every build of the provider is
// optimized with (go build -pgo, devenv.PGOProfile): the CPU profiles such
// a build wrote in three plans and an apply of 1,000 associations, merged
// by `make pgo`.
package profiling

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/providername"
)

// Built with `-tags profiling`, the provider writes the profiles of its
// process into the directory named by providername.ProfileDirVariable, when
// set, one pair per process, since Terraform starts the provider several
// times per command:
//
//   - cpu-<pid>.pprof, the CPU profile from start to exit;
//   - heap-<pid>.pprof, the heap at exit, after a final garbage collection
//     (inuse_space is what the process kept, alloc_space what it allocated).
//
// The benchmark harness's -profile flag builds the provider so and sets the
// variable. Release builds carry none of this.
const envProfileDir = providername.ProfileDirVariable

// Start starts the CPU profile when envProfileDir is set, and
// returns what writes the profiles when the provider is about to exit.
func Start() (stop func()) {
	dir := os.Getenv(envProfileDir)
	if dir == "" {
		return func() {}
	}
	fail := func(err error) { fmt.Fprintf(os.Stderr, "%s: %v\n", envProfileDir, err) }
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
		return func() {}
	}
	name := func(kind string) string { return filepath.Join(dir, fmt.Sprintf("%s-%d.pprof", kind, os.Getpid())) }
	cpu, err := os.Create(name("cpu"))
	if err != nil {
		fail(err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		fail(err)
		cpu.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := cpu.Close(); err != nil {
			fail(err)
		}
		heap, err := os.Create(name("heap"))
		if err != nil {
			fail(err)
			return
		}
		defer heap.Close()
		runtime.GC()
		if err := pprof.Lookup("heap").WriteTo(heap, 0); err != nil {
			fail(err)
		}
	}
}
