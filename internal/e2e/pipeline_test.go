package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// coderStub stands in for the coder CLI: it records each call's arguments, one per line, and a
// line "--" after each call.
const coderStub = `#!/bin/sh
for arg in "$@"; do printf '%s\n' "$arg"; done >>"$CODER_STUB_LOG"
echo -- >>"$CODER_STUB_LOG"
`

// pipeline is examples/coder-template-pipeline in a working directory, run by its own script
// with the tool under test as TF and a stub coder CLI on PATH.
type pipeline struct {
	w       *workdir
	script  tfsetup.Runner
	coderLg string
}

func (e *env) newPipeline(t *testing.T, templates map[string]string) *pipeline {
	t.Helper()
	dir := filepath.Join(examplesDir, "coder-template-pipeline")
	files := map[string]string{}
	for _, name := range []string{"main.tf", "push-templates.sh"} {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = strings.ReplaceAll(string(src), exampleRegistry, e.reg.Host)
	}
	vars := map[string]any{"registry_ca_pem": string(e.pki.caPEM), "templates": map[string]any{}}
	for name, image := range templates {
		vars["templates"].(map[string]any)[name] = map[string]string{"image": image}
	}
	b, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	files["terraform.tfvars.json"] = string(b)
	w := e.newWorkdir(t, files)

	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "coder"), []byte(coderStub), 0o755); err != nil {
		t.Fatal(err)
	}
	p := &pipeline{w: w, coderLg: filepath.Join(t.TempDir(), "coder.log")}
	env := append(slices.Clone(w.run.Env), "TF="+e.tool.bin, "PATH="+bin+":"+os.Getenv("PATH"), "CODER_STUB_LOG="+p.coderLg)
	p.script = tfsetup.Runner{Bin: "bash", Dir: w.Dir, Env: env}
	return p
}

// run runs push-templates.sh and fails the test unless it exits 0.
func (p *pipeline) run(t *testing.T) tfsetup.Result {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	res, err := p.script.Run(c, "push-templates.sh")
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("push-templates.sh: %v\n%s", err, res)
	}
	return res
}

// pushes returns every recorded `coder` call so far, each as its arguments.
func (p *pipeline) pushes(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile(p.coderLg)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var calls [][]string
	var args []string
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if line == "--" {
			calls, args = append(calls, args), nil
			continue
		}
		args = append(args, line)
	}
	return calls
}

// pushMessage is the message examples/coder-template-pipeline gives a template version.
func pushMessage(image, from, version, to, reason string) string {
	short := func(d string) string { return d[:len("sha256:")+12] }
	fromText := "unpinned"
	if from != "" {
		fromText = short(from)
	}
	return fmt.Sprintf("%s: %s → %s (%s) (%s)", image, fromText, version, short(to), reason)
}

// The template-version pipeline of examples/coder-template-pipeline, driven by its own script:
// the first run pins and pushes every template; nothing moved: exit 0 and no push; another
// platform rebuilt: no push; a patch build of one template's tag: its plan exits 2, the script
// applies it and pushes that template alone, with the new pinned ref and the message. The real
// Coder template then plans with the pushed variable: its container runs exactly that ref.
func testPipeline(t *testing.T, e *env) {
	r := e.reg
	golang, python := e.repo(t, "platform", "golang"), e.repo(t, "data", "python")
	platforms := []string{"linux/amd64", "linux/arm64"}
	build := func(repo string, amd v1Image, tags ...string) string {
		var refs []string
		for _, tag := range tags {
			refs = append(refs, r.Ref(repo, tag))
		}
		r.pushIndex(t, newIndex(t, platforms, []v1Image{amd, randomImage(t, "linux/arm64")}), refs...)
		return digestOf(t, amd)
	}
	goAMD := randomImage(t, "linux/amd64")
	go130 := build(golang, goAMD, "v1.3.0", "v1.3", "v1")
	py312 := build(python, randomImage(t, "linux/amd64"), "v3.12.0", "v3.12", "v3")
	p := e.newPipeline(t, map[string]string{"docker-golang": r.Ref(golang, "v1"), "docker-python": r.Ref(python, "v3")})

	t.Log("first run: every template is pinned and pushed")
	p.run(t)
	want := [][]string{
		pushArgs("docker-golang", r.Ref(golang, "v1")+"@"+go130, pushMessage(r.Ref(golang, "v1"), "", "1.3.0", go130, "initial")),
		pushArgs("docker-python", r.Ref(python, "v3")+"@"+py312, pushMessage(r.Ref(python, "v3"), "", "3.12.0", py312, "initial")),
	}
	expectPushes(t, p.pushes(t), want)

	t.Log("nothing moved: exit 0, no push")
	if res := p.run(t); !strings.Contains(res.Stdout, "No rebuild is due") {
		t.Errorf("the script should say no rebuild is due:\n%s", res)
	}
	expectPushes(t, p.pushes(t), want)
	t.Log("v1 rebuilt for linux/arm64 only: no push")
	build(golang, goAMD, "v1.3.0", "v1.3", "v1")
	p.run(t)
	expectPushes(t, p.pushes(t), want)

	t.Log("a patch build of v1 (v1.3.1): docker-golang alone is pushed")
	go131 := build(golang, randomImage(t, "linux/amd64"), "v1.3.1", "v1.3", "v1")
	p.run(t)
	pinned := r.Ref(golang, "v1") + "@" + go131
	want = append(want, pushArgs("docker-golang", pinned, pushMessage(r.Ref(golang, "v1"), go130, "1.3.1", go131, "patch")))
	expectPushes(t, p.pushes(t), want)

	if !e.coder || !e.docker {
		t.Skipf("SKIP the template plan: %s and %s must both be set", envCoderProvider, envDockerProvider)
	}
	t.Log("the Coder template plans with the pushed variable")
	vars, err := json.Marshal(map[string]string{"registry": r.Host, "registry_ca_pem": string(e.pki.caPEM), "workspace_image": pinned})
	if err != nil {
		t.Fatal(err)
	}
	w := e.newWorkdir(t, map[string]string{"main.tf": coderTemplate(t), "terraform.tfvars.json": string(vars)},
		coderWorkspaceEnv("pipeline")...)
	w.init()
	w.expectPlan(2)
	plan := w.showPlan()
	rc := plan.change(t, workspaceContainer)
	rc.expectActions(t, "create")
	expectAttr(t, "planned "+workspaceContainer, rc.Change.After, "image", pinned)
	for _, rc := range plan.ResourceChanges {
		if strings.HasPrefix(rc.Address, "tagpolicy_pinned_image.") {
			t.Errorf("the template pins %s itself; with workspace_image set, the pipeline's pin is the only one", rc.Address)
		}
	}
}

// pushArgs is the coder command push-templates.sh runs for one template.
func pushArgs(template, pinnedRef, message string) []string {
	return []string{"templates", "push", template, "--directory", "templates/" + template, "--yes",
		"--variable", "workspace_image=" + pinnedRef, "--message", message}
}

// expectPushes compares the recorded coder calls with want, in any order within a run.
func expectPushes(t *testing.T, got, want [][]string) {
	t.Helper()
	key := func(calls [][]string) []string {
		var k []string
		for _, c := range calls {
			k = append(k, strings.Join(c, "\x00"))
		}
		slices.Sort(k)
		return k
	}
	if !slices.Equal(key(got), key(want)) {
		t.Fatalf("coder calls:\n got %q\nwant %q", got, want)
	}
}
