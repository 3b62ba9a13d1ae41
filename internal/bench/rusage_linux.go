package main

import (
	"os"
	"syscall"
)

// childProcAttr kills the provider if the wrapper dies first, so that a
// wrapper killed by Terraform leaves no provider running.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// maxRSS is the peak resident set size of an exited process, in bytes.
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return int64(ru.Maxrss) * 1024, true //nolint:unconvert // Maxrss is an int32 on 32-bit Linux; Linux reports KiB
}
