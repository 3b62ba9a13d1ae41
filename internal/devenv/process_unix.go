//go:build unix

package devenv

import (
	"os/exec"
	"syscall"
)

// inOwnProcessGroup starts cmd in a process group of its own, which the
// plugins Terraform starts join.
func inOwnProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills whatever is left of the process group of a
// command that has exited: a provider that an interrupted Terraform did not
// get to stop.
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr != nil && cmd.SysProcAttr.Setpgid && cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
