package devenv

import (
	"context"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Output is standard output or standard error of a run that starts
// Terraform, its providers and the mock API. When the reader goes away, as
// in `make demo | head`, a write fails instead of killing this process
// before it can clean up: Output then cancels the run, so that Terraform
// stops its providers and the mock is stopped, and drops what follows.
type Output struct {
	w      io.Writer
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
}

// NewOutput writes to w until a write fails, then calls cancel.
func NewOutput(w io.Writer, cancel context.CancelFunc) *Output {
	return &Output{w: w, cancel: cancel}
}

// Write writes p, and never fails: after the first failed write, it cancels
// the run and drops p and all that follows.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return len(p), nil
	}
	if _, err := o.w.Write(p); err != nil {
		o.closed = true
		o.cancel()
	}
	return len(p), nil
}

// Closed reports whether a write has failed.
func (o *Output) Closed() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.closed
}

// KeepRunningOnBrokenPipe makes a write to a closed standard output or
// error fail with EPIPE, where Go would otherwise end the process with
// SIGPIPE and leave the commands it started running. The children keep the
// default, since they write to pipes of this process.
func KeepRunningOnBrokenPipe() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}
