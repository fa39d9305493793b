package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// hungRegistry is an in-process registry (the real one cannot be made to hang) holding one pinned
// image, with a workdir that has applied it. A new build is pushed, so a rebuild is due and only the
// registry stands in the way; then every manifest request hangs.
func hungRegistry(t *testing.T, e *env, providerArgs string) (*registrytest.Server, *workdir, []byte) {
	t.Helper()
	reg := registrytest.New(t, registrytest.WithTLS(), registrytest.WithBearerAuth(registryUser, registryPassword))
	repo := e.repo(t, "platform", "app")
	d, err := reg.PushRandom(repo + ":v1")
	if err != nil {
		t.Fatal(err)
	}
	creds := (&registry{Host: reg.Host}).DockerConfig(t, registryUser, registryPassword)
	w := e.newWorkdir(t, map[string]string{
		"ca.pem":  string(reg.CACertPEM()),
		"main.tf": config(providerArgs, pinned("app", reg.Host+"/"+repo+":v1", "")),
	}, "DOCKER_CONFIG="+creds)
	applyPin(t, w, d, "major")
	if _, err := reg.PushRandom(repo + ":v1"); err != nil {
		t.Fatal(err)
	}
	reg.ResetLog()
	reg.Hang("/manifests/", true)
	return reg, w, w.stateBytes()
}

// A hanging registry ends the plan at request_timeout, after one request: a registry that does
// not answer in time is not asked again. The state is untouched.
func testHangEndsAtTimeout(t *testing.T, e *env) {
	reg, w, state := hungRegistry(t, e, `  request_timeout = "2s"
  max_retries     = 3`)
	res := w.expectPlan(1)
	if !strings.Contains(res.Stderr, "Registry Request Timed Out") || !strings.Contains(res.Stderr, reg.Host) {
		t.Errorf("want a timeout naming the registry %s:\n%s", reg.Host, res.Stderr)
	}
	if got := reg.ManifestRequests(""); got != 1 {
		t.Errorf("%d manifest requests to a hung registry, want exactly 1 (no retry after a timeout)", got)
	}
	if !bytes.Equal(state, w.stateBytes()) {
		t.Error("a timed-out plan changed the state file")
	}
}

// An interrupted plan (Ctrl-C, SIGINT) ends promptly while the registry hangs: far sooner than
// the 10-minute request_timeout would. The state is untouched.
func testInterruptedPlan(t *testing.T, e *env) {
	reg, w, state := hungRegistry(t, e, `  request_timeout = "10m"`)

	cmd := exec.Command(w.run.Bin, "plan", "-no-color", "-input=false", "-lock=false")
	cmd.Dir, cmd.Env = w.Dir, w.run.Env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Interrupt once the provider's request is hanging at the registry.
	if !eventually(func() bool { return hangingManifestRequests(reg) > 0 }) {
		_ = cmd.Process.Kill()
		t.Fatalf("the plan never reached the registry:\n%s", stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("an interrupted plan exited 0:\n%s", stderr.String())
		}
	case <-time.After(commandTimeout): // a guard against a hung test, not the assertion
		_ = cmd.Process.Kill()
		t.Fatalf("the plan did not end after SIGINT while request_timeout is 10m:\n%s", stderr.String())
	}
	t.Logf("interrupted plan:\n%s", stderr.String())
	if !bytes.Equal(state, w.stateBytes()) {
		t.Error("an interrupted plan changed the state file")
	}
}

func hangingManifestRequests(reg *registrytest.Server) int {
	n := 0
	for _, r := range reg.Requests() {
		if strings.Contains(r.Path, "/manifests/") && !r.Done {
			n++
		}
	}
	return n
}

// eventually polls cond for up to a minute: a guard against waiting forever, not a measurement.
func eventually(cond func() bool) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(50 * time.Millisecond):
		}
	}
	return true
}

