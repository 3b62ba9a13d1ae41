package providername

import (
	"path"
	"runtime/debug"
	"testing"
)

// The module path ends in the binary's name, from which the GNUmakefile
// derives the type name it gives the documentation generator.
func TestModulePathEndsInBinary(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("no build information")
	}
	if got := path.Base(info.Main.Path); got != Binary {
		t.Errorf("the module path %q ends in %q, want %q", info.Main.Path, got, Binary)
	}
}
