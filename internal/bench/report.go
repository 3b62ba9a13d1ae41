package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// sample is one Terraform command's measurement.
type sample struct {
	wall        time.Duration
	cpu         time.Duration // user and system time of Terraform and the provider processes it reaped
	providerCPU time.Duration // user and system time of the provider processes alone
	requests    mockapi.Stats // the mock's counters after the command minus before
	rss         int64         // the provider's peak RSS in bytes; -1 without a provider
}

// series holds the samples of one variant at one N.
type series struct {
	plan, apply []sample
}

// summary is a series reduced to what the table shows: medians of times
// and request counts, and the highest peak RSS of all runs.
type summary struct {
	plan, apply           time.Duration
	planCPU, applyCPU     time.Duration
	planProviderCPU       time.Duration
	planLists, applyLists int64
	planOther, applyOther int64 // requests other than lists: deletes, rejections
	rss                   int64
}

func (s series) summarize() summary {
	wall := func(x sample) int64 { return int64(x.wall) }
	cpu := func(x sample) int64 { return int64(x.cpu) }
	lists := func(x sample) int64 { return x.requests.ListProfiles }
	other := func(x sample) int64 { return x.requests.Total - x.requests.ListProfiles }
	sum := summary{
		plan:            time.Duration(median(s.plan, wall)),
		apply:           time.Duration(median(s.apply, wall)),
		planCPU:         time.Duration(median(s.plan, cpu)),
		applyCPU:        time.Duration(median(s.apply, cpu)),
		planProviderCPU: time.Duration(median(s.plan, func(x sample) int64 { return int64(x.providerCPU) })),
		planLists:       median(s.plan, lists),
		applyLists:      median(s.apply, lists),
		planOther:       median(s.plan, other),
		applyOther:      median(s.apply, other),
		rss:             -1,
	}
	for _, x := range append(slices.Clip(s.plan), s.apply...) {
		sum.rss = max(sum.rss, x.rss)
	}
	return sum
}

