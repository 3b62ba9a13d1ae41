package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func TestMedian(t *testing.T) {
	id := func(x int64) int64 { return x }
	for _, tc := range []struct {
		in   []int64
		want int64
	}{
		{nil, 0},
		{[]int64{7}, 7},
		{[]int64{9, 1, 5}, 5},
		{[]int64{4, 1, 3, 2}, 2}, // (2+3)/2 in integer arithmetic
		{[]int64{10, 30, 20, 1000}, 25},
		{[]int64{3, 3, 100}, 3},
	} {
		if got := median(tc.in, id); got != tc.want {
			t.Errorf("median(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestMedianLeavesInputUnsorted(t *testing.T) {
	in := []int64{3, 1, 2}
	median(in, func(x int64) int64 { return x })
	if in[0] != 3 || in[1] != 1 || in[2] != 2 {
		t.Errorf("median reordered its input: %v", in)
	}
}

func TestSummarize(t *testing.T) {
	mk := func(wall time.Duration, lists, total, rss int64) sample {
		return sample{wall: wall, cpu: wall / 2, providerCPU: wall / 4, requests: mockapi.Stats{ListProfiles: lists, Total: total}, rss: rss}
	}
	s := series{
		plan:  []sample{mk(3*time.Second, 10, 10, 30<<20), mk(1*time.Second, 12, 12, 20<<20), mk(2*time.Second, 10, 11, 25<<20)},
		apply: []sample{mk(5*time.Second, 20, 20, 40<<20)},
	}
	got := s.summarize()
	want := summary{plan: 2 * time.Second, planCPU: time.Second, planProviderCPU: 500 * time.Millisecond, apply: 5 * time.Second,
		applyCPU: 2500 * time.Millisecond, planLists: 10, applyLists: 20, planOther: 0, applyOther: 0, rss: 40 << 20}
	if got != want {
		t.Errorf("summarize = %+v, want %+v", got, want)
	}
	if got := (series{}).summarize().rss; got != -1 {
		t.Errorf("peak RSS without samples = %d, want -1 (none)", got)
	}
}

// at is a sample whose provider CPU is a fifth of the command's.
func at(wall, cpu time.Duration, lists, total, rss int64) sample {
	return sample{wall: wall, cpu: cpu, providerCPU: cpu / 5, requests: mockapi.Stats{ListProfiles: lists, Total: total}, rss: rss}
}

// fill gives every run of a variant the same sample.
func fill(r *results, n int, id string, runs int, plan, apply sample) {
	for range runs {
		s := r.series[n][id]
		s.plan, s.apply = append(s.plan, plan), append(s.apply, apply)
	}
}

func TestWriteTables(t *testing.T) {
	r := newResults([]int{100, 1000}, 10, variants())
	ms := time.Millisecond
	fill(r, 100, "a", 3, at(1000*ms, 900*ms, 10, 10, 30<<20), at(2000*ms, 1500*ms, 20, 20, 31<<20))
	fill(r, 100, "b", 3, at(2000*ms, 1000*ms, 100, 100, 30<<20), at(4000*ms, 3000*ms, 300, 300, 31<<20))
	fill(r, 100, "c", 3, at(800*ms, 600*ms, 0, 0, -1), at(1600*ms, 1000*ms, 0, 0, -1))
	fill(r, 1000, "a", 3, at(2700*ms, 2200*ms, 10, 10, 50<<20), at(6000*ms, 5000*ms, 20, 23, 60<<20))
	fill(r, 1000, "b", 3, at(12000*ms, 6000*ms, 1000, 1000, 50<<20), at(20000*ms, 9000*ms, 3000, 3000, 60<<20))
	fill(r, 1000, "c", 3, at(2500*ms, 2000*ms, 0, 0, -1), at(5000*ms, 4000*ms, 0, 0, -1))

	var b strings.Builder
	missed := r.writeTables(&b)
	want := `| N | Variant | plan | plan CPU | provider CPU per resource, plan | apply | apply CPU | list requests per plan | list requests per apply | provider peak RSS |
|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|
| 100 | (a) provider | 1.00 s | 0.90 s | 1.80 ms | 2.00 s | 1.50 s | 10 | 20 | 31.0 MiB |
| 100 | (b) provider, coalescing off | 2.00 s | 1.00 s | 2.00 ms | 4.00 s | 3.00 s | 100 | 300 | 31.0 MiB |
| 100 | (c) terraform_data, no provider | 0.80 s | 0.60 s | – | 1.60 s | 1.00 s | – | – | – |
| 1000 | (a) provider | 2.70 s | 2.20 s | 0.44 ms | 6.00 s | 5.00 s | 10 | 20 (+3 other) | 60.0 MiB |
| 1000 | (b) provider, coalescing off | 12.00 s | 6.00 s | 1.20 ms | 20.00 s | 9.00 s | 1000 | 3000 | 60.0 MiB |
| 1000 | (c) terraform_data, no provider | 2.50 s | 2.00 s | – | 5.00 s | 4.00 s | – | – | – |

| N | plan a/c | plan CPU a/c | apply a/c | apply CPU a/c | plan a/b | apply a/b |
|--:|--:|--:|--:|--:|--:|--:|
| 100 | 1.25 | 1.50 | 1.25 | 1.50 | 0.50 | 0.50 |
| 1000 | 1.08 | 1.10 | 1.20 | 1.25 | 0.23 | 0.30 |

- PASS list requests per plan of 1000 associations over 10 application instances: 10 (target <= 10)
- PASS list requests per apply of 1000 adoptions over 10 application instances: 20 (target <= 20)
- PASS plan CPU at N=1000, provider / terraform_data floor (a/c): 1.10 (target <= 1.15)
- PASS plan wall time at N=1000, provider / terraform_data floor (a/c): 1.08 (target <= 1.10)
- PASS provider peak memory at N=1000: 60.0 MiB (target < 100.0 MiB)
`
	if b.String() != want {
		t.Errorf("tables:\n%s\nwant:\n%s", b.String(), want)
	}
	if missed != 0 {
		t.Errorf("missed = %d, want 0", missed)
	}
}

func TestWriteTablesReportsEveryMissedTarget(t *testing.T) {
	r := newResults([]int{1000}, 10, variants())
	fill(r, 1000, "a", 1, at(4*time.Second, 2*time.Second, 11, 11, 100<<20), at(time.Second, time.Second, 21, 21, 1<<20))
	fill(r, 1000, "b", 1, at(5*time.Second, time.Second, 1000, 1000, 1<<20), sample{})
	fill(r, 1000, "c", 1, at(2*time.Second, time.Second, 0, 0, -1), sample{})

	out := expectTargets(t, r, 5,
		"- FAIL list requests per plan of 1000 associations over 10 application instances: 11 (target <= 10)",
		"- FAIL list requests per apply of 1000 adoptions over 10 application instances: 21 (target <= 20)",
		"- FAIL plan CPU at N=1000, provider / terraform_data floor (a/c): 2.00 (target <= 1.15)",
		"- FAIL plan wall time at N=1000, provider / terraform_data floor (a/c): 2.00 (target <= 1.10)",
		"- FAIL provider peak memory at N=1000: 100.0 MiB (target < 100.0 MiB)",
	)
	if strings.Contains(out, "a/b)") {
		t.Errorf("a/b is shown, but is no target:\n%s", out)
	}
}

func TestWriteTablesChecksTheLargeTargets(t *testing.T) {
	r := newResults([]int{10000}, 100, variants())
	fill(r, 10000, "a", 1, at(13*time.Second, 12*time.Second, 100, 100, 59<<20), at(time.Second, time.Second, 201, 201, 1<<20))
	fill(r, 10000, "c", 1, at(10*time.Second, 10*time.Second, 0, 0, -1), sample{})

	out := expectTargets(t, r, 2,
		"- PASS list requests per plan of 10000 associations over 100 application instances: 100 (target <= 100)",
		"- FAIL list requests per apply of 10000 adoptions over 100 application instances: 201 (target <= 200)",
		"- FAIL plan wall time at N=10000, provider / terraform_data floor (a/c): 1.30 (target <= 1.25)",
		"- PASS provider peak memory at N=10000: 59.0 MiB (target < 60.0 MiB)",
	)
	if strings.Contains(out, "plan CPU at N=10000") {
		t.Errorf("plan CPU a/c is a target at N=1000 only:\n%s", out)
	}
}

// expectTargets checks that r's tables miss wantMissed targets and have
// every line, and returns them.
func expectTargets(t *testing.T, r *results, wantMissed int, lines ...string) string {
	t.Helper()
	var b strings.Builder
	if missed := r.writeTables(&b); missed != wantMissed {
		t.Errorf("missed = %d, want %d", missed, wantMissed)
	}
	out := b.String()
	for _, line := range lines {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("tables lack %q:\n%s", line, out)
		}
	}
	return out
}

func TestWriteTablesWithoutTargetN(t *testing.T) {
	r := newResults([]int{50}, 10, variants())
	fill(r, 50, "a", 1, at(time.Second, time.Second, 0, 0, 1<<20), at(time.Second, time.Second, 0, 0, 1<<20))
	var b strings.Builder
	if missed := r.writeTables(&b); missed != 0 {
		t.Errorf("missed = %d, want 0", missed)
	}
	out := b.String()
	if !strings.Contains(out, "Targets not checked: they are set at N=1000 and N=10000") || strings.Contains(out, "PASS") {
		t.Errorf("a run without N=1000 must say the targets were not checked, and pass none:\n%s", out)
	}
	// No samples for (b) and (c): the ratios have nothing to divide by.
	if !strings.Contains(out, "| 50 | – | – | – | – | – | – |") {
		t.Errorf("ratios without a denominator should show –:\n%s", out)
	}
}

func TestParseFlags(t *testing.T) {
	var stderr strings.Builder
	opts, err := parseFlags(nil, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if want := (options{ns: []int{100, 1000}, apps: 10, runs: 3, applyRuns: 1, latency: 20 * time.Millisecond, parallelism: 10}); !reflect.DeepEqual(opts, want) {
		t.Errorf("defaults = %+v, want %+v", opts, want)
	}
	opts, err = parseFlags([]string{"-n", "10, 20", "-apps", "2", "-runs", "5", "-apply-runs", "2", "-latency", "0", "-parallelism", "4"}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if want := (options{ns: []int{10, 20}, apps: 2, runs: 5, applyRuns: 2, latency: 0, parallelism: 4}); !reflect.DeepEqual(opts, want) {
		t.Errorf("options = %+v, want %+v", opts, want)
	}
	opts, err = parseFlags([]string{"-profile", "profiles"}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(opts.profileDir) || filepath.Base(opts.profileDir) != "profiles" {
		t.Errorf("-profile profiles = %q, want an absolute path, since Terraform runs the provider elsewhere", opts.profileDir)
	}
	pgo := filepath.Join(t.TempDir(), "provider.pgo")
	opts, err = parseFlags([]string{"-pgo", pgo}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if opts.pgoProfile != pgo || opts.profileDir != "" {
		t.Errorf("-pgo = %q with -profile %q, want the file as given and the profiles in the run's own directory", opts.pgoProfile, opts.profileDir)
	}
	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "100,x"}, {"-n", ""}, {"-apps", "0"}, {"-runs", "0"}, {"-apply-runs", "0"},
		{"-latency", "-1ms"}, {"-latency", "20"}, {"-parallelism", "0"}, {"extra"}, {"-pgo", "no/such/dir/provider.pgo"},
	} {
		if _, err := parseFlags(args, &stderr); err == nil {
			t.Errorf("parseFlags(%q) accepted bad input", args)
		}
	}
}

func TestVariantEnvironmentsStayApart(t *testing.T) {
	env := make([]string, 1, 10) // room to grow in place
	env[0] = "BASE=1"
	var a, b variant
	for _, v := range variants() {
		switch v.id {
		case "a":
			a = v
		case "b":
			b = v
		}
	}
	envB := b.withEnv(env)
	envA := a.withEnv(env)
	_ = variant{env: []string{"OTHER=1"}}.withEnv(env) // must not overwrite envB's addition
	if !reflect.DeepEqual(envB, []string{"BASE=1", "HW_IDENTITY_CENTER_COALESCING=false"}) {
		t.Errorf("(b) environment = %q", envB)
	}
	if !reflect.DeepEqual(envA, []string{"BASE=1"}) {
		t.Errorf("(a) environment = %q, want coalescing left at its default", envA)
	}
}
