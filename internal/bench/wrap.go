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

// The harness measures the provider's memory by standing in for it: the
// dev_overrides directory holds a copy of the harness binary, which Terraform
// starts as the provider. Seeing these variables, it runs the real provider
// as its child and records the child's peak RSS.
const (
	envWrapProvider = "IDENTITYCENTER_BENCH_PROVIDER" // the real provider binary
	envWrapRSSDir   = "IDENTITYCENTER_BENCH_RSS_DIR"  // where each run's peak RSS is written
)

const (
	startedSuffix = ".started"
	rssSuffix     = ".rss"
)

// wrapProvider runs provider with this process's arguments, environment and
// standard streams, so that go-plugin's handshake on stdout passes through
// untouched, forwards signals to it, and writes its peak RSS in bytes to
// rssDir/<pid>.rss when it exits (-1 where the system does not tell). It returns the exit code to exit with.
func wrapProvider(provider, rssDir string) int {
	base := filepath.Join(rssDir, strconv.Itoa(os.Getpid()))
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
	if err := writeAtomic(base+rssSuffix, []byte(strconv.FormatInt(rss, 10))); err != nil {
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

func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// rssWait bounds the wait for provider processes that Terraform has not yet
// reaped when it exits.
const rssWait = 10 * time.Second

// collectRSS returns the highest peak RSS, in bytes, of the provider
// processes started since the last call (-1 if unknown), and how many there
// were, and removes their records. It waits for every started process to
// report.
func collectRSS(rssDir string) (peak int64, processes int, err error) {
	deadline := time.Now().Add(rssWait)
	peak = -1
	for {
		started, done, err := rssRecords(rssDir)
		if err != nil {
			return 0, 0, err
		}
		if len(done) >= len(started) || time.Now().After(deadline) {
			if len(done) < len(started) {
				err = fmt.Errorf("%d of %d provider processes did not report their memory", len(started)-len(done), len(started))
			}
			for _, pid := range started {
				_ = os.Remove(filepath.Join(rssDir, pid+startedSuffix))
			}
			for pid, rss := range done {
				peak = max(peak, rss)
				_ = os.Remove(filepath.Join(rssDir, pid+rssSuffix))
			}
			return peak, len(started), err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rssRecords lists the started processes and the peak RSS of those that
// have finished, by process ID.
func rssRecords(rssDir string) (started []string, done map[string]int64, err error) {
	entries, err := os.ReadDir(rssDir)
	if err != nil {
		return nil, nil, err
	}
	done = map[string]int64{}
	for _, e := range entries {
		name := e.Name()
		if pid, ok := strings.CutSuffix(name, startedSuffix); ok {
			started = append(started, pid)
		}
		if pid, ok := strings.CutSuffix(name, rssSuffix); ok {
			data, err := os.ReadFile(filepath.Join(rssDir, name))
			if err != nil {
				return nil, nil, err
			}
			rss, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", name, err)
			}
			done[pid] = rss
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
