package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// Refresh observes, plan decides, apply writes: the scenarios below run the pipelines Coder's
// provisioner and CI run, where `plan -out` and `apply PLAN` are two processes with time between.

// savedPlan runs `plan -out=saved` and expects exit code; apply then uses "saved".
func (w *workdir) savedPlan(code int) {
	w.t.Helper()
	res := w.exec("plan", "-detailed-exitcode", "-no-color", "-input=false", "-out=saved")
	if res.ExitCode != code {
		w.t.Fatalf("plan -out: want exit code %d\n%s", code, res)
	}
}

func (w *workdir) applySaved() {
	w.t.Helper()
	w.mustExec("apply", "-no-color", "-input=false", "saved")
}

// A due rebuild saved with plan -out applies what the plan showed even after the tag moved again
// in between; the next plan proposes the newer build.
func testSavedPlanRebuild(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	first := r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "v1"), ""))})
	applyPin(t, w, first, "major")

	planned := r.pushRandom(t, r.Ref(repo, "v1"))
	w.savedPlan(2)
	newer := r.pushRandom(t, r.Ref(repo, "v1")) // a CI push lands between plan and apply
	w.applySaved()
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", planned)
	expectAttr(t, pinAddr, attrs, "previous_digest", first)

	w.expectPlan(2)
	expectAttr(t, "planned "+pinAddr, w.showPlan().change(t, pinAddr).Change.After, "digest", newer)
}

// A first pin saved with plan -out applies after the tag moved: apply resolves the tag.
func testSavedPlanCreate(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "v1"), ""))})
	w.init()
	w.savedPlan(2)
	current := r.pushRandom(t, r.Ref(repo, "v1"))
	w.applySaved()
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", current)
	expectAttr(t, pinAddr, attrs, "current_digest", current)
	expectAttr(t, pinAddr, attrs, "rebuild_reason", "initial")
	w.expectPlan(0)
}

// A template-only change saved with plan -out applies after the tag moved, and keeps the pin; the
// next plan proposes the new build.
func testSavedPlanTemplateUpdate(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	first := r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "v1"), ""))})
	applyPin(t, w, first, "major")

	w.write("main.tf", config("", strings.Replace(pinned("app", r.Ref(repo, "v1"), ""), `"e2e"`, `"e2e-v2"`, 1)))
	w.savedPlan(2)
	newer := r.pushRandom(t, r.Ref(repo, "v1"))
	w.applySaved()
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", first)
	expectAttr(t, pinAddr, attrs, "template", "e2e-v2")

	w.expectPlan(2)
	expectAttr(t, "planned "+pinAddr, w.showPlan().change(t, pinAddr).Change.After, "digest", newer)
}

// With the registry stopped: plan fails naming it, -refresh=false plans empty (and destroy) without
// a request, keep_pin warns and plans empty, and destroy succeeds. Terraform and OpenTofu refresh
// before destroy with a normal plan of the same configuration, which the provider cannot tell from
// `plan`; so in the default on_registry_error = "fail" mode a plain destroy fails like plan does, and
// destroy needs keep_pin or -refresh=false (the error says so).
func testRegistryDownLifecycle(t *testing.T, e *env) {
	r := startRegistry(t, e.registryBin, e.pki, registryUser, registryPassword)
	repo := e.repo(t, "platform", "app")
	d := r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("  max_retries = 0", pinned("app", r.Ref(repo, "v1"), ""))},
		"DOCKER_CONFIG="+r.DockerConfig(t, registryUser, registryPassword))
	applyPin(t, w, d, "major")

	m := r.mark()
	if res := w.exec("plan", "-refresh=false", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("plan -refresh=false with the registry up: want exit code 0\n%s", res)
	}
	if n := r.countRequestsSince(m, "", "/v2/"); n != 0 {
		t.Errorf("plan -refresh=false sent %d requests to the registry, want none", n)
	}

	r.Stop()
	if res := w.expectPlan(1); !strings.Contains(res.Stderr, r.Host) || !strings.Contains(res.Stderr, "Registry Unavailable") {
		t.Errorf("the plan error should name the registry %s and say it is unavailable:\n%s", r.Host, res.Stderr)
	}
	if res := w.exec("plan", "-refresh=false", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Errorf("plan -refresh=false with the registry stopped: want exit code 0\n%s", res)
	}
	if res := w.exec("plan", "-destroy", "-refresh=false", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 2 {
		t.Errorf("plan -destroy -refresh=false with the registry stopped: want exit code 2\n%s", res)
	}
	w.write("main.tf", config("  max_retries = 0\n  on_registry_error = \"keep_pin\"", pinned("app", r.Ref(repo, "v1"), "")))
	if res := w.expectPlan(0); !strings.Contains(res.Stdout+res.Stderr, "keep_pin") || !strings.Contains(res.Stdout+res.Stderr, r.Host) {
		t.Errorf("keep_pin: the warning should name keep_pin and the registry %s:\n%s", r.Host, res)
	}
	w.mustExec("destroy", "-auto-approve", "-no-color", "-input=false")
	if st := w.showState(); st.Values != nil && len(st.Values.RootModule.Resources) != 0 {
		t.Errorf("destroy left %d resources in state", len(st.Values.RootModule.Resources))
	}
}

