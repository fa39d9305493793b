package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// faultKeepsPin pins v1, then publishes a patch build while fault is active: the plan fails with
// wantError and leaves the state alone, so once the fault clears the rebuild starts from the first pin.
func faultKeepsPin(t *testing.T, fault func(*testRegistry), wantError string) {
	t.Helper()
	reg := newTestRegistry(t)
	first := reg.build("acme/app", "v1.0.0", "v1")
	want := first
	config := pinnedConfig(`max_retries = 0`, reg.ref("acme/app:v1"), "")
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "1.0.0")},
		resource.TestStep{
			PreConfig: func() {
				want = reg.build("acme/app", "v1.0.1", "v1")
				fault(reg)
			},
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)` + wantError + `.*` + regexp.QuoteMeta(reg.Host)),
		},
		resource.TestStep{
			PreConfig:        reg.ClearFaults,
			Config:           config,
			ConfigPlanChecks: expectRebuild(&want, "patch"),
			ConfigStateChecks: append(pinnedState(&want, "patch", "1.0.1"),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("previous_digest"), digestIs(&first))),
		},
	)
}

// A registry that is down fails the plan and leaves the pin alone.
func TestPinnedImageRegistryDown(t *testing.T) {
	faultKeepsPin(t, func(reg *testRegistry) { reg.FailStatus("", "/manifests/", 503, 0) }, "Registry Unavailable")
}

// A digest header that does not match the manifest is refused, and the pin stays where it was.
func TestPinnedImageDigestMismatchKeepsState(t *testing.T) {
	faultKeepsPin(t, func(reg *testRegistry) {
		reg.HeadWithoutDigest(true)
		reg.WrongDigestHeader(true)
	}, "Invalid Registry Response")
}

// on_registry_error = "keep_pin": a registry error is a warning and the plan is empty.
func TestPinnedImageKeepPin(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v1.0.0", "v1")
	config := pinnedConfig(`
  max_retries       = 0
  on_registry_error = "keep_pin"`, reg.ref("acme/app:v1"), "")
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "1.0.0", kept()...)},
		resource.TestStep{
			PreConfig:         func() { reg.FailStatus("", "/manifests/", 500, 0) },
			Config:            config,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "1.0.0", kept()...),
		},
	)
}

// A tag that no longer exists is a warning, and the pin stays.
func TestPinnedImageTagDeleted(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "feature-x")
	config := pinnedConfig("", reg.ref("acme/app:feature-x"), "")
	kept := pinKept()
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "", kept()...)},
		resource.TestStep{
			PreConfig: func() {
				if err := reg.Delete("acme/app:feature-x"); err != nil {
					t.Fatal(err)
				}
			},
			Config:            config,
			ConfigPlanChecks:  expectNoRebuild,
			ConfigStateChecks: pinnedState(&want, "initial", "", kept()...),
		},
	)
}

// Import by pinned reference, then an empty plan; a moved tag after import is proposed.
func TestPinnedImageImport(t *testing.T) {
	reg := newTestRegistry(t)
	old := reg.build("acme/platform/golang", "v1.3.0", "v1")
	want := old
	config := pinnedConfig("", reg.ref("acme/platform/golang:v1"), "")
	pinnedTest(t,
		resource.TestStep{
			Config:             config,
			ResourceName:       pinned,
			ImportState:        true,
			ImportStateId:      reg.ref("acme/platform/golang:v1@" + old),
			ImportStatePersist: true,
			ImportStateCheck: func(states []*terraformState) error {
				return checkImported(states, reg.ref("acme/platform/golang:v1"), old)
			},
		},
		resource.TestStep{Config: config, PlanOnly: true},
		resource.TestStep{
			PreConfig:         func() { want = reg.build("acme/platform/golang", "v1.4.0", "v1") },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "minor"),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(pinned, tfjsonpath.New("previous_digest"), digestIs(&old))},
		},
	)
}

// Import by a bare tag resolves it now.
func TestPinnedImageImportByTag(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v2.1.0", "v2")
	config := pinnedConfig("", reg.ref("acme/app:v2"), "")
	pinnedTest(t,
		resource.TestStep{
			Config:             config,
			ResourceName:       pinned,
			ImportState:        true,
			ImportStateId:      reg.ref("acme/app:v2"),
			ImportStatePersist: true,
		},
		resource.TestStep{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("digest"), digestIs(&want)),
				statecheck.ExpectKnownValue(pinned, tfjsonpath.New("version"), knownvalue.StringExact("2.1.0")),
			},
		},
		resource.TestStep{
			Config:        config,
			ResourceName:  pinned,
			ImportState:   true,
			ImportStateId: "Not/A Reference",
			ExpectError:   regexp.MustCompile(`(?s)Invalid Image Reference`),
		},
	)
}
