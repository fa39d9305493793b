package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A registry outside allowed_registries fails the plan with a message naming it, before any
// request reaches the registry.
func testPolicyViolation(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config(
		`  allowed_registries = ["registry.acme.internal:5000"]`,
		pinned("app", r.Ref(repo, "v1"), ""))})
	w.init()
	m := r.mark()
	res := w.expectPlan(1)
	if !strings.Contains(res.Stderr, r.Host) || !strings.Contains(res.Stderr, "allowed_registries") {
		t.Errorf("the error should name the registry %s and allowed_registries:\n%s", r.Host, res.Stderr)
	}
	if n := r.countRequestsSince(m, "", "/v2/"+repo+"/"); n != 0 {
		t.Errorf("a policy violation sent %d requests for %s to the registry", n, repo)
	}
}

// Rejected credentials from the Docker config fail the plan with a clear error, and the secret
// appears nowhere: not in output, state or TRACE logs, neither plain nor base64-encoded.
func testBadCredentials(t *testing.T, e *env) { badCredentials(t, e, false) }

// The same with a registry_auth block and a sensitive variable, while DOCKER_CONFIG still holds
// good credentials: the block wins, and a rejected password is no reason to try the others.
func testBadCredentialsBlock(t *testing.T, e *env) { badCredentials(t, e, true) }

const registryAuthConfig = `  registry_auth {
    address  = %q
    username = %q
    password = var.registry_password
  }`

const passwordVariable = `variable "registry_password" {
  type      = string
  sensitive = true
}

`

func badCredentials(t *testing.T, e *env, block bool) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	d := r.pushRandom(t, r.Ref(repo, "v1"))
	providerArgs, body := "", pinned("app", r.Ref(repo, "v1"), "")
	if block {
		providerArgs, body = fmt.Sprintf(registryAuthConfig, r.Host, registryUser), passwordVariable+body
	}
	w := e.newWorkdir(t, map[string]string{"main.tf": config(providerArgs, body)}, "TF_VAR_registry_password="+registryPassword)
	applyPin(t, w, d, "major")
	state := w.stateBytes()

	const wrong = "wrong-Pa55word-e2e"
	logPath := filepath.Join(t.TempDir(), "trace.log")
	w.setEnv("TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	if block {
		w.setEnv("TF_VAR_registry_password=" + wrong)
	} else {
		w.setEnv("DOCKER_CONFIG=" + r.DockerConfig(t, registryUser, wrong))
	}
	r.pushRandom(t, r.Ref(repo, "v1")) // a rebuild is due, so only the credentials stand in the way
	plan := w.expectPlan(1)
	t.Logf("plan with rejected credentials:\n%s", plan.Stderr)
	if !regexp.MustCompile(`(?i)401|unauthori[sz]ed|denied|credential`).MatchString(plan.Stderr) || !strings.Contains(plan.Stderr, r.Host) {
		t.Errorf("the error should say the registry %s rejected the credentials:\n%s", r.Host, plan.Stderr)
	}
	apply := w.apply()
	if apply.ExitCode != 1 {
		t.Errorf("apply with rejected credentials: want exit code 1\n%s", apply)
	}
	if !bytes.Equal(state, w.stateBytes()) {
		t.Error("a failed plan/apply changed the state file")
	}

	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) == 0 {
		t.Fatal("TF_LOG_PATH is empty: the secret check would prove nothing")
	}
	places := map[string]string{
		"plan stdout": plan.Stdout, "plan stderr": plan.Stderr,
		"apply stdout": apply.Stdout, "apply stderr": apply.Stderr,
		"state": string(w.stateBytes()), "TRACE log": string(logs),
	}
	for _, pw := range []string{wrong, registryPassword} {
		for _, secret := range []string{
			pw,
			base64.StdEncoding.EncodeToString([]byte(pw)),
			base64.StdEncoding.EncodeToString([]byte(registryUser + ":" + pw)),
			base64.URLEncoding.EncodeToString([]byte(registryUser + ":" + pw)),
		} {
			for where, text := range places {
				if strings.Contains(text, secret) {
					t.Errorf("%s contains the secret %q", where, secret)
				}
			}
		}
	}
}

// A registry that goes away between apply and the next run fails plan and apply with a message
// naming it, and leaves the state file byte for byte as it was.
func testRegistryStopped(t *testing.T, e *env) {
	r := startRegistry(t, e.registryBin, e.pki, registryUser, registryPassword)
	repo := e.repo(t, "platform", "app")
	d := r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "v1"), ""))},
		"DOCKER_CONFIG="+r.DockerConfig(t, registryUser, registryPassword))
	applyPin(t, w, d, "major")
	state := w.stateBytes()

	r.Stop()
	if res := w.expectPlan(1); !strings.Contains(res.Stderr, r.Host) {
		t.Errorf("the error should name the registry %s:\n%s", r.Host, res.Stderr)
	}
	if res := w.apply(); res.ExitCode != 1 || !strings.Contains(res.Stderr, r.Host) {
		t.Errorf("apply with the registry stopped: want exit code 1 and an error naming %s\n%s", r.Host, res)
	}
	if !bytes.Equal(state, w.stateBytes()) {
		t.Errorf("a failed plan and apply changed the state file:\nbefore: %s\nafter: %s", state, w.stateBytes())
	}
	// Refresh observes and never fails on a registry error: it keeps the last observation (and
	// remembers the error, in private state, for the plan), so the pin stays exactly as it was.
	pin := w.showState().attrs(t, pinAddr)
	if res := w.apply("-refresh-only"); res.ExitCode != 0 {
		t.Errorf("apply -refresh-only with the registry stopped: want exit code 0\n%s", res)
	}
	after := w.showState().attrs(t, pinAddr)
	for _, k := range []string{"digest", "pinned_ref", "version", "rebuild_reason", "pinned_at", "current_digest", "current_version"} {
		expectAttr(t, "after a failed refresh", after, k, pin[k])
	}
}
