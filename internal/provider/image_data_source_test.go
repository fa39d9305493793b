package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

const imageData = "data.tagpolicy_image.x"

func imageDataConfig(providerExtra, image, extra string) string {
	return fmt.Sprintf(`
provider "tagpolicy" {
%s
}

data "tagpolicy_image" "x" {
  image = %q
%s
}
`, providerExtra, image, extra)
}

// dataTest runs steps in parallel with the other tests: each has its own registry and provider.
func dataTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, accCase(t, steps))
}

// serialDataTest is dataTest for a test that sets environment variables (t.Setenv), which Go does
// not allow in a parallel test, that runs more than one test case, or whose subtests share one
// registry's faults.
func serialDataTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, accCase(t, steps))
}

func attrIs(name string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(imageData, tfjsonpath.New(name), check)
}

// Every attribute of a single-platform image named by the default naming scheme (tagpolicy.DefaultScheme).
func TestImageDataSourceSinglePlatform(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/platform/golang", "v1.3-alpine")
	dataTest(t, resource.TestStep{
		Config: imageDataConfig("", reg.ref("acme/platform/golang:v1.3-alpine"), ""),
		ConfigStateChecks: []statecheck.StateCheck{
			attrIs("digest", digestIs(&want)),
			attrIs("platform_digest", knownvalue.Null()),
			attrIs("pinned_ref", knownvalue.StringFunc(func(v string) error {
				if v != reg.ref("acme/platform/golang:v1.3-alpine@"+want) {
					return fmt.Errorf("pinned_ref %s", v)
				}
				return nil
			})),
			attrIs("registry", knownvalue.StringExact(reg.Host)),
			attrIs("repository", knownvalue.StringExact("acme/platform/golang")),
			attrIs("tag", knownvalue.StringExact("v1.3-alpine")),
			attrIs("class", knownvalue.StringExact("minor")),
			attrIs("version", knownvalue.StringExact("1.3")),
			attrIs("suffix", knownvalue.StringExact("alpine")),
			attrIs("media_type", knownvalue.StringRegexp(regexp.MustCompile(`manifest`))),
			attrIs("platforms", knownvalue.Null()),
			// v1.3-alpine is not a major tag, so the default {majorversion} scheme does not match.
			attrIs("scheme_match", knownvalue.Bool(false)),
			attrIs("scheme", knownvalue.MapExact(map[string]knownvalue.Check{})),
		},
	})
	if got := reg.ManifestRequests("GET"); got != 0 {
		t.Errorf("a tag lookup made %d manifest GETs; a HEAD must do (on Docker Hub a GET counts as a pull)", got)
	}
}

// A multi-platform index: platforms listed, platform_digest and pinned_ref for the chosen one.
func TestImageDataSourceMultiPlatform(t *testing.T) {
	reg := newTestRegistry(t)
	amd, arm := reg.image("linux/amd64"), reg.image("linux/arm64/v8")
	index := reg.index("acme/frontend/node:20-bookworm-slim", map[string]v1.Image{"linux/amd64": amd, "linux/arm64/v8": arm})
	armDigest := imageDigest(t, arm)
	dataTest(t, resource.TestStep{
		Config: imageDataConfig("", reg.ref("acme/frontend/node:20-bookworm-slim"), `platform = "linux/arm64/v8"`),
		ConfigStateChecks: []statecheck.StateCheck{
			attrIs("digest", knownvalue.StringExact(index)),
			attrIs("platform_digest", knownvalue.StringExact(armDigest)),
			attrIs("pinned_ref", knownvalue.StringExact(reg.ref("acme/frontend/node:20-bookworm-slim@"+armDigest))),
			attrIs("class", knownvalue.StringExact("major")),
			attrIs("version", knownvalue.StringExact("20")),
			attrIs("suffix", knownvalue.StringExact("bookworm-slim")),
			attrIs("media_type", knownvalue.StringRegexp(regexp.MustCompile(`index|manifest\.list`))),
			attrIs("platforms", knownvalue.SetExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"os": knownvalue.StringExact("linux"), "architecture": knownvalue.StringExact("amd64"),
					"variant": knownvalue.Null(), "digest": knownvalue.StringExact(imageDigest(t, amd)),
				}),
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"os": knownvalue.StringExact("linux"), "architecture": knownvalue.StringExact("arm64"),
					"variant": knownvalue.StringExact("v8"), "digest": knownvalue.StringExact(armDigest),
				}),
			})),
		},
	}, resource.TestStep{
		Config:      imageDataConfig("", reg.ref("acme/frontend/node:20-bookworm-slim"), `platform = "windows/amd64"`),
		ExpectError: regexp.MustCompile(`(?s)Platform Not Found.*linux/amd64`),
	})
}

