package protocolserver

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// detach returns a context with the values, deadline and cancellation of
// parent which, once release has been called, no longer refers to parent:
// it is then cancelled and has no values. Whoever keeps it after the
// request keeps a few hundred bytes instead of the request's loggers.
func detach(parent context.Context) (ctx context.Context, release func()) {
	values := &releasableValues{}
	values.parent.Store(&parent)
	ctx, cancel := context.WithCancelCause(values)
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
		values.parent.Store(nil)
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
