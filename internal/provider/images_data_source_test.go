package provider

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

const imagesData = "data.tagpolicy_images.catalog"

// imagesDataConfig is a provider block and one catalog of key = reference entries.
func imagesDataConfig(providerExtra string, images map[string]string, extra string) string {
	var entries strings.Builder
	for key, ref := range images {
		fmt.Fprintf(&entries, "    %s = { image = %q }\n", key, ref)
	}
	return fmt.Sprintf(`
provider "tagpolicy" {
%s
}

data "tagpolicy_images" "catalog" {
  images = {
%s  }
%s
}
`, providerExtra, entries.String(), extra)
}

func entryIs(key string, attrs map[string]knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(imagesData, tfjsonpath.New("images").AtMapKey(key), knownvalue.ObjectPartial(attrs))
}

// providerProcesses is how many provider processes (clients) talked to the registry: each pings it
// once, whatever it then resolves.
func providerProcesses(reg *testRegistry) int {
	n := 0
	for _, r := range reg.Requests() {
		if r.Method == http.MethodGet && r.Path == "/v2/" {
			n++
		}
	}
	return n
}

// A catalog resolves to what tagpolicy_image returns for each entry. Per provider process: one HEAD
// per unique tag reference (a duplicate shares it, a digest reference needs none), one token per
// repository, no manifest GET.
func TestImagesDataSourceCatalog(t *testing.T) {
	reg := newTestRegistry(t, registrytest.WithBearerAuth("ci", "catalog-pw"))
	t.Setenv("DOCKER_CONFIG", filepath.Dir(writeDockerConfig(t, reg.Host, "ci", "catalog-pw")))
	app := reg.build("acme/platform/golang", "v1", "v1.3.2")
	web := reg.build("acme/web", "latest")
	catalog := map[string]string{
		"golang":       reg.ref("acme/platform/golang:v1"),
		"golang_again": reg.ref("acme/platform/golang:v1"),
		"golang_patch": reg.ref("acme/platform/golang:v1.3.2"),
		"web":          reg.ref("acme/web:latest"),
		"web_pinned":   reg.ref("acme/web:latest@" + web),
	}
	reg.ResetLog()
	serialDataTest(t, resource.TestStep{
		Config: imagesDataConfig("", catalog, ""),
		ConfigStateChecks: []statecheck.StateCheck{
			entryIs("golang", map[string]knownvalue.Check{
				"image": knownvalue.StringExact(catalog["golang"]), "digest": knownvalue.StringExact(app),
				"pinned_ref": knownvalue.StringExact(catalog["golang"] + "@" + app),
				"registry":   knownvalue.StringExact(reg.Host), "repository": knownvalue.StringExact("acme/platform/golang"),
				"tag": knownvalue.StringExact("v1"), "class": knownvalue.StringExact("major"),
				"version": knownvalue.StringExact("1"), "suffix": knownvalue.Null(),
				"scheme_match": knownvalue.Bool(true), "platform": knownvalue.Null(),
				"platform_digest": knownvalue.Null(), "platforms": knownvalue.Null(),
				"media_type": knownvalue.StringRegexp(regexp.MustCompile(`manifest`)),
			}),
			entryIs("golang_again", map[string]knownvalue.Check{"digest": knownvalue.StringExact(app)}),
			entryIs("golang_patch", map[string]knownvalue.Check{
				"digest": knownvalue.StringExact(app), "class": knownvalue.StringExact("patch"),
				"version": knownvalue.StringExact("1.3.2"),
			}),
			entryIs("web", map[string]knownvalue.Check{
				"digest": knownvalue.StringExact(web), "class": knownvalue.StringExact("rolling"),
				"version": knownvalue.Null(),
			}),
			entryIs("web_pinned", map[string]knownvalue.Check{
				"digest": knownvalue.StringExact(web), "class": knownvalue.StringExact("digest"),
				"pinned_ref": knownvalue.StringExact(catalog["web_pinned"]), "media_type": knownvalue.Null(),
			}),
			statecheck.ExpectKnownValue(imagesData, tfjsonpath.New("images"), knownvalue.MapSizeExact(len(catalog))),
		},
	})
	processes := providerProcesses(reg)
	if processes == 0 {
		t.Fatal("no provider process pinged the registry")
	}
	// golang:v1 (twice), golang:v1.3.2, web:latest; the digest reference is not asked for.
	if got, want := reg.ManifestRequests(http.MethodHead), 3*processes; got != want {
		t.Errorf("%d manifest HEADs over %d provider processes, want 3 per process (one per unique tag reference)", got, processes)
	}
	if got, want := reg.TokenRequests(), 2*processes; got != want {
		t.Errorf("%d token requests over %d provider processes, want 2 per process (one per repository)", got, processes)
	}
	if got := reg.ManifestRequests(http.MethodGet); got != 0 {
		t.Errorf("%d manifest GETs, want 0: a tag lookup is a HEAD", got)
	}
}