// plan -refresh-only after a move shows the observation changing and the pin staying.
func testRefreshOnly(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	first := r.pushRandom(t, r.Ref(repo, "1.0.0"), r.Ref(repo, "latest"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "latest"), ""))})
	applyPin(t, w, first, "rolling")

	moved := r.pushRandom(t, r.Ref(repo, "1.0.1"), r.Ref(repo, "latest"))
	res := w.exec("plan", "-refresh-only", "-no-color", "-input=false", "-out=refresh")
	if res.ExitCode != 0 {
		t.Fatalf("plan -refresh-only:\n%s", res)
	}
	for _, want := range []string{"current_digest", "current_version", "pending_update", moved, `"1.0.1"`, `"patch"`} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("plan -refresh-only output lacks %s:\n%s", want, res.Stdout)
		}
	}
	w.mustExec("apply", "-no-color", "-input=false", "refresh")
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", first)
	expectAttr(t, pinAddr, attrs, "current_digest", moved)
	expectAttr(t, pinAddr, attrs, "current_version", "1.0.1")
	expectAttr(t, pinAddr, attrs, "pending_update", "patch")
}

// rebuild_on = ["major"] holds a patch move of latest: the plan is empty and warns, naming the
// kind and the version; pending_update records it.
func testHeldUpdateWarns(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	first := r.pushRandom(t, r.Ref(repo, "1.0.0"), r.Ref(repo, "latest"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "latest"), `  rebuild_on = ["major"]`))})
	applyPin(t, w, first, "rolling")

	r.pushRandom(t, r.Ref(repo, "1.0.1"), r.Ref(repo, "latest"))
	res := w.expectPlan(0)
	out := res.Stdout + res.Stderr
	if !strings.Contains(out, "Image Update Held By rebuild_on") || !strings.Contains(out, "patch") || !strings.Contains(out, "1.0.1") {
		t.Errorf("the plan should warn that a patch update to 1.0.1 is held:\n%s", out)
	}
	w.mustApply()
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", first)
	expectAttr(t, pinAddr, attrs, "pending_update", "patch")
}