// The default naming scheme (tagpolicy.DefaultScheme), with and without its optional company segment.
func TestImageDataSourceScheme(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/platform/golang", "v1")
	reg.build("platform/golang", "v1")
	dataTest(t, resource.TestStep{
		Config: imageDataConfig(`enforce_naming_scheme = true`, reg.ref("acme/platform/golang:v1"), ""),
		ConfigStateChecks: []statecheck.StateCheck{
			attrIs("scheme_match", knownvalue.Bool(true)),
			attrIs("scheme", knownvalue.MapExact(map[string]knownvalue.Check{
				"registry": knownvalue.StringExact(reg.Host), "host": knownvalue.StringExact("127.0.0.1"),
				"port": knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`)), "company": knownvalue.StringExact("acme"),
				"department": knownvalue.StringExact("platform"), "software": knownvalue.StringExact("golang"),
				"majorversion": knownvalue.StringExact("v1"),
			})),
		},
	}, resource.TestStep{
		Config: imageDataConfig(`enforce_naming_scheme = true`, reg.ref("platform/golang:v1"), ""),
		ConfigStateChecks: []statecheck.StateCheck{
			attrIs("scheme_match", knownvalue.Bool(true)),
			attrIs("scheme", knownvalue.MapPartial(map[string]knownvalue.Check{
				"company": knownvalue.StringExact(""), "department": knownvalue.StringExact("platform"),
				"software": knownvalue.StringExact("golang"),
			})),
		},
	}, resource.TestStep{
		Config:      imageDataConfig(`enforce_naming_scheme = true`, reg.ref("acme/platform/golang:latest"), ""),
		ExpectError: regexp.MustCompile(`(?s)Image Policy Violation.*naming_scheme.*majorversion`),
	})
}

// Docker Hub under an internal-only policy fails before any request, anywhere.
func TestImageDataSourcePolicyError(t *testing.T) {
	reg := newTestRegistry(t)
	dataTest(t, resource.TestStep{
		Config:      imageDataConfig(`allowed_registries = ["`+reg.Host+`"]`, "ubuntu:20.04", ""),
		ExpectError: regexp.MustCompile(`(?s)Image Policy Violation.*index\.docker\.io.*allowed_registries.*No request was sent`),
	}, resource.TestStep{
		Config:      imageDataConfig(`allowed_classes = ["major", "minor", "patch"]`, reg.ref("acme/app:latest"), ""),
		ExpectError: regexp.MustCompile(`(?s)Image Policy Violation.*allowed_classes.*rolling`),
	})
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("policy violations sent %d requests to the registry, want 0: %v", n, reg.Requests())
	}
}

// With policy_enforcement = "warn", a violation is a warning and the lookup goes on.
func TestImageDataSourcePolicyWarn(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "latest")
	dataTest(t, resource.TestStep{
		Config: imageDataConfig(`
  allowed_classes    = ["major"]
  policy_enforcement = "warn"`, reg.ref("acme/app:latest"), ""),
		ConfigStateChecks: []statecheck.StateCheck{attrIs("digest", digestIs(&want))},
	})
}

// A digest reference needs no request at all.
func TestImageDataSourceDigestReferenceOffline(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v1")
	dataTest(t, resource.TestStep{
		PreConfig: reg.ResetLog,
		Config:    imageDataConfig("", reg.ref("acme/app:v1@"+want), ""),
		ConfigStateChecks: []statecheck.StateCheck{
			attrIs("digest", digestIs(&want)),
			attrIs("class", knownvalue.StringExact("digest")),
			attrIs("pinned_ref", knownvalue.StringExact(reg.ref("acme/app:v1@"+want))),
		},
	})
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("a digest reference sent %d requests, want 0", n)
	}
}

// Credentials from a Docker config file in DOCKER_CONFIG, the default keychain.
func TestImageDataSourceDockerConfigAuth(t *testing.T) {
	reg := newTestRegistry(t, registrytest.WithBearerAuth("coder", "hunter2-pw"))
	want := reg.build("acme/app", "v1")
	cfg := writeDockerConfig(t, reg.Host, "coder", "hunter2-pw")
	t.Setenv("DOCKER_CONFIG", filepath.Dir(cfg))
	serialDataTest(t, resource.TestStep{
		Config:            imageDataConfig("", reg.ref("acme/app:v1"), ""),
		ConfigStateChecks: []statecheck.StateCheck{attrIs("digest", digestIs(&want))},
	}, resource.TestStep{
		// registry_auth takes precedence over the keychain: wrong credentials there fail clearly.
		Config: imageDataConfig(`
  registry_auth {
    address  = "`+reg.Host+`"
    username = "coder"
    password = "wrong-pw"
  }`, reg.ref("acme/app:v1"), ""),
		ExpectError: regexp.MustCompile(`(?s)Registry Authentication Failed.*` + regexp.QuoteMeta(reg.Host) + `.*registry_auth`),
	})
}

// Each registry failure gets its own summary, naming the registry and what to do next.
func TestImageDataSourceRegistryErrors(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/app", "v1")
	fast := `
  max_retries     = 0
  request_timeout = "1s"`
	cases := []struct {
		name  string
		fault func()
		want  string
	}{
		{"tag not found", func() {}, `Image Tag Not Found.*acme/app:nope`},
		{"unauthorized", func() { reg.FailStatus("", "/manifests/", 401, 0) }, `Registry Authentication Failed.*registry_auth`},
		{"denied", func() { reg.FailStatus("", "/manifests/", 403, 0) }, `Registry Denied Access.*pull access`},
		{"rate limited", func() { reg.RateLimit("/manifests/", "1", 0) }, `Registry Rate Limit Reached.*max_retries`},
		{"server error", func() { reg.FailStatus("", "/manifests/", 500, 0) }, `Registry Unavailable`},
		{"timeout", func() { reg.Hang("/manifests/", true) }, `Registry Request Timed Out.*request_timeout`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg.ClearFaults()
			c.fault()
			t.Cleanup(reg.ClearFaults)
			image := reg.ref("acme/app:v1")
			if c.name == "tag not found" {
				image = reg.ref("acme/app:nope")
			}
			serialDataTest(t, resource.TestStep{
				Config:      imageDataConfig(fast, image, ""),
				ExpectError: regexp.MustCompile(`(?s)` + c.want + `.*`),
			})
		})
	}
}

// Bad input fails at validate, on the attribute, with no request.
func TestImageDataSourceValidation(t *testing.T) {
	reg := newTestRegistry(t)
	dataTest(t, resource.TestStep{
		Config:      imageDataConfig("", reg.Host+"/Acme/App:v1", ""),
		ExpectError: regexp.MustCompile(`(?s)Invalid Image Reference.*lowercase`),
	}, resource.TestStep{
		Config:      imageDataConfig("", reg.ref("acme/app:v1"), `platform = "amd64"`),
		ExpectError: regexp.MustCompile(`(?s)platform.*os/architecture`),
	})
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("invalid input sent %d requests, want 0", n)
	}
}
