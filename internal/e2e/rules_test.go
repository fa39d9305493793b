package e2e

import (
	"testing"
)

const pinAddr = "tagpolicy_pinned_image.app"

// expectRebuild plans, expects exit code 2 with an in-place update of the pin to digest for
// reason, applies it, and checks the new state.
func expectRebuild(t *testing.T, w *workdir, digest, reason string) {
	t.Helper()
	w.expectPlan(2)
	rc := w.showPlan().change(t, pinAddr)
	rc.expectActions(t, "update")
	expectAttr(t, "planned "+pinAddr, rc.Change.After, "rebuild_reason", reason)
	expectAttr(t, "planned "+pinAddr, rc.Change.After, "digest", digest)
	before := rc.Change.Before["digest"]
	w.mustApply()
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", digest)
	expectAttr(t, pinAddr, attrs, "rebuild_reason", reason)
	expectAttr(t, pinAddr, attrs, "previous_digest", before)
	// Applied, the pin is current: nothing more to do.
	w.expectPlan(0)
}

// applyPin runs init and apply and checks the first pin.
func applyPin(t *testing.T, w *workdir, digest, class string) map[string]any {
	t.Helper()
	w.init()
	w.mustApply()
	attrs := w.showState().attrs(t, pinAddr)
	expectAttr(t, pinAddr, attrs, "digest", digest)
	expectAttr(t, pinAddr, attrs, "class", class)
	expectAttr(t, pinAddr, attrs, "rebuild_reason", "initial")
	w.expectPlan(0)
	return attrs
}

// A rolling tag follows its publisher: patch, minor and major releases are all rebuilds, and
// rebuild_reason names the level, found from the version tags that share the new digest.
func testRollingLatest(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "app")
	d := r.pushRandom(t, r.Ref(repo, "1.0.0"), r.Ref(repo, "latest"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "latest"), ""))})
	attrs := applyPin(t, w, d, "rolling")
	expectAttr(t, pinAddr, attrs, "version", "1.0.0")
	expectAttr(t, pinAddr, attrs, "pinned_ref", r.Ref(repo, "latest")+"@"+d)

	for _, step := range []struct{ version, reason string }{
		{"1.0.1", "patch"},
		{"1.1.0", "minor"},
		{"2.0.0", "major"},
	} {
		t.Logf("latest moves to %s: a %s rebuild", step.version, step.reason)
		d := r.pushRandom(t, r.Ref(repo, step.version), r.Ref(repo, "latest"))
		expectRebuild(t, w, d, step.reason)
	}
}

// A minor tag (20.04) follows its line only: a newer line (20.10) and `latest` moving to it
// are no rebuild; the same 20.04 rebuilt (a security fix of its base) is.
func testMinorLine(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "ubuntu")
	d := r.pushRandom(t, r.Ref(repo, "20.04"), r.Ref(repo, "latest"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "20.04"), ""))})
	attrs := applyPin(t, w, d, "minor")
	// No 20.04.x tag shares its digest, so the version is unknown: never the tag's own number.
	expectAttr(t, pinAddr, attrs, "version", nil)

	r.pushRandom(t, r.Ref(repo, "20.10"))
	w.expectPlan(0)
	r.retag(t, r.Ref(repo, "20.10"), "latest")
	w.expectPlan(0)

	rebuilt := r.pushRandom(t, r.Ref(repo, "20.04"))
	expectRebuild(t, w, rebuilt, "rebuild")
}

// A major tag (v1) follows the newest build of that major: v2 is no rebuild, v1 moving to a
// v1.4.0 build is a minor one.
func testMajorLine(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "golang")
	d := r.pushRandom(t, r.Ref(repo, "v1.3.0"), r.Ref(repo, "v1.3"), r.Ref(repo, "v1"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", pinned("app", r.Ref(repo, "v1"), ""))})
	applyPin(t, w, d, "major")

	r.pushRandom(t, r.Ref(repo, "v2.0.0"), r.Ref(repo, "v2.0"), r.Ref(repo, "v2"))
	w.expectPlan(0)

	v140 := r.pushRandom(t, r.Ref(repo, "v1.4.0"), r.Ref(repo, "v1.4"), r.Ref(repo, "v1"))
	expectRebuild(t, w, v140, "minor")
}

// A digest reference names one image for good: whatever its tag does, nothing is proposed.
func testDigestRef(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "node")
	d := r.pushRandom(t, r.Ref(repo, "v1"))
	byDigest := r.Host + "/" + repo + "@" + d
	tagAndDigest := r.Ref(repo, "v1") + "@" + d
	w := e.newWorkdir(t, map[string]string{"main.tf": config("",
		pinned("app", byDigest, "")+pinned("tagged", tagAndDigest, ""))})
	applyPin(t, w, d, "digest")
	expectAttr(t, "tagpolicy_pinned_image.tagged", w.showState().attrs(t, "tagpolicy_pinned_image.tagged"), "class", "digest")

	r.pushRandom(t, r.Ref(repo, "v1"))
	w.expectPlan(0)
	r.deleteManifest(t, byDigest)
	w.expectPlan(0)
}

// With platform set, the pin is that platform's manifest in the index: another platform's
// rebuild is no rebuild, the pinned platform's is.
func testPlatformPin(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "python")
	platforms := []string{"linux/amd64", "linux/arm64"}
	amd, arm := randomImage(t, "linux/amd64"), randomImage(t, "linux/arm64")
	r.pushIndex(t, newIndex(t, platforms, []v1Image{amd, arm}), r.Ref(repo, "3.12"))
	w := e.newWorkdir(t, map[string]string{"main.tf": config("",
		pinned("app", r.Ref(repo, "3.12"), `  platform = "linux/amd64"`))})
	applyPin(t, w, digestOf(t, amd), "minor")

	t.Log("linux/arm64 rebuilt: the pinned linux/amd64 image is the same")
	r.pushIndex(t, newIndex(t, platforms, []v1Image{amd, randomImage(t, "linux/arm64")}), r.Ref(repo, "3.12"))
	w.expectPlan(0)

	t.Log("linux/amd64 rebuilt")
	amd2 := randomImage(t, "linux/amd64")
	r.pushIndex(t, newIndex(t, platforms, []v1Image{amd2, arm}), r.Ref(repo, "3.12"))
	expectRebuild(t, w, digestOf(t, amd2), "rebuild")
}
