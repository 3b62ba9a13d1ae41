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
	wall     time.Duration
	cpu      time.Duration // user and system time of Terraform and the provider processes it reaped
	requests mockapi.Stats // the mock's counters after the command minus before
	rss      int64         // the provider's peak RSS in bytes; -1 without a provider
}

// series holds the samples of one variant at one N.
type series struct {
	plan, apply []sample
}

// summary is a series reduced to what the table shows: medians of wall time
// and request counts, and the highest peak RSS of all runs.
type summary struct {
	plan, apply           time.Duration
	planCPU               time.Duration
	planLists, applyLists int64
	planOther, applyOther int64 // requests other than lists: deletes, rejections
	rss                   int64
}

func (s series) summarize() summary {
	lists := func(x sample) int64 { return x.requests.ListProfiles }
	other := func(x sample) int64 { return x.requests.Total - x.requests.ListProfiles }
	sum := summary{
		plan:       time.Duration(median(s.plan, func(x sample) int64 { return int64(x.wall) })),
		apply:      time.Duration(median(s.apply, func(x sample) int64 { return int64(x.wall) })),
		planCPU:    time.Duration(median(s.plan, func(x sample) int64 { return int64(x.cpu) })),
		planLists:  median(s.plan, lists),
		applyLists: median(s.apply, lists),
		planOther:  median(s.plan, other),
		applyOther: median(s.apply, other),
		rss:        -1,
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

// Targets, at N = targetN over 10 application instances.
const (
	targetN           = 1000
	targetPlanVsFloor = 1.5 // plan wall time a/c at most
	targetPlanVsOff   = 0.5 // plan wall time a/b at most
	targetRSS         = 100 << 20
)

// writeTables prints the results table, the ratios and one PASS or FAIL line
// per target, and returns how many targets were missed.
func (r *results) writeTables(w io.Writer) (missed int) {
	fmt.Fprintln(w, "| N | Variant | plan | plan CPU | apply | list requests per plan | list requests per apply | provider peak RSS |")
	fmt.Fprintln(w, "|--:|---|--:|--:|--:|--:|--:|--:|")
	for _, n := range r.ns {
		for _, v := range r.variants {
			s := r.series[n][v.id].summarize()
			planReq, applyReq, rss := "–", "–", "–"
			if v.provider {
				planReq, applyReq, rss = requests(s.planLists, s.planOther), requests(s.applyLists, s.applyOther), mebibytes(s.rss)
			}
			fmt.Fprintf(w, "| %d | (%s) %s | %s | %s | %s | %s | %s | %s |\n", n, v.id, v.label, seconds(s.plan), seconds(s.planCPU), seconds(s.apply), planReq, applyReq, rss)
		}
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| N | plan a/b | plan a/c | plan CPU a/c | apply a/b | apply a/c |")
	fmt.Fprintln(w, "|--:|--:|--:|--:|--:|--:|")
	for _, n := range r.ns {
		a, b, c := r.summary(n, "a"), r.summary(n, "b"), r.summary(n, "c")
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s |\n", n,
			ratio(a.plan, b.plan), ratio(a.plan, c.plan), ratio(a.planCPU, c.planCPU), ratio(a.apply, b.apply), ratio(a.apply, c.apply))
	}

	fmt.Fprintln(w)
	if !slices.Contains(r.ns, targetN) {
		fmt.Fprintf(w, "Targets not checked: they are set at N=%d, which this run did not measure.\n", targetN)
		return 0
	}
	a, b, c := r.summary(targetN, "a"), r.summary(targetN, "b"), r.summary(targetN, "c")
	check := func(ok bool, format string, args ...any) {
		verdict := "PASS"
		if !ok {
			verdict, missed = "FAIL", missed+1
		}
		fmt.Fprintf(w, "- %s %s\n", verdict, fmt.Sprintf(format, args...))
	}
	check(a.planLists <= int64(r.apps), "list requests per plan of %d associations over %d application instances: %d (target <= %d)",
		targetN, r.apps, a.planLists, r.apps)
	check(c.plan > 0 && float64(a.plan)/float64(c.plan) <= targetPlanVsFloor, "plan wall time at N=%d, provider / terraform_data floor (a/c): %s (target <= %.1f)",
		targetN, ratio(a.plan, c.plan), targetPlanVsFloor)
	check(b.plan > 0 && float64(a.plan)/float64(b.plan) <= targetPlanVsOff, "plan wall time at N=%d, provider / coalescing off (a/b): %s (target <= %.1f)",
		targetN, ratio(a.plan, b.plan), targetPlanVsOff)
	check(a.rss >= 0 && a.rss < targetRSS, "provider peak memory at N=%d: %s (target < %s)",
		targetN, mebibytes(a.rss), mebibytes(targetRSS))
	return missed
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
