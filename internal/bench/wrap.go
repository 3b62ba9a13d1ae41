package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/devenv"
)

// The harness measures the provider's memory and CPU by standing in for it:
// the dev_overrides directory holds a copy of the harness binary, which
// Terraform starts as the provider. Seeing these variables, it runs the real
// provider as its child and records the child's peak RSS and CPU time.
const (
	envWrapProvider  = "IDENTITYCENTER_BENCH_PROVIDER"   // the real provider binary
	envWrapRecordDir = "IDENTITYCENTER_BENCH_RECORD_DIR" // where each run's usage is written
)

const (
	startedSuffix = ".started"
	usageSuffix   = ".usage"
)

// usage is what the provider processes of one Terraform command used.
type usage struct {
	peakRSS   int64         // the highest peak RSS of them, in bytes; -1 if unknown
	cpu       time.Duration // user and system time, summed over them
	processes int
}

// wrapProvider runs provider with this process's arguments, environment and
// standard streams, so that go-plugin's handshake on stdout passes through
// untouched, forwards signals to it, and writes its peak RSS in bytes (-1
// where the system does not tell) and its CPU time in nanoseconds to
// recordDir/<pid>.usage when it exits. It returns the exit code to exit with.
func wrapProvider(provider, recordDir string) int {
	base := filepath.Join(recordDir, strconv.Itoa(os.Getpid()))
	if err := os.WriteFile(base+startedSuffix, nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "provider wrapper:", err)
		return 1
	}
	cmd := exec.Command(provider, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = childProcAttr()
	// Notify before Start: a signal in between would otherwise stop the
	// wrapper and leave the provider behind.
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "provider wrapper:", err)
		return 1
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	signal.Stop(signals)
	rss, ok := maxRSS(cmd.ProcessState)
	if !ok {
		rss = -1 // unknown on this system; reported so that the harness need not wait
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if err := writeAtomic(base+usageSuffix, fmt.Appendf(nil, "%d %d", rss, cpu.Nanoseconds()), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "provider wrapper:", err)
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
		return exitErr.ExitCode()
	default:
		return 1
	}
}

// writeAtomic writes data to path, with perm, so that no reader sees it half
// written.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// usageWait bounds the wait for provider processes that Terraform has not
// yet reaped when it exits.
const usageWait = 10 * time.Second

// collectUsage returns what the provider processes started since the last
// call used, and removes their records. It waits for every started process
// to report.
func collectUsage(recordDir string) (usage, error) {
	deadline := time.Now().Add(usageWait)
	for {
		started, done, err := usageRecords(recordDir)
		if err != nil {
			return usage{}, err
		}
		if len(done) >= len(started) || time.Now().After(deadline) {
			if len(done) < len(started) {
				err = fmt.Errorf("%d of %d provider processes did not report their usage", len(started)-len(done), len(started))
			}
			for _, pid := range started {
				_ = os.Remove(filepath.Join(recordDir, pid+startedSuffix))
			}
			u := usage{peakRSS: -1, processes: len(started)}
			for pid, d := range done {
				u.peakRSS = max(u.peakRSS, d.peakRSS)
				u.cpu += d.cpu
				_ = os.Remove(filepath.Join(recordDir, pid+usageSuffix))
			}
			return u, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// usageRecords lists the started processes and the usage of those that
// have finished, by process ID.
func usageRecords(recordDir string) (started []string, done map[string]usage, err error) {
	entries, err := os.ReadDir(recordDir)
	if err != nil {
		return nil, nil, err
	}
	done = map[string]usage{}
	for _, e := range entries {
		name := e.Name()
		if pid, ok := strings.CutSuffix(name, startedSuffix); ok {
			started = append(started, pid)
		}
		if pid, ok := strings.CutSuffix(name, usageSuffix); ok {
			data, err := os.ReadFile(filepath.Join(recordDir, name))
			if err != nil {
				return nil, nil, err
			}
			var rss, cpu int64
			if _, err := fmt.Sscanf(string(data), "%d %d", &rss, &cpu); err != nil {
				return nil, nil, fmt.Errorf("%s: %q is not <peak RSS> <CPU ns>: %w", name, data, err)
			}
			done[pid] = usage{peakRSS: rss, cpu: time.Duration(cpu), processes: 1}
		}
	}
	return started, done, nil
}

// installWrapper copies this executable into dir under the provider's name,
// for dev_overrides to point at.
func installWrapper(dir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	in, err := os.Open(self)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(filepath.Join(dir, devenv.ProviderBinary), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
