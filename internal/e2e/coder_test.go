package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const (
	workspacePin       = "tagpolicy_pinned_image.workspace[0]"
	workspaceContainer = "docker_container.workspace[0]"
	workspaceMetadata  = "coder_metadata.workspace[0]"
)

// coderTemplate returns examples/coder-template/main.tf as written.
func coderTemplate(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "coder-template", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// coderWorkspaceEnv is what Coder's provisioner sets for a workspace build: who and which
// workspace (the container's name comes from them), and the agent's token. Outside a provisioner,
// coder_agent makes up a new token on every refresh, and the token is in the container's
// environment, so every plan would replace the container; the variable through which Coder hands
// a running agent's token to the provider (named by the SHA-256 of the agent ID the provider asks
// with, "" in 2.20) holds it steady, as within one Coder build.
func coderWorkspaceEnv(workspace string) []string {
	sum := sha256.Sum256(nil)
	return []string{
		"CODER_WORKSPACE_OWNER=e2e",
		"CODER_WORKSPACE_NAME=" + workspace,
		"CODER_WORKSPACE_ID=" + workspace,
		"CODER_RUNNING_WORKSPACE_AGENT_TOKEN_" + hex.EncodeToString(sum[:]) + "=e2e-stub-agent-token",
	}
}

// The Coder template in examples/coder-template, as written, in its per-workspace mode: the real
// kreuzwerker/docker provider creates the workspace container from pinned_ref on this machine's
// Docker engine, and the engine, not Terraform, says which image the container runs.
// A new major (v2) and a rebuild of another platform's image leave the container running
// untouched; a patch build of v1 for this platform replaces it with the new image.
func testCoderWorkspace(t *testing.T, e *env) {
	if !e.coder || !e.docker {
		t.Skipf("SKIP: %s and %s must both be set: the template needs the Coder and Docker providers", envCoderProvider, envDockerProvider)
	}
	engine := dockerEngineOrSkip(t)
	r, repo := e.reg, e.repo(t, "platform", "golang")
	native, foreign := "linux/"+runtime.GOARCH, "linux/arm64"
	if runtime.GOARCH == "arm64" {
		foreign = "linux/amd64"
	}
	bin := e.workspaceBinary(t)
	push := func(nativeImg, foreignImg v1Image, tags ...string) {
		var refs []string
		for _, tag := range tags {
			refs = append(refs, r.Ref(repo, tag))
		}
		r.pushIndex(t, newIndex(t, []string{native, foreign}, []v1Image{nativeImg, foreignImg}), refs...)
	}
	v130, arm := workspaceImage(t, bin, "1.3.0"), randomImage(t, foreign)
	push(v130, arm, "v1.3.0", "v1.3", "v1")

	// One workspace per tool and registry, so parallel runs never share a container name.
	workspace := strings.NewReplacer(".", "-", ":", "-").Replace(e.tool.name + "-" + r.Host)
	name := "coder-e2e-" + workspace
	vars, err := json.Marshal(map[string]string{
		"registry":         r.Host,
		"image_repository": repo,
		"registry_ca_pem":  string(e.pki.caPEM),
		"docker_socket":    "unix://" + engine.socket,
	})
	if err != nil {
		t.Fatal(err)
	}
	w := e.newWorkdir(t, map[string]string{
		"main.tf":               coderTemplate(t),
		"terraform.tfvars.json": string(vars),
	}, coderWorkspaceEnv(workspace)...)
	w.init()
	var pulled []string // image IDs the engine may hold once the scenario ends
	t.Cleanup(func() {
		c, cancel := context.WithTimeout(context.Background(), commandTimeout)
		defer cancel()
		if res, err := w.run.Run(c, "destroy", "-auto-approve", "-no-color", "-input=false"); err != nil || res.ExitCode != 0 {
			t.Logf("destroy: %v\n%s", err, res)
		}
		engine.delete(t, "/containers/"+name+"?force=1")
		engine.delete(t, "/volumes/coder-"+workspace+"-home")
		for _, id := range pulled {
			engine.delete(t, "/images/"+id+"?force=1")
		}
	})

	pulled = append(pulled, imageID(t, v130))
	w.mustApply()
	pin := w.showState().attrs(t, workspacePin)
	expectAttr(t, workspacePin, pin, "digest", digestOf(t, v130))
	first := expectRunning(t, engine, name, imageID(t, v130))
	expectMetadata(t, w, "pinned version", "1.3.0")
	w.expectPlan(0)

	t.Log("a new major (v2) is published: no rebuild")
	push(workspaceImage(t, bin, "2.0.0"), randomImage(t, foreign), "v2.0.0", "v2.0", "v2")
	w.expectPlan(0)

	t.Logf("v1 is rebuilt for %s only: the %s image is the same, the container stays", foreign, native)
	push(v130, randomImage(t, foreign), "v1.3.0", "v1.3", "v1")
	w.expectPlan(0)
	w.mustApply()
	if c := expectRunning(t, engine, name, imageID(t, v130)); c.ID != first.ID || c.State.StartedAt != first.State.StartedAt {
		t.Errorf("the container was touched: %s started %s, now %s started %s", first.ID, first.State.StartedAt, c.ID, c.State.StartedAt)
	}

	t.Logf("a patch build of v1 (v1.3.1) for %s: the workspace is rebuilt on it", native)
	v131 := workspaceImage(t, bin, "1.3.1")
	pulled = append(pulled, imageID(t, v131))
	push(v131, arm, "v1.3.1", "v1.3", "v1")
	w.expectPlan(2)
	plan := w.showPlan()
	rc := plan.change(t, workspacePin)
	rc.expectActions(t, "update")
	expectAttr(t, "planned "+workspacePin, rc.Change.After, "rebuild_reason", "patch")
	expectAttr(t, "planned "+workspacePin, rc.Change.After, "digest", digestOf(t, v131))
	plan.change(t, workspaceContainer).expectActions(t, "delete", "create")
	for _, rc := range plan.ResourceChanges {
		if strings.HasPrefix(rc.Address, "coder_agent.") && !slices.Equal(rc.Change.Actions, []string{"no-op"}) {
			t.Errorf("%s: planned %v; a rebuild should not touch the agent", rc.Address, rc.Change.Actions)
		}
	}
	w.mustApply()
	c := expectRunning(t, engine, name, imageID(t, v131))
	if c.ID == first.ID {
		t.Errorf("container %s was not replaced", c.ID)
	}
	if want := r.Ref(repo, "v1") + "@" + digestOf(t, v131); c.Config.Image != want {
		t.Errorf("the container was created from %s, want %s", c.Config.Image, want)
	}
	expectMetadata(t, w, "pinned version", "1.3.1")
	w.expectPlan(0)
}

// expectRunning fails unless the engine runs container name on the image with ID imageID.
func expectRunning(t *testing.T, engine *dockerEngine, name, imageID string) containerInfo {
	t.Helper()
	c := engine.container(t, name)
	if !c.State.Running {
		t.Fatalf("container %s is not running", name)
	}
	if c.Image != imageID {
		t.Fatalf("container %s runs image %s, want %s", name, c.Image, imageID)
	}
	return c
}

// expectMetadata fails unless the workspace's coder_metadata shows key = want.
func expectMetadata(t *testing.T, w *workdir, key, want string) {
	t.Helper()
	items, _ := w.showState().attrs(t, workspaceMetadata)["item"].([]any)
	for _, it := range items {
		if item, _ := it.(map[string]any); item["key"] == key {
			if item["value"] != want {
				t.Errorf("coder_metadata %q = %v, want %q", key, item["value"], want)
			}
			return
		}
	}
	t.Errorf("coder_metadata has no item %q: %v", key, items)
}
