package provider

import (
	"fmt"
	"regexp"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const pinned = "tagpolicy_pinned_image.ws"

// digestIs checks a value against a digest only known once a step's PreConfig has pushed it.
func digestIs(want *string) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		if got != *want {
			return fmt.Errorf("pinned %s, want %s", got, *want)
		}
		return nil
	})
}

// expectRebuild is the plan of a due rebuild: an in-place update that pins want for reason.
func expectRebuild(want *string, reason string) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(pinned, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(pinned, tfjsonpath.New("digest"), digestIs(want)),
		plancheck.ExpectKnownValue(pinned, tfjsonpath.New("rebuild_reason"), knownvalue.StringExact(reason)),
	}}
}

// expectNoRebuild is an empty plan: nothing about the pin changes.
var expectNoRebuild = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

func pinnedState(digest *string, reason, version string, more ...statecheck.StateCheck) []statecheck.StateCheck {
	var v knownvalue.Check = knownvalue.Null()
	if version != "" {
		v = knownvalue.StringExact(version)
	}
	return append([]statecheck.StateCheck{
		statecheck.ExpectKnownValue(pinned, tfjsonpath.New("digest"), digestIs(digest)),
		statecheck.ExpectKnownValue(pinned, tfjsonpath.New("rebuild_reason"), knownvalue.StringExact(reason)),
		statecheck.ExpectKnownValue(pinned, tfjsonpath.New("version"), v),
	}, more...)
}

// pinKept checks that the pin did not change across the steps whose state checks call it: the same
// digest, pinned at the same moment (a re-pin, even to the same digest, stamps a new pinned_at).
func pinKept() func() []statecheck.StateCheck {
	digest := statecheck.CompareValue(compare.ValuesSame())
	pinnedAt := statecheck.CompareValue(compare.ValuesSame())
	return func() []statecheck.StateCheck {
		return []statecheck.StateCheck{
			digest.AddStateValue(pinned, tfjsonpath.New("digest")),
			pinnedAt.AddStateValue(pinned, tfjsonpath.New("pinned_at")),
		}
	}
}

// pinnedTest runs steps in parallel with the other tests: each has its own registry and provider.
func pinnedTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, accCase(t, steps))
}

// A rolling tag rebuilds for patches, minor and major releases, each with its reason.
func TestPinnedImageRollingTag(t *testing.T) {
	reg := newTestRegistry(t)
	var want, first string
	want = reg.build("acme/tools", "1.3.0", "latest")
	first = want
	config := pinnedConfig("", reg.ref("acme/tools:latest"), "")
	pinnedTest(t,
		resource.TestStep{
			Config: config,
			ConfigStateChecks: append(pinnedState(&want, "initial", "1.3.0"),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("class"), knownvalue.StringExact("rolling")),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("pinned_ref"), knownvalue.StringFunc(func(v string) error {
					if v != reg.ref("acme/tools:latest@"+want) {
						return fmt.Errorf("pinned_ref %s", v)
					}
					return nil
				})),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("previous_digest"), knownvalue.Null()),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("pinned_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
			),
		},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/tools", "1.3.1", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "patch"),
			ConfigStateChecks: append(pinnedState(&want, "patch", "1.3.1"), statecheck.ExpectKnownValue(pinned, tfjsonpath.New("previous_digest"), digestIs(&first))),
		},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/tools", "1.4.0", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "minor"),
			ConfigStateChecks: pinnedState(&want, "minor", "1.4.0"),
		},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/tools", "2.0.0", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "major"),
			ConfigStateChecks: pinnedState(&want, "major", "2.0.0"),
		},
		resource.TestStep{
			// latest rebuilt without a new version tag: same version unknown → rebuild.
			PreConfig:         func() { want = reg.build("acme/tools", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "rebuild"),
			ConfigStateChecks: pinnedState(&want, "rebuild", ""),
		},
	)
}

// A specific version (20.04) rebuilds for its own patches, never for 20.10 or a moved latest.
func TestPinnedImageMinorTag(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("mirror/ubuntu", "20.04", "latest")
	config := pinnedConfig("", reg.ref("mirror/ubuntu:20.04"), "")
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{
			Config: config,
			ConfigStateChecks: append(pinnedState(&want, "initial", "", kept()...),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("class"), knownvalue.StringExact("minor"))),
		},
		resource.TestStep{
			PreConfig:         func() { reg.build("mirror/ubuntu", "20.10", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "", kept()...),
		},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("mirror/ubuntu", "20.04") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "rebuild"),
			ConfigStateChecks: pinnedState(&want, "rebuild", ""),
		},
	)
}