// One ReadDataSource call over 300 entries, 200 of them unique, in 20 repositories: 200 HEADs and
// 20 tokens, every entry resolved to what the registry holds.
func TestImagesDataSourceOneCallResolvesEveryUniqueReferenceOnce(t *testing.T) {
	reg := newTestRegistry(t, registrytest.WithBearerAuth("ci", "catalog-pw"))
	t.Setenv("DOCKER_CONFIG", filepath.Dir(writeDockerConfig(t, reg.Host, "ci", "catalog-pw")))
	tags := []string{"v1", "v1.0", "v1.0.0", "v1.1", "v1.1.0", "v2", "v2.0.0", "latest", "stable", "main"}
	p := newProtoServer(t)
	entries := map[string]tftypes.Value{}
	want := map[string]string{}
	entryType := tftypes.Object{}
	for r := range 20 {
		for i, tag := range tags {
			ref := reg.ref(fmt.Sprintf("acme/team%02d/app:%s", r, tag))
			digest, err := reg.PushRandom(ref)
			if err != nil {
				t.Fatal(err)
			}
			for copyN := range 1 + i%2 { // every other reference is in the catalog twice
				key := fmt.Sprintf("team%02d_%d_%d", r, i, copyN)
				want[key] = digest
				entries[key] = entryValue(p, ref)
				entryType = entries[key].Type().(tftypes.Object)
			}
		}
	}
	reg.ResetLog()
	p.configure(nil)
	resp, err := p.readData(context.Background(), "tagpolicy_images", map[string]tftypes.Value{
		"images": tftypes.NewValue(tftypes.Map{ElementType: entryType}, entries),
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("read: %v %s", err, diagText(resp.Diagnostics))
	}
	got := readDigests(t, p, resp.State)
	if len(got) != len(want) {
		t.Fatalf("%d entries in state, want %d", len(got), len(want))
	}
	for key, digest := range want {
		if got[key] != digest {
			t.Errorf("%s resolved to %s, the registry holds %s", key, got[key], digest)
		}
	}
	if n := reg.ManifestRequests(http.MethodHead); n != 200 {
		t.Errorf("%d manifest HEADs for 200 unique references in one call, want 200", n)
	}
	if n := reg.TokenRequests(); n != 20 {
		t.Errorf("%d token requests for 20 repositories, want 20", n)
	}
	if n := reg.ManifestRequests(http.MethodGet); n != 0 {
		t.Errorf("%d manifest GETs, want 0", n)
	}
}

// entryValue is one catalog entry as Terraform sends it: image set, everything else null.
func entryValue(p *protoServer, ref string) tftypes.Value {
	p.t.Helper()
	s := p.schemas.DataSourceSchemas["tagpolicy_images"]
	for _, a := range s.Block.Attributes {
		if a.Name != "images" {
			continue
		}
		typ := a.NestedType.ValueType().(tftypes.Map).ElementType.(tftypes.Object)
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			attrs[name] = tftypes.NewValue(at, nil)
		}
		attrs["image"] = str(ref)
		return tftypes.NewValue(typ, attrs)
	}
	p.t.Fatal("tagpolicy_images has no images attribute")
	return tftypes.Value{}
}

// readDigests returns each entry's digest from a tagpolicy_images state.
func readDigests(t *testing.T, p *protoServer, state interface {
	Unmarshal(tftypes.Type) (tftypes.Value, error)
}) map[string]string {
	t.Helper()
	s := p.schemas.DataSourceSchemas["tagpolicy_images"]
	v, err := state.Unmarshal(s.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]tftypes.Value
	if err := v.As(&obj); err != nil {
		t.Fatal(err)
	}
	var images map[string]tftypes.Value
	if err := obj["images"].As(&images); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for key, e := range images {
		var attrs map[string]tftypes.Value
		if err := e.As(&attrs); err != nil {
			t.Fatal(err)
		}
		var d string
		if err := attrs["digest"].As(&d); err != nil {
			t.Fatal(err)
		}
		out[key] = d
	}
	return out
}

