//go:build !linux

package e2e

import "os/exec"

// dieWithParent has no portable equivalent; t.Cleanup stops the registry on a normal exit.
func dieWithParent(*exec.Cmd) {}
