package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The test binary plays both the wrapper, chosen by environment as the
// harness binary is when Terraform starts it, and a fake provider, chosen by
// the name it is started under.
const fakeProviderName = "fake-provider"

// fakeAllocation is what the fake provider touches, so that its peak RSS
// is known to exceed it.
const fakeAllocation = 64 << 20

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == fakeProviderName {
		os.Exit(fakeProvider())
	}
	if provider := os.Getenv(envWrapProvider); provider != "" {
		os.Exit(wrapProvider(provider, os.Getenv(envWrapRSSDir)))
	}
	os.Exit(m.Run())
}

// fakeProvider writes a handshake-like line with its arguments to stdout,
// copies stdin to stdout, says something on stderr, and exits 3.
func fakeProvider() int {
	buf := make([]byte, fakeAllocation)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	fmt.Printf("1|6|unix|/tmp/plugin|grpc|args=%s\n", strings.Join(os.Args[1:], ","))
	_, _ = io.Copy(os.Stdout, os.Stdin)
	fmt.Fprintln(os.Stderr, "provider log line")
	if buf[4096] != 1 {
		return 1
	}
	return 3
}

func TestWrapperPassesThroughAndRecordsPeakRSS(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rssDir, binDir := t.TempDir(), t.TempDir()
	provider := filepath.Join(binDir, fakeProviderName)
	if err := os.Symlink(self, provider); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-debug=false", "x")
	cmd.Env = append(os.Environ(), envWrapProvider+"="+provider, envWrapRSSDir+"="+rssDir)
	cmd.Stdin = strings.NewReader("from terraform\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()

	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit code = %d (%v), want the provider's 3; stderr:\n%s", code, err, stderr.String())
	}
	if want := "1|6|unix|/tmp/plugin|grpc|args=-debug=false,x\nfrom terraform\n"; stdout.String() != want {
		t.Errorf("stdout = %q, want %q untouched", stdout.String(), want)
	}
	if want := "provider log line\n"; stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}

	peak, processes, err := collectRSS(rssDir)
	if err != nil {
		t.Fatal(err)
	}
	if processes != 1 {
		t.Errorf("processes = %d, want 1", processes)
	}
	// The wrapper's own memory must not count, only the provider's, which
	// touched fakeAllocation bytes; a runaway figure would be a unit error.
	if peak < fakeAllocation || peak > 8*fakeAllocation {
		t.Errorf("peak RSS = %d bytes, want between %d and %d", peak, fakeAllocation, 8*fakeAllocation)
	}
	if left, _ := os.ReadDir(rssDir); len(left) != 0 {
		t.Errorf("collectRSS left %d records behind", len(left))
	}
}

func TestCollectRSSTakesTheHighest(t *testing.T) {
	dir := t.TempDir()
	for pid, rss := range map[string]string{"101": "1048576", "102": "5242880", "103": "-1"} {
		for name, content := range map[string]string{pid + startedSuffix: "", pid + rssSuffix: rss} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	peak, processes, err := collectRSS(dir)
	if err != nil || peak != 5<<20 || processes != 3 {
		t.Errorf("collectRSS = %d, %d, %v; want %d, 3, nil", peak, processes, err, 5<<20)
	}
	peak, processes, err = collectRSS(dir)
	if err != nil || peak != -1 || processes != 0 {
		t.Errorf("collectRSS with no provider run = %d, %d, %v; want -1, 0, nil", peak, processes, err)
	}
}

func TestCollectRSSRejectsAGarbledRecord(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"7" + startedSuffix: "", "7" + rssSuffix: "lots"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := collectRSS(dir); err == nil || !strings.Contains(err.Error(), "7.rss") {
		t.Errorf("collectRSS = %v, want an error naming 7.rss", err)
	}
}
