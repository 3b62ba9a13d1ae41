// Command bench measures `terraform plan` and `terraform apply` over many
// application profiles against the mock API, side by side for
//
//	(a) the provider;
//	(b) the provider with list coalescing switched off
//	    (HW_IDENTITY_CENTER_COALESCING=false);
//	(c) as many terraform_data resources: Terraform's own cost, no provider.
//
// For each it reports the median wall time of apply and of a plan against
// the applied state (with refresh, as an audit runs it), the API requests
// each made, read from the mock's counters, and the provider's peak RSS. It
// prints a markdown table, the ratios a/b and a/c, and whether the targets
// are met; the exit status is 1 if one is missed. With -pgo it writes the
// provider's PGO profile instead, and checks no target.
//
// Run it from the repository root with `make bench` or
// `go run ./internal/bench [-n 100,1000] [-apps 10] [-runs 3] [-apply-runs 1] [-latency 20ms] [-profile DIR] [-pgo FILE]`.
// It needs Go and a Terraform CLI on PATH and works offline: everything it
// builds and generates lives in a temporary directory removed on exit, but
// for the profiles of -profile and the file of -pgo.
//
// It runs the provider as a built binary through internal/devenv, and
// never imports the provider or the client.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if provider := os.Getenv(envWrapProvider); provider != "" {
		os.Exit(wrapProvider(provider, os.Getenv(envWrapRecordDir)))
	}
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	missed, err := run(ctx, opts, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench failed:", err)
		os.Exit(1)
	}
	if missed > 0 {
		fmt.Fprintf(os.Stderr, "bench: %d of the targets missed\n", missed)
		os.Exit(1)
	}
}

// options are the command line.
type options struct {
	ns          []int
	apps        int
	runs        int // plans
	applyRuns   int
	latency     time.Duration
	parallelism int
	profileDir  string // where the provider processes write their profiles; none if empty
	pgoProfile  string // where (a)'s CPU profiles are merged into the profile builds use; none if empty
}

// defaultLatency is added by the mock to every API request. It models the
// network round trip to the real API, which answers over the internet in
// tens of milliseconds where a loopback mock answers in about 100 µs.
const defaultLatency = 20 * time.Millisecond

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ns := fs.String("n", "100,1000", "comma-separated numbers of associations to measure")
	opts := options{}
	fs.IntVar(&opts.apps, "apps", 10, "application instances the associations are spread over")
	fs.IntVar(&opts.runs, "runs", 3, "plans per variant and N; the table shows medians")
	fs.IntVar(&opts.applyRuns, "apply-runs", 1, "applies from an empty state per variant and N, the slowest part of a run; the table shows medians")
	fs.DurationVar(&opts.latency, "latency", defaultLatency, "latency the mock adds to every API request, modelling the network round trip; 0 for none")
	fs.IntVar(&opts.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&opts.profileDir, "profile", "", "build the provider with -tags profiling and keep a CPU and a heap profile of every provider process in "+
		"`DIR`/<N>-<variant>-<command>-<run>/ (see BENCHMARKS.md)")
	fs.StringVar(&opts.pgoProfile, "pgo", "", "profile the provider as -profile does, then merge the CPU profiles of (a) into `FILE`, "+
		"the profile the provider is built with (make pgo); no target is checked, as a profiling build is no measurement")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if opts.pgoProfile != "" {
		// Found out now rather than after the whole run.
		if info, err := os.Stat(filepath.Dir(opts.pgoProfile)); err != nil || !info.IsDir() {
			return options{}, fmt.Errorf("-pgo: %s is not in an existing directory", opts.pgoProfile)
		}
	}
	if opts.profileDir != "" {
		// Terraform runs the provider in each configuration's directory.
		dir, err := filepath.Abs(opts.profileDir)
		if err != nil {
			return options{}, fmt.Errorf("-profile: %w", err)
		}
		opts.profileDir = dir
	}
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return options{}, fmt.Errorf("-n: %q is not a positive number of associations", f)
		}
		opts.ns = append(opts.ns, n)
	}
	switch {
	case opts.apps < 1:
		return options{}, fmt.Errorf("-apps: %d, want at least 1", opts.apps)
	case opts.runs < 1:
		return options{}, fmt.Errorf("-runs: %d, want at least 1", opts.runs)
	case opts.applyRuns < 1:
		return options{}, fmt.Errorf("-apply-runs: %d, want at least 1", opts.applyRuns)
	case opts.latency < 0:
		return options{}, fmt.Errorf("-latency: %s, want 0 or more", opts.latency)
	case opts.parallelism < 1:
		return options{}, fmt.Errorf("-parallelism: %d, want at least 1", opts.parallelism)
	}
	return opts, nil
}

// variants are what is compared, in table order.
func variants() []variant {
	return []variant{
		{id: "a", label: "provider", provider: true, config: providerConfig},
		{id: "b", label: "provider, coalescing off", provider: true, config: providerConfig,
			env: []string{"HW_IDENTITY_CENTER_COALESCING=false"}},
		{id: "c", label: "terraform_data, no provider", config: floorConfig},
	}
}
