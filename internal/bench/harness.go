package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/devenv"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/providername"
)

// The keys the harness's mock accepts; they exist nowhere else.
var benchCredentials = devenv.Credentials{
	AccessKey: "BENCHACCESSKEY000001",
	SecretKey: "bench-secret-key-not-a-real-one",
}

// harness holds what every measurement shares.
type harness struct {
	opts      options
	terraform string
	tmp       string
	bins      devenv.Binaries
	cliConfig string    // dev_overrides pointing at the wrapper
	recordDir string    // the wrapper's usage records
	log       io.Writer // progress
}

func run(ctx context.Context, opts options, out, progress io.Writer) (missed int, err error) {
	started := time.Now()
	terraform, err := devenv.TerraformPath()
	if err != nil {
		return 0, err
	}
	tmp, err := os.MkdirTemp("", "identitycenter-bench-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	if opts.pgoProfile != "" && opts.profileDir == "" {
		opts.profileDir = filepath.Join(tmp, "profiles")
	}
	h := &harness{opts: opts, terraform: terraform, tmp: tmp, log: progress,
		cliConfig: filepath.Join(tmp, "terraformrc"), recordDir: filepath.Join(tmp, "usage")}
	fmt.Fprintln(progress, "Building the provider and the mock API")
	var buildFlags []string
	if opts.profileDir != "" {
		buildFlags = []string{"-tags", "profiling"}
	}
	if h.bins, err = devenv.Build(ctx, filepath.Join(tmp, "bin"), buildFlags...); err != nil {
		return 0, err
	}
	wrapDir := filepath.Join(tmp, "wrap")
	if err := installWrapper(wrapDir); err != nil {
		return 0, fmt.Errorf("installing the provider wrapper: %w", err)
	}
	if err := os.MkdirAll(h.recordDir, 0o755); err != nil {
		return 0, err
	}
	if err := devenv.WriteCLIConfig(h.cliConfig, wrapDir); err != nil {
		return 0, err
	}

	res := newResults(opts.ns, opts.apps, variants())
	for _, n := range opts.ns {
		if err := h.measureN(ctx, n, res); err != nil {
			return 0, err
		}
	}

	fmt.Fprintf(out, "%s\n\n", h.describe(ctx))
	missed = res.writeTables(out)
	fmt.Fprintf(progress, "\nThe benchmark took %s.\n", time.Since(started).Round(time.Second))
	if opts.pgoProfile != "" {
		if err := mergeCPUProfiles(ctx, opts.profileDir, opts.pgoProfile); err != nil {
			return 0, err
		}
		fmt.Fprintf(progress, "Wrote %s; the targets above are not checked, as the provider was built for profiling.\n", opts.pgoProfile)
		return 0, nil
	}
	return missed, nil
}

// mergeCPUProfiles merges the CPU profiles of the provider's processes in
// variant (a), plans and applies, from profileDir into one profile at out.
func mergeCPUProfiles(ctx context.Context, profileDir, out string) error {
	profiles, err := filepath.Glob(filepath.Join(profileDir, "*-a-*", "cpu-*.pprof"))
	if err != nil {
		return err
	}
	if len(profiles) == 0 {
		return fmt.Errorf("no CPU profiles of the provider in %s", profileDir)
	}
	// pprof skips an input it cannot read with a mere warning; an empty one
	// is a provider process that never reached its end.
	for _, p := range profiles {
		info, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("CPU profile: %w", err)
		}
		if info.Size() == 0 {
			return fmt.Errorf("CPU profile %s is empty: its provider process did not exit normally", p)
		}
	}
	var merged bytes.Buffer
	cmd := devenv.Command(ctx, "", nil, "go", append([]string{"tool", "pprof", "-proto"}, profiles...)...)
	cmd.Stdout = &merged
	if err := devenv.Run(cmd); err != nil {
		return err
	}
	// Readable by all, as a checked-out file is.
	return writeAtomic(out, merged.Bytes(), 0o644)
}

// describe says what was run, on what, for the table's heading.
func (h *harness) describe(ctx context.Context) string {
	version := "Terraform (version unknown)"
	cmd := devenv.Command(ctx, "", devenv.Environ(), h.terraform, "version")
	cmd.Env = append(cmd.Env, "CHECKPOINT_DISABLE=1")
	cmd.Stdout, cmd.Stderr = nil, nil
	if outb, err := cmd.Output(); err == nil {
		version, _, _ = strings.Cut(string(outb), "\n")
	}
	ns := make([]string, len(h.opts.ns))
	for i, n := range h.opts.ns {
		ns[i] = strconv.Itoa(n)
	}
	return fmt.Sprintf("N = %s associations over %d application instances; median of %d applies and %d plans; mock latency %s per request; "+
		"terraform -parallelism=%d; %s, %s, %d CPUs.",
		strings.Join(ns, ", "), h.opts.apps, h.opts.applyRuns, h.opts.runs, h.opts.latency, h.opts.parallelism, version, runtime.Version(), runtime.NumCPU())
}

