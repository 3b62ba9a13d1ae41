package protocolserver

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"testing"
	"time"
)

type testKey struct{}

func TestDetachPassesValuesUntilReleased(t *testing.T) {
	t.Parallel()
	parent := context.WithValue(t.Context(), testKey{}, "logger")
	ctx, release := detach(parent, parent)
	if got := ctx.Value(testKey{}); got != "logger" {
		t.Fatalf("before release, Value = %v, want the parent's %q", got, "logger")
	}
	if ctx.Err() != nil {
		t.Fatalf("before release, Err = %v, want nil", ctx.Err())
	}
	release()
	if got := ctx.Value(testKey{}); got != nil {
		t.Errorf("after release, Value = %v, want nil", got)
	}
	select {
	case <-ctx.Done():
	default:
		t.Error("after release, the context is not done")
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("after release, Err = %v, want context.Canceled", ctx.Err())
	}
}

func TestDetachFollowsTheParentsCancellation(t *testing.T) {
	t.Parallel()
	stopped := errors.New("Terraform stopped the provider")
	parent, cancel := context.WithCancelCause(t.Context())
	ctx, release := detach(parent, parent)
	defer release()
	cancel(stopped)
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the parent was cancelled, the detached context was not")
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", ctx.Err())
	}
	if !errors.Is(context.Cause(ctx), stopped) {
		t.Errorf("Cause = %v, want the parent's cause %v", context.Cause(ctx), stopped)
	}
}

func TestDetachKeepsTheParentsDeadline(t *testing.T) {
	t.Parallel()
	deadline := time.Now().Add(50 * time.Millisecond)
	parent, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()
	ctx, release := detach(parent, parent)
	defer release()
	if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("Deadline = %v, %v; want %v, true", got, ok, deadline)
	}
	<-ctx.Done()
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err = %v, want context.DeadlineExceeded", ctx.Err())
	}
}

// A context derived from the detached one and kept after release, as the
// framework keeps one per request, must not keep the parent's values.
func TestDetachLetsGoOfTheParent(t *testing.T) {
	t.Parallel()
	var kept []context.CancelFunc
	collected := request(t, func(ctx context.Context) {
		ctx, release := detach(ctx, ctx)
		defer release()
		_, cancel := context.WithCancel(ctx)
		kept = append(kept, cancel)
	})
	if !collected() {
		t.Error("the request's context was not collected while a context derived from the detached one was kept")
	}
	runtime.KeepAlive(kept)
}

// request runs serve with a request context that holds a value, cancels
// that context when serve returns, as gRPC does, and returns a function
// that reports whether the value has been garbage collected.
func request(t *testing.T, serve func(context.Context)) (collected func() bool) {
	t.Helper()
	done := make(chan struct{})
	func() {
		value := new([4096]byte) // stands for the loggers of a request
		runtime.AddCleanup(value, func(done chan struct{}) { close(done) }, done)
		ctx, cancel := context.WithCancel(context.WithValue(t.Context(), testKey{}, value))
		defer cancel()
		serve(ctx)
	}()
	return func() bool {
		for range 10 {
			runtime.GC()
			select {
			case <-done:
				return true
			case <-time.After(20 * time.Millisecond):
			}
		}
		return false
	}
}

// BenchmarkDetachKept is a request whose detached context the framework
// derives a context from and keeps: it reports the bytes each kept request
// still holds after a garbage collection, which grow the provider's heap
// with every resource of a command.
func BenchmarkDetachKept(b *testing.B) {
	parent := context.WithValue(b.Context(), testKey{}, "logger")
	var kept []context.CancelFunc
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	for b.Loop() {
		ctx, release := detach(parent, parent)
		_, cancel := context.WithCancel(ctx)
		kept = append(kept, cancel)
		release()
	}
	b.StopTimer()
	kept = slices.Clip(kept) // the slice's spare capacity is no request's
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(len(kept)), "kept-B/request")
	runtime.KeepAlive(kept)
}
