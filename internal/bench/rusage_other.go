//go:build !linux && !darwin

package main

import (
	"os"
	"syscall"
)

func childProcAttr() *syscall.SysProcAttr { return nil }

// maxRSS is unknown here: the table shows no memory figure.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
