package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// workdir is one root module driven by one tool, as a pipeline would run it.
type workdir struct {
	t   *testing.T
	Dir string
	run tfsetup.Runner
}

// commandTimeout bounds every terraform/tofu command: a hang fails the scenario, not the suite.
const commandTimeout = 3 * time.Minute

// newWorkdir writes files (name → content) into a new directory and prepares the environment:
// the CLI config that installs the provider from the mirror, DOCKER_CONFIG for credentials.
func (e *env) newWorkdir(t *testing.T, files map[string]string, env ...string) *workdir {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["ca.pem"]; !ok {
		files["ca.pem"] = string(e.pki.caPEM)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := append(tfsetup.BaseEnv(t.TempDir()),
		"TF_CLI_CONFIG_FILE="+e.cliConfig,
		"DOCKER_CONFIG="+e.dockerConfig,
	)
	return &workdir{t: t, Dir: dir, run: tfsetup.Runner{Bin: e.tool.bin, Dir: dir, Env: append(base, env...)}}
}

// setEnv sets (or overrides) environment variables for the following commands.
func (w *workdir) setEnv(kv ...string) { w.run.Env = append(w.run.Env, kv...) }

func (w *workdir) exec(args ...string) tfsetup.Result {
	w.t.Helper()
	c, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	res, err := w.run.Run(c, args...)
	if err != nil {
		w.t.Fatalf("%v\n%s", err, res)
	}
	return res
}

func (w *workdir) mustExec(args ...string) tfsetup.Result {
	w.t.Helper()
	res := w.exec(args...)
	if res.ExitCode != 0 {
		w.t.Fatalf("%s", res)
	}
	return res
}

func (w *workdir) init() { w.t.Helper(); w.mustExec("init", "-no-color", "-input=false") }

func (w *workdir) apply(args ...string) tfsetup.Result {
	w.t.Helper()
	return w.exec(append([]string{"apply", "-auto-approve", "-no-color", "-input=false"}, args...)...)
}

func (w *workdir) mustApply() {
	w.t.Helper()
	w.mustExec("apply", "-auto-approve", "-no-color", "-input=false")
}

// plan runs `plan -detailed-exitcode` (0 no changes, 1 error, 2 changes) and saves the plan
// for showPlan.
func (w *workdir) plan() tfsetup.Result {
	w.t.Helper()
	return w.exec("plan", "-detailed-exitcode", "-no-color", "-input=false", "-out=tfplan")
}

// expectPlan runs plan and fails the test unless it exits with code.
func (w *workdir) expectPlan(code int) tfsetup.Result {
	w.t.Helper()
	res := w.plan()
	if res.ExitCode != code {
		w.t.Fatalf("plan: want exit code %d\n%s", code, res)
	}
	return res
}

// showPlan decodes `show -json tfplan`.
func (w *workdir) showPlan() planJSON {
	w.t.Helper()
	var p planJSON
	w.decode(w.mustExec("show", "-json", "-no-color", "tfplan").Stdout, &p)
	return p
}

// showState decodes `show -json` of the current state.
func (w *workdir) showState() stateJSON {
	w.t.Helper()
	var s stateJSON
	w.decode(w.mustExec("show", "-json", "-no-color").Stdout, &s)
	return s
}

// stateBytes returns terraform.tfstate exactly as the tool left it.
func (w *workdir) stateBytes() []byte {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

func (w *workdir) decode(s string, v any) {
	w.t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		w.t.Fatalf("decode show -json: %v\n%s", err, s)
	}
}
