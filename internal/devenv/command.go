package devenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// interruptGrace is how long a command has to stop after an interrupt
// before it is killed.
const interruptGrace = 10 * time.Second

// Command prepares name with args to run in dir (the current directory if
// empty) with env (this process's if nil), writing to this process's stdout
// and stderr. When ctx ends the command is interrupted rather than killed,
// so that Terraform can stop its providers and release its state; it is
// killed only if it has not stopped after a grace period.
func Command(ctx context.Context, dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = interruptGrace
	inOwnProcessGroup(cmd)
	return cmd
}

// Run runs cmd and names it in the error. Once cmd has exited, nothing it
// started is left running.
func Run(cmd *exec.Cmd) error {
	err := cmd.Run()
	killProcessGroup(cmd)
	if err != nil {
		return fmt.Errorf("%s %s: %w", filepath.Base(cmd.Path), strings.Join(cmd.Args[1:], " "), err)
	}
	return nil
}

// ExitCode turns a command's failure into its exit code, so that
// -detailed-exitcode's 2 is not taken for an error.
func ExitCode(err error) (int, error) {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.ExitCode() == 2 {
		return 2, nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}
