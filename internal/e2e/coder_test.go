package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// standIn replaces the template's Docker resources, which need a Docker daemon and a provider
// this machine cannot install: terraform_data is replaced when the pinned image changes, as
// docker_container is (its image argument forces replacement). It leaves out the agent token,
// which outside a Coder provisioner is a new random value on every refresh.
const standIn = `
resource "terraform_data" "workspace" {
  count            = data.coder_workspace.me.start_count
  triggers_replace = tagpolicy_pinned_image.workspace.pinned_ref
  input = {
    image = tagpolicy_pinned_image.workspace.pinned_ref
    agent = coder_agent.main.id
  }
}
`

const (
	workspacePin       = "tagpolicy_pinned_image.workspace"
	workspaceContainer = "terraform_data.workspace[0]"
)

// The Coder template in examples/coder-template, with its container swapped for a stand-in:
// a new build of v1 replaces the workspace, a new major (v2) does not.
func testCoderTemplate(t *testing.T, e *env) {
	if !e.coder {
		t.Skipf("%s is not set: the Coder provider is not in the mirror", envCoderProvider)
	}
	r, repo := e.reg, e.repo(t, "platform", "golang")
	platforms := []string{"linux/amd64", "linux/arm64"}
	push := func(tags ...string) string {
		amd := randomImage(t, "linux/amd64")
		var refs []string
		for _, tag := range tags {
			refs = append(refs, r.Ref(repo, tag))
		}
		r.pushIndex(t, newIndex(t, platforms, []v1Image{amd, randomImage(t, "linux/arm64")}), refs...)
		return digestOf(t, amd)
	}
	d := push("v1.3.0", "v1.3", "v1")

	vars, err := json.Marshal(map[string]string{
		"registry":         r.Host,
		"image_repository": repo,
		"registry_ca_pem":  string(e.pki.caPEM),
	})
	if err != nil {
		t.Fatal(err)
	}
	w := e.newWorkdir(t, map[string]string{
		"main.tf":               withoutDocker(t, "../../examples/coder-template/main.tf"),
		"standin.tf":            standIn,
		"terraform.tfvars.json": string(vars),
	})
	w.init()
	w.mustApply()
	attrs := w.showState().attrs(t, workspacePin)
	expectAttr(t, workspacePin, attrs, "digest", d)
	expectAttr(t, workspacePin, attrs, "class", "major")
	w.expectPlan(0)

	t.Log("a new major (v2) is published: no rebuild")
	push("v2.0.0", "v2.0", "v2")
	w.expectPlan(0)

	t.Log("a patch build of v1 (v1.3.1) is published: the workspace is rebuilt")
	d = push("v1.3.1", "v1.3", "v1")
	w.expectPlan(2)
	plan := w.showPlan()
	pin := plan.change(t, workspacePin)
	pin.expectActions(t, "update")
	expectAttr(t, "planned "+workspacePin, pin.Change.After, "rebuild_reason", "patch")
	expectAttr(t, "planned "+workspacePin, pin.Change.After, "digest", d)
	plan.change(t, workspaceContainer).expectActions(t, "delete", "create")
	for _, rc := range plan.ResourceChanges {
		if strings.HasPrefix(rc.Address, "coder_agent.") && !slices.Equal(rc.Change.Actions, []string{"no-op"}) {
			t.Errorf("%s: planned %v; a rebuild should not touch the agent", rc.Address, rc.Change.Actions)
		}
	}
}

// withoutDocker returns the template at path without the Docker provider and its resources.
func withoutDocker(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", path, diags)
	}
	body := f.Body()
	for _, b := range body.Blocks() {
		labels := b.Labels()
		switch {
		case b.Type() == "terraform":
			for _, rp := range b.Body().Blocks() {
				if rp.Type() == "required_providers" {
					rp.Body().RemoveAttribute("docker")
				}
			}
		case b.Type() == "provider" && labels[0] == "docker",
			b.Type() == "resource" && strings.HasPrefix(labels[0], "docker_"):
			body.RemoveBlock(b)
		}
	}
	return string(f.Bytes())
}