// A major tag (v1) follows the newest build of that major, never v2.
func TestPinnedImageMajorTag(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/platform/golang", "v1.3.0", "v1.3", "v1")
	config := pinnedConfig("", reg.ref("acme/platform/golang:v1"), `template = "go-development"`)
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{
			Config: config,
			ConfigStateChecks: append(pinnedState(&want, "initial", "1.3.0", kept()...),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("class"), knownvalue.StringExact("major"))),
		},
		resource.TestStep{
			PreConfig:         func() { reg.build("acme/platform/golang", "v2.0.0", "v2.0", "v2", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "1.3.0", kept()...),
		},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/platform/golang", "v1.4.0", "v1.4", "v1") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "minor"),
			ConfigStateChecks: pinnedState(&want, "minor", "1.4.0"),
		},
	)
}

// A patch tag rebuilt is a rebuild; a digest reference never changes.
func TestPinnedImagePatchAndDigest(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v1.3.1")
	digestRef := reg.ref("acme/app:v1.3.1@" + want)
	fixed := want
	config := pinnedConfig("", reg.ref("acme/app:v1.3.1"), "") + `
resource "tagpolicy_pinned_image" "fixed" {
  image = "` + digestRef + `"
}
`
	fixedState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("tagpolicy_pinned_image.fixed", tfjsonpath.New("digest"), digestIs(&fixed)),
		statecheck.ExpectKnownValue("tagpolicy_pinned_image.fixed", tfjsonpath.New("class"), knownvalue.StringExact("digest")),
		statecheck.ExpectKnownValue("tagpolicy_pinned_image.fixed", tfjsonpath.New("pinned_ref"), knownvalue.StringExact(digestRef)),
	}
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: append(pinnedState(&want, "initial", "1.3.1"), fixedState...)},
		resource.TestStep{
			PreConfig: func() {
				reg.ResetLog()
				want = reg.build("acme/app", "v1.3.1")
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(pinned, plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("tagpolicy_pinned_image.fixed", plancheck.ResourceActionNoop),
				plancheck.ExpectKnownValue(pinned, tfjsonpath.New("rebuild_reason"), knownvalue.StringExact("rebuild")),
			}},
			ConfigStateChecks: append(pinnedState(&want, "rebuild", "1.3.1"), fixedState...),
		},
	)
}

// With a platform, the pin is that platform's manifest: another platform rebuilt is not a rebuild.
func TestPinnedImagePlatform(t *testing.T) {
	reg := newTestRegistry(t)
	amd, arm := reg.image("linux/amd64"), reg.image("linux/arm64/v8")
	reg.index("acme/node:20-bookworm-slim", map[string]v1.Image{"linux/amd64": amd, "linux/arm64/v8": arm})
	want := imageDigest(t, amd)
	config := pinnedConfig("", reg.ref("acme/node:20-bookworm-slim"), `platform = "linux/amd64"`)
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "", kept()...)},
		resource.TestStep{
			PreConfig: func() {
				reg.index("acme/node:20-bookworm-slim", map[string]v1.Image{"linux/amd64": amd, "linux/arm64/v8": reg.image("linux/arm64/v8")})
			},
			Config:            config,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "", kept()...),
		},
		resource.TestStep{
			PreConfig: func() {
				amd = reg.image("linux/amd64")
				want = imageDigest(t, amd)
				reg.index("acme/node:20-bookworm-slim", map[string]v1.Image{"linux/amd64": amd, "linux/arm64/v8": arm})
			},
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "rebuild"),
			ConfigStateChecks: pinnedState(&want, "rebuild", ""),
		},
	)
}

// rebuild_on = ["major"] on latest: a patch proposes nothing, a major release does.
func TestPinnedImageRebuildOnMajor(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/tools", "1.3.0", "latest")
	config := pinnedConfig("", reg.ref("acme/tools:latest"), `rebuild_on = ["major"]`)
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "1.3.0", kept()...)},
		resource.TestStep{
			PreConfig:         func() { reg.build("acme/tools", "1.3.1", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "1.3.0", kept()...),
		},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/tools", "2.0.0", "latest") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "major"),
			ConfigStateChecks: pinnedState(&want, "major", "2.0.0"),
		},
	)
}
