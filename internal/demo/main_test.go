package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDemoCleansUpWhenItsOutputCloses runs the demo as `make demo | head`
// does: the reader goes away while Terraform runs. The demo must then stop
// Terraform, its provider and the mock API, and remove its temporary files.
func TestDemoCleansUpWhenItsOutputCloses(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("the demo runs the Terraform CLI: set TF_ACC=1")
	}
	tmp := t.TempDir()
	demo := filepath.Join(tmp, "demo")
	if out, err := exec.Command("go", "build", "-o", demo, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the demo: %v\n%s", err, out)
	}
	// The demo's temporary directory, and so every binary it starts, lies
	// under this one.
	demoTmp := filepath.Join(tmp, "run")
	if err := os.Mkdir(demoTmp, 0o700); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(demo)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "TMPDIR="+demoTmp)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Read until Terraform runs, then close the pipe, as head does.
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "$ ") {
	}
	if err := stdout.Close(); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the demo exited with 0 after its output closed, want 1")
		}
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("the demo did not stop after its output closed\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "demo stopped: its output was closed") {
		t.Errorf("the demo does not say why it stopped:\n%s", stderr.String())
	}

	// Terraform stops its providers as it exits; give the kernel a moment
	// to reap them.
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := processesUnder(t, demoTmp)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			for _, p := range left {
				if proc, err := os.FindProcess(p.pid); err == nil {
					_ = proc.Kill()
				}
			}
			t.Fatalf("processes left running after the demo stopped: %v", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if entries, err := os.ReadDir(demoTmp); err != nil || len(entries) > 0 {
		t.Errorf("the demo left temporary files: %v %v", entries, err)
	}
}

type process struct {
	pid     int
	cmdline string
}

// processesUnder lists the running processes whose executable lies under
// dir.
func processesUnder(t *testing.T, dir string) []process {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to list processes: %v", err)
	}
	var found []process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		if s := strings.ReplaceAll(string(cmdline), "\x00", " "); strings.HasPrefix(s, dir) {
			found = append(found, process{pid, s})
		}
	}
	return found
}
