package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The test binary plays both the wrapper, chosen by environment as the
// harness binary is when Terraform starts it, and a fake provider, chosen by
// the name it is started under.
const fakeProviderName = "fake-provider"

// fakeAllocation is what the fake provider touches, so that its peak RSS
// is known to exceed it. It also hashes it, a fixed amount of CPU work
// whatever the load of the machine, of at least fakeCPU on any machine
// that runs the tests.
const (
	fakeAllocation = 64 << 20
	fakeCPU        = 10 * time.Millisecond
)

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == fakeProviderName {
		os.Exit(fakeProvider())
	}
	if provider := os.Getenv(envWrapProvider); provider != "" {
		os.Exit(wrapProvider(provider, os.Getenv(envWrapRecordDir)))
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
	sum := sha256.Sum256(buf)
	fmt.Printf("1|6|unix|/tmp/plugin|grpc|args=%s\n", strings.Join(os.Args[1:], ","))
	_, _ = io.Copy(os.Stdout, os.Stdin)
	fmt.Fprintln(os.Stderr, "provider log line")
	if buf[4096] != 1 || sum == [32]byte{} {
		return 1
	}
	return 3
}

func TestWrapperPassesThroughAndRecordsUsage(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	recordDir, binDir := t.TempDir(), t.TempDir()
	provider := filepath.Join(binDir, fakeProviderName)
	if err := os.Symlink(self, provider); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-debug=false", "x")
	cmd.Env = append(os.Environ(), envWrapProvider+"="+provider, envWrapRecordDir+"="+recordDir)
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

	u, err := collectUsage(recordDir)
	if err != nil {
		t.Fatal(err)
	}
	if u.processes != 1 {
		t.Errorf("processes = %d, want 1", u.processes)
	}
	// The wrapper's own memory must not count, only the provider's, which
	// touched fakeAllocation bytes; a runaway figure would be a unit error.
	if u.peakRSS < fakeAllocation || u.peakRSS > 8*fakeAllocation {
		t.Errorf("peak RSS = %d bytes, want between %d and %d", u.peakRSS, fakeAllocation, 8*fakeAllocation)
	}
	// The provider hashed fakeAllocation bytes; a minute would be a unit error.
	if u.cpu < fakeCPU || u.cpu > time.Minute {
		t.Errorf("provider CPU = %s, want between %s and a minute", u.cpu, fakeCPU)
	}
	if left, _ := os.ReadDir(recordDir); len(left) != 0 {
		t.Errorf("collectUsage left %d records behind", len(left))
	}
}

func TestCollectUsageTakesTheHighestRSSAndAddsCPU(t *testing.T) {
	dir := t.TempDir()
	for pid, record := range map[string]string{"101": "1048576 1000000", "102": "5242880 2000000", "103": "-1 500"} {
		for name, content := range map[string]string{pid + startedSuffix: "", pid + usageSuffix: record} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := usage{peakRSS: 5 << 20, cpu: 3000500 * time.Nanosecond, processes: 3}
	if u, err := collectUsage(dir); err != nil || u != want {
		t.Errorf("collectUsage = %+v, %v; want %+v, nil", u, err, want)
	}
	if u, err := collectUsage(dir); err != nil || u != (usage{peakRSS: -1}) {
		t.Errorf("collectUsage with no provider run = %+v, %v; want no processes, RSS -1", u, err)
	}
}

func TestCollectUsageRejectsAGarbledRecord(t *testing.T) {
	for _, record := range []string{"lots", "1048576", "1048576 x"} {
		dir := t.TempDir()
		for name, content := range map[string]string{"7" + startedSuffix: "", "7" + usageSuffix: record} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := collectUsage(dir); err == nil || !strings.Contains(err.Error(), "7.usage") {
			t.Errorf("collectUsage of %q = %v, want an error naming 7.usage", record, err)
		}
	}
}
