//go:build unix

package registry

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup puts a credential helper in a process group of its own
// and makes its cancellation kill the whole group: a helper that is a
// shell script leaves no child running (sleeping, prompting) behind it.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