// platform applies to every entry: each pins that platform's manifest.
func TestImagesDataSourcePlatform(t *testing.T) {
	reg := newTestRegistry(t)
	amd, arm := reg.image("linux/amd64"), reg.image("linux/arm64/v8")
	index := reg.index("acme/frontend/node:20", map[string]v1.Image{"linux/amd64": amd, "linux/arm64/v8": arm})
	amd2, arm2 := reg.image("linux/amd64"), reg.image("linux/arm64/v8")
	reg.index("acme/platform/golang:v1", map[string]v1.Image{"linux/amd64": amd2, "linux/arm64/v8": arm2})
	armDigest := imageDigest(t, arm)
	catalog := map[string]string{"node": reg.ref("acme/frontend/node:20"), "golang": reg.ref("acme/platform/golang:v1")}
	dataTest(t, resource.TestStep{
		Config: imagesDataConfig("", catalog, `  platform = "linux/arm64/v8"`),
		ConfigStateChecks: []statecheck.StateCheck{
			entryIs("node", map[string]knownvalue.Check{
				"platform": knownvalue.StringExact("linux/arm64/v8"), "digest": knownvalue.StringExact(index),
				"platform_digest": knownvalue.StringExact(armDigest),
				"pinned_ref":      knownvalue.StringExact(catalog["node"] + "@" + armDigest),
				"platforms":       knownvalue.ListSizeExact(2),
			}),
			entryIs("golang", map[string]knownvalue.Check{
				"platform_digest": knownvalue.StringExact(imageDigest(t, arm2)),
				"pinned_ref":      knownvalue.StringExact(catalog["golang"] + "@" + imageDigest(t, arm2)),
			}),
		},
	}, resource.TestStep{
		Config:      imagesDataConfig("", catalog, `  platform = "windows/amd64"`),
		ExpectError: regexp.MustCompile(`(?s)images\["golang"\]: .*Platform Not Found.*images\["node"\]: `),
	})
}

// Policy is checked for every entry before any request; each failing entry is reported under its key.
func TestImagesDataSourcePolicyEveryEntryNoRequest(t *testing.T) {
	reg := newTestRegistry(t)
	catalog := map[string]string{
		"a_ok":     reg.ref("acme/app:v1"),
		"b_latest": reg.ref("acme/app:latest"),
		"c_hub":    "ubuntu:20.04",
		"d_stable": reg.ref("acme/web:stable"),
	}
	dataTest(t, resource.TestStep{
		Config: imagesDataConfig(`
  allowed_registries = ["`+reg.Host+`"]
  allowed_classes    = ["major", "minor", "patch"]`, catalog, ""),
		ExpectError: regexp.MustCompile(`(?s)Image Policy Violation.*images\["b_latest"\]: .*allowed_classes` +
			`.*images\["c_hub"\]: .*allowed_registries.*images\["d_stable"\]: .*allowed_classes.*No request was sent`),
	})
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("policy violations sent %d requests, want 0: %v", n, reg.Requests())
	}
}

// A registry failure is reported for every entry it hits, under each key; the others resolve.
func TestImagesDataSourceRegistryErrorPerEntry(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/app", "v1")
	catalog := map[string]string{"app": reg.ref("acme/app:v1"), "gone": reg.ref("acme/app:v9"), "gone_too": reg.ref("acme/app:v9")}
	dataTest(t, resource.TestStep{
		Config:      imagesDataConfig("", catalog, ""),
		ExpectError: regexp.MustCompile(`(?s)Image Tag Not Found.*images\["gone"\]: .*acme/app:v9.*images\["gone_too"\]: `),
	})
}

// Every invalid entry fails at validate, with no request.
func TestImagesDataSourceValidation(t *testing.T) {
	reg := newTestRegistry(t)
	catalog := map[string]string{"upper": reg.Host + "/Acme/App:v1", "ok": reg.ref("acme/app:v1"), "spaces": "acme app"}
	resource.Test(t, accCase(t, []resource.TestStep{{
		Config:      imagesDataConfig("", catalog, ""),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Invalid Image Reference.*images\["(upper|spaces)"\]: .*Invalid Image Reference.*images\["(upper|spaces)"\]: `),
	}, {
		Config:      imagesDataConfig("", catalog, `  platform = "amd64"`),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)platform.*os/architecture`),
	}}))
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("invalid input sent %d requests, want 0", n)
	}
}
