package e2e

import (
	"fmt"
	"testing"
)

// data "tagpolicy_image" resolves a multi-platform tag: the index digest, the platform's
// manifest digest, a pinned reference usable as a container image, and the scheme fields.
func testImageDataSource(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "golang")
	amd, arm := randomImage(t, "linux/amd64"), randomImage(t, "linux/arm64")
	index := r.pushIndex(t, newIndex(t, []string{"linux/amd64", "linux/arm64"}, []v1Image{amd, arm}),
		r.Ref(repo, "v1.3.0"), r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", fmt.Sprintf(`data "tagpolicy_image" "golang" {
  image    = %q
  platform = "linux/arm64"
}

output "image" {
  value = {
    digest          = data.tagpolicy_image.golang.digest
    platform_digest = data.tagpolicy_image.golang.platform_digest
    pinned_ref      = data.tagpolicy_image.golang.pinned_ref
    class           = data.tagpolicy_image.golang.class
    platforms       = length(data.tagpolicy_image.golang.platforms)
    software        = data.tagpolicy_image.golang.scheme["software"]
    scheme_match    = data.tagpolicy_image.golang.scheme_match
  }
}
`, r.Ref(repo, "v1")))})
	w.init()
	w.mustApply()
	got, _ := w.showState().output(t, "image").(map[string]any)
	for k, want := range map[string]any{
		"digest":          index,
		"platform_digest": digestOf(t, arm),
		"pinned_ref":      r.Ref(repo, "v1") + "@" + digestOf(t, arm),
		"class":           "major",
		"platforms":       float64(2),
		"software":        "golang",
		"scheme_match":    true,
	} {
		if got[k] != want {
			t.Errorf("tagpolicy_image.%s = %#v, want %#v", k, got[k], want)
		}
	}
}

// An imported pin (host/repo:tag@sha256:…) is in state as given, and follows its tag from there:
// the tag has moved on since, so the next plan proposes the rebuild.
func testImport(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "golang")
	old := r.pushRandom(t, r.Ref(repo, "v1"))
	current := r.pushRandom(t, r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "v1"), ""))})
	w.init()
	w.mustExec("import", "-no-color", "-input=false", pinAddr, r.Ref(repo, "v1")+"@"+old)
	expectAttr(t, pinAddr, w.showState().attrs(t, pinAddr), "digest", old)

	w.expectPlan(2)
	rc := w.showPlan().change(t, pinAddr)
	rc.expectActions(t, "update")
	expectAttr(t, "planned "+pinAddr, rc.Change.After, "digest", current)
}