// measureN runs every variant at n against one mock seeded with n
// associations: applies, then plans against the applied state. Runs
// alternate between variants so that a slow spell of a shared machine does
// not fall on one variant only.
func (h *harness) measureN(ctx context.Context, n int, res *results) error {
	w := newWorkload(n, h.opts.apps)
	seedPath := filepath.Join(h.tmp, fmt.Sprintf("seed-%d.json", n))
	if err := w.writeSeed(seedPath); err != nil {
		return err
	}
	flags := []string{"-seed", seedPath}
	if h.opts.latency > 0 {
		// Passed only when asked for, so that -latency 0 works with a mock
		// that has no such flag.
		flags = append(flags, "-latency", h.opts.latency.String())
	}
	fmt.Fprintf(h.log, "\nN=%d: starting the mock API\n", n)
	mock, err := devenv.StartMock(ctx, h.bins.Mock, benchCredentials, flags...)
	if err != nil {
		return err
	}
	defer mock.Stop()

	// The account is given, so that the request counts are those of the
	// configuration alone, without one IAM lookup per Terraform command.
	env := append(devenv.TerraformEnv(h.cliConfig, mock.Endpoint, benchCredentials),
		"HW_DOMAIN_ID="+mockapi.DefaultDomainID,
		envWrapProvider+"="+h.bins.Provider,
		envWrapRecordDir+"="+h.recordDir,
	)
	dirs := map[string]string{}
	for _, v := range res.variants {
		dirs[v.id] = filepath.Join(h.tmp, "work", fmt.Sprintf("%d-%s", n, v.id))
		if err := w.writeConfig(dirs[v.id], v.config); err != nil {
			return err
		}
	}
	parallelism := fmt.Sprintf("-parallelism=%d", h.opts.parallelism)
	for r := range h.opts.applyRuns {
		for _, v := range res.variants {
			// Every apply adopts from scratch; the mock keeps its profiles,
			// since adopting changes nothing there.
			for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
				if err := os.Remove(filepath.Join(dirs[v.id], f)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return err
				}
			}
			s, err := h.terraformRun(ctx, mock, dirs[v.id], h.profileEnv(v.withEnv(env), n, v, "apply", r), "apply", "-input=false", "-no-color", "-auto-approve", parallelism)
			if err != nil {
				return fmt.Errorf("apply of (%s) at N=%d: %w", v.id, n, err)
			}
			res.series[n][v.id].apply = append(res.series[n][v.id].apply, s)
			h.progress(n, "apply", r, h.opts.applyRuns, v, s)
		}
	}
	for r := range h.opts.runs {
		for _, v := range res.variants {
			// -detailed-exitcode makes a plan that finds changes fail: the
			// audit of an applied configuration must find none.
			s, err := h.terraformRun(ctx, mock, dirs[v.id], h.profileEnv(v.withEnv(env), n, v, "plan", r), "plan", "-input=false", "-no-color", "-refresh=true",
				"-detailed-exitcode", parallelism)
			if err != nil {
				return fmt.Errorf("plan of (%s) at N=%d: %w", v.id, n, err)
			}
			res.series[n][v.id].plan = append(res.series[n][v.id].plan, s)
			h.progress(n, "plan", r, h.opts.runs, v, s)
		}
	}
	return nil
}

// profileEnv is env plus, with -profile, the directory where the provider
// processes of this command write their profiles.
func (h *harness) profileEnv(env []string, n int, v variant, command string, run int) []string {
	if h.opts.profileDir == "" || !v.provider {
		return env
	}
	dir := filepath.Join(h.opts.profileDir, fmt.Sprintf("%d-%s-%s-%d", n, v.id, command, run+1))
	return append(env, providername.ProfileDirVariable+"="+dir)
}

func (h *harness) progress(n int, command string, run, runs int, v variant, s sample) {
	fmt.Fprintf(h.log, "N=%d %-5s %d/%d (%s) %-28s %8s (CPU %s)  %5d list requests", n, command, run+1, runs, v.id, v.label, seconds(s.wall), seconds(s.cpu), s.requests.ListProfiles)
	if v.provider {
		fmt.Fprintf(h.log, "  provider CPU %s, peak %s", seconds(s.providerCPU), mebibytes(s.rss))
	}
	fmt.Fprintln(h.log)
}

// terraformRun runs one Terraform command in dir and measures it. Its output
// goes to a log, shown only if it fails.
func (h *harness) terraformRun(ctx context.Context, mock *devenv.Mock, dir string, env []string, args ...string) (sample, error) {
	logPath := filepath.Join(dir, "terraform.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return sample{}, err
	}
	defer logFile.Close()
	before, err := mock.Stats(ctx)
	if err != nil {
		return sample{}, err
	}
	cmd := devenv.Command(ctx, dir, env, h.terraform, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	err = devenv.Run(cmd)
	wall := time.Since(start)
	if ctx.Err() != nil {
		return sample{}, errors.New("interrupted")
	}
	if err != nil {
		return sample{}, fmt.Errorf("%w; the end of its output:\n%s", err, tail(logPath, 40))
	}
	after, err := mock.Stats(ctx)
	if err != nil {
		return sample{}, err
	}
	u, err := collectUsage(h.recordDir)
	if err != nil {
		return sample{}, err
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return sample{wall: wall, cpu: cpu, providerCPU: u.cpu, requests: statsDelta(after, before), rss: u.peakRSS}, nil
}

func statsDelta(after, before mockapi.Stats) mockapi.Stats {
	return mockapi.Stats{
		ListProfiles:  after.ListProfiles - before.ListProfiles,
		DeleteProfile: after.DeleteProfile - before.DeleteProfile,
		Rejected:      after.Rejected - before.Rejected,
		Total:         after.Total - before.Total,
	}
}

// tail returns the last lines of a file, for an error message.
func tail(path string, lines int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var last []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		last = append(last, sc.Text())
		if len(last) > lines {
			last = last[1:]
		}
	}
	return strings.Join(last, "\n")
}
