//go:build !profiling

package profiling

// Start does nothing: only a build with -tags profiling writes profiles (see
// profiling.go).
func Start() (stop func()) { return func() {} }
