package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// lookup runs the moving-tag version lookup the way create, import and the rebuild decision do,
// against the test registry, with the given budget. It returns the version and the manifest HEADs
// the lookup sent (the listing is not a HEAD), read from the registry's request log.
func lookup(t *testing.T, reg *testRegistry, repoTag string, limit int) (version string, heads []string) {
	t.Helper()
	client, err := registry.New()
	if err != nil {
		t.Fatal(err)
	}
	r := &pinnedImageResource{data: &providerData{client: client, classifier: tagpolicy.NewClassifier(nil), versionLookupLimit: limit}}
	ref, err := tagpolicy.ParseReference(reg.ref(repoTag))
	if err != nil {
		t.Fatal(err)
	}
	digest, err := reg.Digest(repoTag)
	if err != nil {
		t.Fatal(err)
	}
	reg.ResetLog()
	var diags diag.Diagnostics
	version = r.resolveVersion(context.Background(), ref, r.data.classifier.Classify(ref), digest, &diags)
	if diags.HasError() {
		t.Fatalf("resolveVersion: %v", diags)
	}
	for _, req := range reg.Requests() {
		if req.Method == "HEAD" && strings.Contains(req.Path, "/manifests/") {
			heads = append(heads, req.Path[strings.LastIndex(req.Path, "/")+1:])
		}
	}
	return version, heads
}

// latest moved to a new major while five newer tags of a later major exist (node:lts on 24.x while
// 25.x exists): a scan of the five newest tags never reaches it; the search by major finds it in two.
func TestResolveVersionNewMajorBehindNewerTags(t *testing.T) {
	reg := newTestRegistry(t)
	for i := 0; i < 10; i++ {
		reg.build("acme/tools", fmt.Sprintf("1.%d.0", i))
	}
	reg.build("acme/tools", "2.0.0", "latest")
	for _, v := range []string{"3.0.0", "3.0.1", "3.1.0", "3.1.1", "3.2.0", "3.2.1"} {
		reg.build("acme/tools", v)
	}
	version, heads := lookup(t, reg, "acme/tools:latest", defaultVersionLookupLimit)
	if version != "2.0.0" || strings.Join(heads, ",") != "3.2.1,2.0.0" {
		t.Errorf("latest resolved to %q after HEADs %q, want 2.0.0 after 3.2.1,2.0.0", version, heads)
	}
}

// node's lts-alpine looks among the -alpine tags only, narrowing from the major to the patch.
func TestResolveVersionSuffixLine(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("library/node", "25.2.1", "25.2", "25", "latest")
	reg.build("library/node", "25.2.1-alpine", "25.2-alpine", "25-alpine", "latest-alpine")
	reg.build("library/node", "24.11.1", "24.11", "24", "lts", "krypton")
	reg.build("library/node", "24.11.1-alpine", "24.11-alpine", "24-alpine", "lts-alpine", "krypton-alpine")
	reg.build("library/node", "24.11.0-alpine")
	reg.build("library/node", "26.0.0-rc.1-alpine")
	version, heads := lookup(t, reg, "library/node:lts-alpine", defaultVersionLookupLimit)
	if version != "24.11.1" {
		t.Errorf("lts-alpine resolved to %q, want 24.11.1", version)
	}
	if want := "25-alpine,24-alpine,24.11-alpine,24.11.1-alpine"; strings.Join(heads, ",") != want {
		t.Errorf("HEADs %q, want %s", heads, want)
	}
}

// v1 rebuilt with no new v1.x.y tag: no version tag shares its digest, so the version is unknown,
// never v1's own "1" (which read as 1.0.0 made the move a rollback from 1.4.0).
func TestResolveVersionUnknownNeverOwnNumber(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/app", "v1.3.0")
	reg.build("acme/app", "v1.4.0", "v1.4")
	reg.build("acme/app", "v2.0.0", "v2")
	reg.build("acme/app", "v1")
	version, heads := lookup(t, reg, "acme/app:v1", defaultVersionLookupLimit)
	if version != "" || len(heads) != 3 {
		t.Errorf("v1 resolved to %q after HEADs %q, want unknown after the three 1.x tags", version, heads)
	}
	for _, h := range heads {
		if strings.HasPrefix(h, "v2") || h == "v1" {
			t.Errorf("HEADed %s, outside v1's line", h)
		}
	}
}

// The budget bounds the lookup: with version_lookup_limit = 1 one HEAD is sent, and 0 sends none.
func TestResolveVersionBudget(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/tools", "2.0.0", "latest")
	reg.build("acme/tools", "3.0.0")
	if version, heads := lookup(t, reg, "acme/tools:latest", 1); version != "" || len(heads) != 1 {
		t.Errorf("limit 1: %q after %q", version, heads)
	}
	if version, heads := lookup(t, reg, "acme/tools:latest", 0); version != "" || len(heads) != 0 {
		t.Errorf("limit 0: %q after %q", version, heads)
	}
	if version, _ := lookup(t, reg, "acme/tools:3.0.0", 0); version != "3.0.0" {
		t.Errorf("a patch tag is its own version: %q", version)
	}
}

// Dates, SHAs, builds and signature tags never take part in a rolling tag's lookup.
func TestResolveVersionSkipsNonReleases(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("mirror/alpine", "3.20.1", "3.20", "3", "latest", "20240606", "12345678", "3.20.1-1")
	reg.build("mirror/alpine", "3.21.0_alpha20240807", "edge", "20240807")
	version, heads := lookup(t, reg, "mirror/alpine:latest", defaultVersionLookupLimit)
	if version != "3.20.1" || strings.Join(heads, ",") != "3,3.20,3.20.1" {
		t.Errorf("latest resolved to %q after %q", version, heads)
	}
}

// The resource: latest five tags behind the newest moved to a new major is a "major" rebuild with
// the version found; a rebuild of v1 with no new tag is "rebuild" with the version unknown.
func TestPinnedImageVersionLookup(t *testing.T) {
	reg := newTestRegistry(t)
	var want string
	want = reg.build("acme/tools", "1.9.0", "latest")
	for _, v := range []string{"3.0.0", "3.0.1", "3.1.0", "3.1.1", "3.2.0"} {
		reg.build("acme/tools", v)
	}
	config := pinnedConfig("", reg.ref("acme/tools:latest"), `rebuild_on = ["major"]`)
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "1.9.0")},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/tools", "2.0.0", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "major"),
			ConfigStateChecks: pinnedState(&want, "major", "2.0.0"),
		},
	)
}

func TestPinnedImageRebuildWithoutNewTag(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v1.4.0", "v1.4", "v1")
	reg.build("acme/app", "v1.3.0")
	config := pinnedConfig("", reg.ref("acme/app:v1"), "")
	held := pinnedConfig("", reg.ref("acme/app:v1"), `rebuild_on = ["patch", "minor", "major", "rollback"]`)
	pinnedTest(t,
		resource.TestStep{Config: held, ConfigStateChecks: pinnedState(&want, "initial", "1.4.0")},
		resource.TestStep{
			// rebuild_on leaves out rebuild: the move is held (and is no rollback, which it allows).
			PreConfig:         func() { reg.build("acme/app", "v1") },
			Config:            held,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "1.4.0"),
		},
		resource.TestStep{
			// With the default rebuild_on, the held move is taken as what it is.
			PreConfig:        func() { want, _ = reg.Digest("acme/app:v1") },
			Config:           config,
			ConfigPlanChecks: expectRebuild(&want, "rebuild"),
			ConfigStateChecks: append(pinnedState(&want, "rebuild", ""),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("class"), knownvalue.StringExact("major"))),
		},
	)
}