// median of f over samples; the mean of the two middle values for an even
// count, and 0 for none.
func median[T any](samples []T, f func(T) int64) int64 {
	if len(samples) == 0 {
		return 0
	}
	v := make([]int64, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	slices.Sort(v)
	mid := len(v) / 2
	if len(v)%2 == 1 {
		return v[mid]
	}
	return (v[mid-1] + v[mid]) / 2
}

// variant is one of the things compared.
type variant struct {
	id, label string
	provider  bool     // whether it runs the provider, and so has requests and memory
	config    string   // main.tf
	env       []string // added to Terraform's environment
}

// withEnv is env with the variant's additions. It never writes into env's
// backing array, which every variant shares.
func (v variant) withEnv(env []string) []string {
	return append(slices.Clip(env), v.env...)
}

// results are every series, by N and variant ID.
type results struct {
	ns       []int
	apps     int
	variants []variant
	series   map[int]map[string]*series
}

func newResults(ns []int, apps int, variants []variant) *results {
	r := &results{ns: ns, apps: apps, variants: variants, series: map[int]map[string]*series{}}
	for _, n := range ns {
		r.series[n] = map[string]*series{}
		for _, v := range variants {
			r.series[n][v.id] = &series{}
		}
	}
	return r
}

// The targets are set at two sizes: N = 1,000 over 10 application instances
// (make bench) and N = 10,000 over 100 (make bench-large). Request targets
// are per application instance, so that they hold for either spread.
const (
	targetN = 1000
	largeN  = 10000

	// At targetN.
	targetPlanVsFloor    = 1.10 // plan wall time a/c at most
	targetPlanCPUVsFloor = 1.15 // plan CPU a/c at most
	targetRSS            = 100 << 20

	// At largeN.
	largePlanVsFloor = 1.25
	largeRSS         = 60 << 20

	// At both: list requests per application instance.
	targetPlanListsPerApp  = 1
	targetApplyListsPerApp = 2
)

// writeTables prints the results table, the ratios and one PASS or FAIL line
// per target, and returns how many targets were missed.
func (r *results) writeTables(w io.Writer) (missed int) {
	fmt.Fprintln(w, "| N | Variant | plan | plan CPU | provider CPU per resource, plan | apply | apply CPU | list requests per plan | list requests per apply | provider peak RSS |")
	fmt.Fprintln(w, "|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, n := range r.ns {
		for _, v := range r.variants {
			s := r.series[n][v.id].summarize()
			perResource, planReq, applyReq, rss := "–", "–", "–", "–"
			if v.provider {
				perResource = milliseconds(s.planProviderCPU / time.Duration(n))
				planReq, applyReq, rss = requests(s.planLists, s.planOther), requests(s.applyLists, s.applyOther), mebibytes(s.rss)
			}
			fmt.Fprintf(w, "| %d | (%s) %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, v.id, v.label,
				seconds(s.plan), seconds(s.planCPU), perResource, seconds(s.apply), seconds(s.applyCPU), planReq, applyReq, rss)
		}
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| N | plan a/c | plan CPU a/c | apply a/c | apply CPU a/c | plan a/b | apply a/b |")
	fmt.Fprintln(w, "|--:|--:|--:|--:|--:|--:|--:|")
	for _, n := range r.ns {
		a, b, c := r.summary(n, "a"), r.summary(n, "b"), r.summary(n, "c")
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s |\n", n,
			ratio(a.plan, c.plan), ratio(a.planCPU, c.planCPU), ratio(a.apply, c.apply), ratio(a.applyCPU, c.applyCPU),
			ratio(a.plan, b.plan), ratio(a.apply, b.apply))
	}

	fmt.Fprintln(w)
	checked := false
	check := func(ok bool, format string, args ...any) {
		verdict := "PASS"
		if !ok {
			verdict, missed = "FAIL", missed+1
		}
		fmt.Fprintf(w, "- %s %s\n", verdict, fmt.Sprintf(format, args...))
	}
	lists := func(n int, a summary) {
		check(a.planLists <= int64(targetPlanListsPerApp*r.apps), "list requests per plan of %d associations over %d application instances: %d (target <= %d)",
			n, r.apps, a.planLists, targetPlanListsPerApp*r.apps)
		check(a.applyLists <= int64(targetApplyListsPerApp*r.apps), "list requests per apply of %d adoptions over %d application instances: %d (target <= %d)",
			n, r.apps, a.applyLists, targetApplyListsPerApp*r.apps)
	}
	planVsFloor := func(n int, a, c summary, target float64) {
		check(within(a.plan, c.plan, target), "plan wall time at N=%d, provider / terraform_data floor (a/c): %s (target <= %.2f)",
			n, ratio(a.plan, c.plan), target)
	}
	memory := func(n int, a summary, target int64) {
		check(a.rss >= 0 && a.rss < target, "provider peak memory at N=%d: %s (target < %s)", n, mebibytes(a.rss), mebibytes(target))
	}
	if slices.Contains(r.ns, targetN) {
		checked = true
		a, c := r.summary(targetN, "a"), r.summary(targetN, "c")
		lists(targetN, a)
		check(within(a.planCPU, c.planCPU, targetPlanCPUVsFloor), "plan CPU at N=%d, provider / terraform_data floor (a/c): %s (target <= %.2f)",
			targetN, ratio(a.planCPU, c.planCPU), targetPlanCPUVsFloor)
		planVsFloor(targetN, a, c, targetPlanVsFloor)
		memory(targetN, a, targetRSS)
	}
	if slices.Contains(r.ns, largeN) {
		checked = true
		a, c := r.summary(largeN, "a"), r.summary(largeN, "c")
		lists(largeN, a)
		planVsFloor(largeN, a, c, largePlanVsFloor)
		memory(largeN, a, largeRSS)
	}
	if !checked {
		fmt.Fprintf(w, "Targets not checked: they are set at N=%d and N=%d, which this run did not measure.\n", targetN, largeN)
	}
	return missed
}

// within reports whether x/y is at most target; never without a y.
func within(x, y time.Duration, target float64) bool {
	return y > 0 && float64(x)/float64(y) <= target
}

func (r *results) summary(n int, id string) summary {
	if s, ok := r.series[n][id]; ok {
		return s.summarize()
	}
	return summary{rss: -1}
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func milliseconds(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func mebibytes(b int64) string {
	if b < 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

func ratio(x, y time.Duration) string {
	if y <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(x)/float64(y))
}

// requests shows the list count, and any other requests after it.
func requests(lists, other int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", lists)
	if other != 0 {
		fmt.Fprintf(&b, " (+%d other)", other)
	}
	return b.String()
}
