package tfsetup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// Result is one finished terraform/tofu command.
type Result struct {
	Args     []string
	ExitCode int
	Stdout   string
	Stderr   string
}

// String summarises the command for failure messages.
func (r Result) String() string {
	return fmt.Sprintf("`%s` exited %d\n--- stdout\n%s--- stderr\n%s", strings.Join(r.Args, " "), r.ExitCode, r.Stdout, r.Stderr)
}

// Runner runs one tool (terraform or tofu) in one working directory with a fixed environment.
type Runner struct {
	Bin string
	Dir string
	// Env is the whole environment of the command (nothing is inherited), so that a developer's
	// ~/.terraformrc, ~/.docker/config.json or TF_LOG never change what a test sees.
	Env []string
	// Tee, when set, also receives stdout and stderr as they are written (the demo shows them).
	Tee io.Writer
}

// Run runs the tool with args and returns its exit code and output. err is set only when the
// command could not run or was killed; a non-zero exit code is a Result, not an error.
func (r Runner) Run(ctx context.Context, args ...string) (Result, error) {
	cmd := exec.CommandContext(ctx, r.Bin, args...)
	cmd.Dir, cmd.Env = r.Dir, r.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if r.Tee != nil {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(&stdout, r.Tee), io.MultiWriter(&stderr, r.Tee)
	}
	err := cmd.Run()
	res := Result{Args: append([]string{r.Bin}, args...), Stdout: stdout.String(), Stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return res, nil
	case errors.As(err, &exit) && exit.Exited():
		res.ExitCode = exit.ExitCode()
		return res, nil
	default:
		return res, fmt.Errorf("%s: %w", strings.Join(res.Args, " "), err)
	}
}

// BaseEnv is the environment every command starts from: PATH (for credential helpers), a HOME of
// the caller's choosing, no checkpoint calls, no prompts, no colours.
func BaseEnv(home string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + os.TempDir(),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"NO_COLOR=1",
	}
}
