package protocolserver

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// detach returns a context with the deadline and cancellation of parent and
// the values of values (parent itself, or a context without the request's
// values) which, once release has been called, no longer refers to either:
// it is then cancelled and has no values. Whoever keeps it after the
// request, as the framework keeps a context derived from each request's,
// keeps a few words and a context derived from it instead of the
// request's loggers.
func detach(parent, values context.Context) (context.Context, func()) {
	ctx, release := detachValues(parent, values)
	d := &releasable{}
	d.current.Store(&ctx)
	return d, func() {
		release()
		// What ctx ended with; released contexts share one of two.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			d.current.Store(&expired)
		} else {
			d.current.Store(&canceled)
		}
	}
}

// releasable is the context detach returns: until release, the context it
// built; then one of the shared ended contexts below, so that a context
// derived from it and kept keeps none of the request's. A context derived
// from it before release is cancelled with it, as the contexts package
// finds the cancelCtx of the current context through Value.
type releasable struct {
	current atomic.Pointer[context.Context]
}

func (r *releasable) now() context.Context                    { return *r.current.Load() }
func (r *releasable) Deadline() (deadline time.Time, ok bool) { return r.now().Deadline() }
func (r *releasable) Done() <-chan struct{}                   { return r.now().Done() }
func (r *releasable) Err() error                              { return r.now().Err() }
func (r *releasable) Value(key any) any                       { return r.now().Value(key) }

// canceled and expired are what a released context becomes, as it ended.
var canceled, expired = func() (context.Context, context.Context) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	e, cancelE := context.WithDeadline(context.Background(), time.Unix(0, 0))
	cancelE()
	return c, e
}()

// detachValues is detach, except that what it returns, kept after
// release, still holds its cancellation and deadline machinery.
func detachValues(parent, values context.Context) (ctx context.Context, release func()) {
	held := &releasableValues{}
	held.parent.Store(&values)
	ctx, cancel := context.WithCancelCause(held)
	cancelDeadline := context.CancelFunc(func() {})
	deadline, hasDeadline := parent.Deadline()
	if hasDeadline {
		ctx, cancelDeadline = context.WithDeadline(ctx, deadline)
	}
	stop := context.AfterFunc(parent, func() {
		// At the deadline, the timer of ctx's own ends it, with
		// DeadlineExceeded rather than Canceled.
		if !hasDeadline || !errors.Is(parent.Err(), context.DeadlineExceeded) {
			cancel(context.Cause(parent))
		}
	})
	return ctx, func() {
		stop()
		cancelDeadline()
		cancel(context.Canceled)
		held.parent.Store(nil)
	}
}

// releasableValues answers Value from a parent context until it is
// released, and is never cancelled: detach gives the context it returns a
// cancellation of its own, so that cancellation never has to look through
// here to the parent's.
type releasableValues struct {
	parent atomic.Pointer[context.Context]
}

func (*releasableValues) Deadline() (time.Time, bool) { return time.Time{}, false }
func (*releasableValues) Done() <-chan struct{}       { return nil }
func (*releasableValues) Err() error                  { return nil }

func (v *releasableValues) Value(key any) any {
	if p := v.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}
