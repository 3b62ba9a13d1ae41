package main

import (
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
		return sample{wall: wall, cpu: wall / 2, requests: mockapi.Stats{ListProfiles: lists, Total: total}, rss: rss}
	}
	s := series{
		plan:  []sample{mk(3*time.Second, 10, 10, 30<<20), mk(1*time.Second, 12, 12, 20<<20), mk(2*time.Second, 10, 11, 25<<20)},
		apply: []sample{mk(5*time.Second, 20, 20, 40<<20)},
	}
	got := s.summarize()
	want := summary{plan: 2 * time.Second, planCPU: time.Second, apply: 5 * time.Second, planLists: 10, applyLists: 20, planOther: 0, applyOther: 0, rss: 40 << 20}
	if got != want {
		t.Errorf("summarize = %+v, want %+v", got, want)
	}
	if got := (series{}).summarize().rss; got != -1 {
		t.Errorf("peak RSS without samples = %d, want -1 (none)", got)
	}
}

func at(wall, cpu time.Duration, lists, total, rss int64) sample {
	return sample{wall: wall, cpu: cpu, requests: mockapi.Stats{ListProfiles: lists, Total: total}, rss: rss}
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
	fill(r, 100, "a", 3, at(1000*ms, 900*ms, 10, 10, 30<<20), at(2000*ms, 0, 20, 20, 31<<20))
	fill(r, 100, "b", 3, at(2000*ms, 1000*ms, 100, 100, 30<<20), at(4000*ms, 0, 300, 300, 31<<20))
	fill(r, 100, "c", 3, at(800*ms, 600*ms, 0, 0, -1), at(1600*ms, 0, 0, 0, -1))
	fill(r, 1000, "a", 3, at(3000*ms, 5000*ms, 10, 10, 50<<20), at(6000*ms, 0, 20, 23, 60<<20))
	fill(r, 1000, "b", 3, at(12000*ms, 6000*ms, 1000, 1000, 50<<20), at(20000*ms, 0, 3000, 3000, 60<<20))
	fill(r, 1000, "c", 3, at(2500*ms, 2000*ms, 0, 0, -1), at(5000*ms, 0, 0, 0, -1))

	var b strings.Builder
	missed := r.writeTables(&b)
	want := `| N | Variant | plan | plan CPU | apply | list requests per plan | list requests per apply | provider peak RSS |
|--:|---|--:|--:|--:|--:|--:|--:|
| 100 | (a) provider | 1.00 s | 0.90 s | 2.00 s | 10 | 20 | 31.0 MiB |
| 100 | (b) provider, coalescing off | 2.00 s | 1.00 s | 4.00 s | 100 | 300 | 31.0 MiB |
| 100 | (c) terraform_data, no provider | 0.80 s | 0.60 s | 1.60 s | – | – | – |
| 1000 | (a) provider | 3.00 s | 5.00 s | 6.00 s | 10 | 20 (+3 other) | 60.0 MiB |
| 1000 | (b) provider, coalescing off | 12.00 s | 6.00 s | 20.00 s | 1000 | 3000 | 60.0 MiB |
| 1000 | (c) terraform_data, no provider | 2.50 s | 2.00 s | 5.00 s | – | – | – |

| N | plan a/b | plan a/c | plan CPU a/c | apply a/b | apply a/c |
|--:|--:|--:|--:|--:|--:|
| 100 | 0.50 | 1.25 | 1.50 | 0.50 | 1.25 |
| 1000 | 0.25 | 1.20 | 2.50 | 0.30 | 1.20 |

- PASS list requests per plan of 1000 associations over 10 application instances: 10 (target <= 10)
- PASS plan wall time at N=1000, provider / terraform_data floor (a/c): 1.20 (target <= 1.5)
- PASS plan wall time at N=1000, provider / coalescing off (a/b): 0.25 (target <= 0.5)
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
	fill(r, 1000, "a", 1, at(4*time.Second, time.Second, 11, 11, 100<<20), sample{})
	fill(r, 1000, "b", 1, at(5*time.Second, time.Second, 1000, 1000, 1<<20), sample{})
	fill(r, 1000, "c", 1, at(2*time.Second, time.Second, 0, 0, -1), sample{})

	var b strings.Builder
	if missed := r.writeTables(&b); missed != 4 {
		t.Errorf("missed = %d, want 4", missed)
	}
	for _, line := range []string{
		"- FAIL list requests per plan of 1000 associations over 10 application instances: 11 (target <= 10)",
		"- FAIL plan wall time at N=1000, provider / terraform_data floor (a/c): 2.00 (target <= 1.5)",
		"- FAIL plan wall time at N=1000, provider / coalescing off (a/b): 0.80 (target <= 0.5)",
		"- FAIL provider peak memory at N=1000: 100.0 MiB (target < 100.0 MiB)",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("tables lack %q:\n%s", line, b.String())
		}
	}
}

func TestWriteTablesWithoutTargetN(t *testing.T) {
	r := newResults([]int{50}, 10, variants())
	fill(r, 50, "a", 1, at(time.Second, time.Second, 0, 0, 1<<20), at(time.Second, time.Second, 0, 0, 1<<20))
	var b strings.Builder
	if missed := r.writeTables(&b); missed != 0 {
		t.Errorf("missed = %d, want 0", missed)
	}
	out := b.String()
	if !strings.Contains(out, "Targets not checked: they are set at N=1000") || strings.Contains(out, "PASS") {
		t.Errorf("a run without N=1000 must say the targets were not checked, and pass none:\n%s", out)
	}
	// No samples for (b) and (c): the ratios have nothing to divide by.
	if !strings.Contains(out, "| 50 | – | – | – | – | – |") {
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
	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "100,x"}, {"-n", ""}, {"-apps", "0"}, {"-runs", "0"}, {"-apply-runs", "0"},
		{"-latency", "-1ms"}, {"-latency", "20"}, {"-parallelism", "0"}, {"extra"},
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