// Good credentials, given in a registry_auth block from a sensitive variable, appear nowhere:
// not in plan or apply output, the state, `show -json`, a TF_LOG=TRACE log or a
// TF_LOG_PROVIDER=DEBUG log. The logs explain the plan: TRACE has a line per registry request
// (method, path, status, duration), DEBUG the pin's decision and its reason.
func testSecretsNeverLeak(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	r.pushRandom(t, r.Ref(repo, "v1"))
	providerArgs := fmt.Sprintf(registryAuthConfig, r.Host, registryUser)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	// No Docker config at all: the block is the only way in.
	w := e.newWorkdir(t, map[string]string{"main.tf": config(providerArgs, passwordVariable+pinned("app", r.Ref(repo, "v1"), ""))},
		"TF_VAR_registry_password="+registryPassword, "DOCKER_CONFIG="+t.TempDir(), "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	w.init()
	apply := w.apply()
	if apply.ExitCode != 0 {
		t.Fatalf("apply with good credentials failed:\n%s", apply)
	}
	r.pushRandom(t, r.Ref(repo, "v1"))
	plan := w.expectPlan(2)
	show := withoutRootVariables(t, w.mustExec("show", "-json", "-no-color", "tfplan").Stdout)
	logs, err := os.ReadFile(logPath)
	if err != nil || len(logs) == 0 {
		t.Fatalf("TF_LOG_PATH is empty (%v): the check would prove nothing", err)
	}
	if !strings.Contains(string(logs), "tf_resource_type=tagpolicy_pinned_image") {
		t.Fatal("the TRACE log holds none of the provider's own lines: the check would prove nothing")
	}
	expectRequestLines(t, string(logs), repo)

	// TF_LOG_PROVIDER=DEBUG explains the plan: the pin's decision and its reason, no request lines.
	debugPath := filepath.Join(t.TempDir(), "debug.log")
	w.setEnv("TF_LOG=", "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+debugPath)
	debugPlan := w.expectPlan(2)
	debug, err := os.ReadFile(debugPath)
	if err != nil {
		t.Fatal(err)
	}
	expectDecisionLine(t, string(debug), r.Ref(repo, "v1"))
	if line := providerLine(string(debug), "[TRACE]", "registry request"); line != "" {
		t.Errorf("the DEBUG log holds a TRACE request line: %s", line)
	}

	places := map[string]string{
		"apply output": apply.Stdout + apply.Stderr, "plan output": plan.Stdout + plan.Stderr,
		"plan show -json": show, "state": string(w.stateBytes()), "TRACE log": string(logs),
		"DEBUG plan output": debugPlan.Stdout + debugPlan.Stderr, "DEBUG log": string(debug),
	}
	for _, secret := range []string{
		registryPassword,
		base64.StdEncoding.EncodeToString([]byte(registryPassword)),
		base64.StdEncoding.EncodeToString([]byte(registryUser + ":" + registryPassword)),
		base64.URLEncoding.EncodeToString([]byte(registryUser + ":" + registryPassword)),
	} {
		for where, text := range places {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains the secret %q", where, secret)
			}
		}
	}
}

// withoutRootVariables drops the plan's "variables" section: Terraform itself records the values
// of root-module variables in a saved plan, sensitive ones included, and `show -json` prints them.
// That is the caller's variable, not anything the provider wrote; everything else must be clean.
func withoutRootVariables(t *testing.T, planJSON string) string {
	t.Helper()
	var plan map[string]any
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatal(err)
	}
	if _, ok := plan["variables"]; !ok {
		t.Fatal("the plan JSON has no variables section: the format changed, revisit this check")
	}
	delete(plan, "variables")
	out, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// expectRequestLines fails unless the TRACE log has the provider's line for the HEAD of repo's
// manifest, with its status and duration.
func expectRequestLines(t *testing.T, logs, repo string) {
	t.Helper()
	line := providerLine(logs, "[TRACE]", "registry request", "HEAD", "/v2/"+repo+"/manifests/v1")
	if line == "" {
		t.Fatalf("the TRACE log has no provider line for HEAD /v2/%s/manifests/v1", repo)
	}
	for _, field := range []string{"status=200", "duration"} {
		if !strings.Contains(line, field) {
			t.Errorf("the request line lacks %s: %s", field, line)
		}
	}
}

// expectDecisionLine fails unless the DEBUG log has the plan's decision for the pin of ref,
// with the reason.
func expectDecisionLine(t *testing.T, logs, ref string) {
	t.Helper()
	line := providerLine(logs, "[DEBUG]", "tagpolicy_pinned_image plan", ref)
	if line == "" {
		t.Fatalf("the DEBUG log has no plan decision line for %s", ref)
	}
	for _, field := range []string{"decision=", "reason=", "observed_digest="} {
		if !strings.Contains(line, field) {
			t.Errorf("the decision line lacks %s: %s", field, line)
		}
	}
}

// providerLine returns the first line of the tagpolicy provider's log at level that contains
// every one of parts, or "".
func providerLine(logs, level string, parts ...string) string {
	for _, line := range strings.Split(logs, "\n") {
		if !strings.Contains(line, level) || !strings.Contains(line, "terraform-provider-tagpolicy") {
			continue
		}
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return line
		}
	}
	return ""
}
