//go:build !profiling

package main

// startProfiling does nothing: only a build with -tags profiling writes
// profiles (see profiling.go).
func startProfiling() (stop func()) { return func() {} }
