//go:build !unix

package devenv

import "os/exec"

// Elsewhere, Terraform alone stops the plugins it started.
func inOwnProcessGroup(*exec.Cmd) {}

func killProcessGroup(*exec.Cmd) {}