// Import of a platform pin (ID with ",linux/amd64") plans empty against a config with that
// platform; a digest the registry lacks and a registry outside policy are errors, the latter
// before any request.
func testImportLifecycle(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "python")
	platforms := []string{"linux/amd64", "linux/arm64"}
	amd := randomImage(t, "linux/amd64")
	r.pushIndex(t, newIndex(t, platforms, []v1Image{amd, randomImage(t, "linux/arm64")}), r.Ref(repo, "3.12"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", fmt.Sprintf(`resource "tagpolicy_pinned_image" "app" {
  image    = %q
  platform = "linux/amd64"
}
`, r.Ref(repo, "3.12")))})
	w.init()
	w.mustExec("import", "-no-color", "-input=false", pinAddr, r.Ref(repo, "3.12")+"@"+digestOf(t, amd)+",linux/amd64")
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", digestOf(t, amd))
	expectAttr(t, pinAddr, attrs, "platform", "linux/amd64")
	w.expectPlan(0)

	missing := "sha256:" + strings.Repeat("0", 64)
	w2 := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "3.12"), ""))})
	w2.init()
	if res := w2.exec("import", "-no-color", "-input=false", pinAddr, r.Ref(repo, "3.12")+"@"+missing); res.ExitCode == 0 || !strings.Contains(res.Stderr, "Pinned Digest Not Found") {
		t.Errorf("import of a digest the registry lacks: want an error naming it\n%s", res)
	}

	w3 := e.newWorkdir(t, map[string]string{"main.tf": config(`  allowed_registries = ["registry.acme.internal:5000"]`, pinned("app", r.Ref(repo, "3.12"), ""))})
	w3.init()
	m := r.mark()
	if res := w3.exec("import", "-no-color", "-input=false", pinAddr, r.Ref(repo, "3.12")+"@"+digestOf(t, amd)); res.ExitCode == 0 || !strings.Contains(res.Stderr, "allowed_registries") {
		t.Errorf("import from a registry outside policy: want a policy error\n%s", res)
	}
	if n := r.countRequestsSince(m, "", "/v2/"+repo+"/"); n != 0 {
		t.Errorf("import outside policy sent %d requests to the registry", n)
	}
}

// write replaces one file of the root module.
func (w *workdir) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.Dir, name), []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// State written by release 0.1 (schema version 0; testdata/state_v0.tfstate is a platform pin
// that `make demo` left, made after a patch rebuild) upgrades in place: the pin keeps its digest,
// and with the tag where it was, the plan is empty, with and without refresh.
func testStateUpgrade(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "acme", "golang")
	platforms := []string{"linux/amd64", "linux/arm64"}
	amd := randomImage(t, "linux/amd64")
	r.pushIndex(t, newIndex(t, platforms, []v1Image{amd, randomImage(t, "linux/arm64")}), r.Ref(repo, "v1.3"))
	fixture, err := os.ReadFile(filepath.Join("testdata", "state_v0.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	state := strings.NewReplacer(
		"127.0.0.1:38531/acme/platform/golang", r.Host+"/"+repo,
		"sha256:9c428210f7453a5e2682da431ff3bd40930c6c0e0bef38d393f1958ed8b2b32e", digestOf(t, amd),
		`"terraform_version": "1.8.5"`, `"terraform_version": "1.6.0"`, // a state OpenTofu 1.6 also reads
		tfsetup.TerraformRegistry, e.tool.registry,
	).Replace(string(fixture))
	w := e.newWorkdir(t, map[string]string{
		"terraform.tfstate": state,
		"main.tf": config("", fmt.Sprintf(`resource "tagpolicy_pinned_image" "golang" {
  image    = %q
  platform = "linux/amd64"
  template = "go-development"
}

output "workspace_image" {
  value = tagpolicy_pinned_image.golang.pinned_ref
}

output "rebuild_reason" {
  value = tagpolicy_pinned_image.golang.rebuild_reason
}
`, r.Ref(repo, "v1.3"))),
	})
	w.init()
	if res := w.exec("plan", "-refresh=false", "-detailed-exitcode", "-no-color", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("plan -refresh=false of a version 0 state: want exit code 0\n%s", res)
	}
	w.expectPlan(0)
	w.mustApply()
	attrs := w.showState().attrs(t, "tagpolicy_pinned_image.golang")
	expectAttr(t, "upgraded pin", attrs, "digest", digestOf(t, amd))
	expectAttr(t, "upgraded pin", attrs, "previous_digest", "sha256:ca0008771cac4e3e9047ccf6fd73299a11f14c4fcec08914f4aaae8f19b2beb1")
	expectAttr(t, "upgraded pin", attrs, "rebuild_reason", "patch")
	expectAttr(t, "upgraded pin", attrs, "current_digest", digestOf(t, amd))
	if !strings.Contains(string(w.stateBytes()), `"schema_version": 1`) {
		t.Errorf("the state was not upgraded to schema version 1:\n%s", w.stateBytes())
	}
}
