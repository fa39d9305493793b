//go:build !unix

package registry

import "os/exec"

// ownProcessGroup leaves the helper as it is: killing it on cancel is what
// exec.CommandContext does.
func ownProcessGroup(*exec.Cmd) {}
