package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// The same image written differently is one pin: respelling it neither replaces the resource nor
// moves the pin, and the plan after that is empty.
func TestPinnedImageRespelledReferenceKeepsPin(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "latest")
	pinnedTest(t,
		resource.TestStep{Config: pinnedConfig("", reg.ref("acme/app"), ""), ConfigStateChecks: pinnedState(&want, "initial", "")},
		resource.TestStep{
			Config: pinnedConfig("", reg.ref("acme/app:latest"), ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(pinned, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(pinned, tfjsonpath.New("digest"), digestIs(&want)),
			}},
			ConfigStateChecks: pinnedState(&want, "initial", ""),
		},
		resource.TestStep{Config: pinnedConfig("", reg.ref("acme/app:latest"), ""), PlanOnly: true},
	)
}

// A missing tag costs exactly one request, and a HEAD the registry will not answer properly
// (no Docker-Content-Digest, or 405) falls back to GET with the right digest.
func TestImageDataSourceRequestDiscipline(t *testing.T) {
	reg := newTestRegistry(t)
	want := reg.build("acme/app", "v1")
	serialDataTest(t, resource.TestStep{
		PreConfig:   reg.ResetLog,
		Config:      imageDataConfig("", reg.ref("acme/app:gone"), ""),
		ExpectError: regexp.MustCompile(`Image Tag Not Found`),
	})
	if got := reg.ManifestRequests(""); got != 1 {
		t.Errorf("a missing tag cost %d manifest requests, want exactly 1", got)
	}
	for _, fault := range []func(bool){reg.HeadWithoutDigest, reg.HeadNotAllowed} {
		fault(true)
		serialDataTest(t, resource.TestStep{
			Config:            imageDataConfig("", reg.ref("acme/app:v1"), ""),
			ConfigStateChecks: []statecheck.StateCheck{attrIs("digest", digestIs(&want))},
		})
		if reg.ManifestRequests("GET") == 0 {
			t.Error("no GET fallback was made")
		}
		reg.ClearFaults()
		reg.ResetLog()
	}
}

// A registry with a certificate no one vouches for fails closed; ca_certificates makes it work.
func TestImageDataSourceTLS(t *testing.T) {
	reg := newTestRegistry(t, registrytest.WithTLS())
	want := reg.build("acme/app", "v1")
	dataTest(t, resource.TestStep{
		Config:      imageDataConfig(`max_retries = 0`, reg.ref("acme/app:v1"), ""),
		ExpectError: regexp.MustCompile(`(?s)Registry Certificate Not Trusted.*ca_certificates`),
	}, resource.TestStep{
		Config: imageDataConfig(`ca_certificates = <<-PEM
`+strings.TrimSpace(string(reg.CACertPEM()))+`
  PEM`, reg.ref("acme/app:v1"), ""),
		ConfigStateChecks: []statecheck.StateCheck{attrIs("digest", digestIs(&want))},
	})
}

// A publisher pointing latest back at an older release is a rollback, and says so.
func TestPinnedImageRollback(t *testing.T) {
	reg := newTestRegistry(t)
	older := reg.build("acme/tools", "1.4.0")
	want := reg.build("acme/tools", "2.0.0", "latest")
	config := pinnedConfig("", reg.ref("acme/tools:latest"), "")
	pinnedTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: pinnedState(&want, "initial", "2.0.0")},
		resource.TestStep{
			PreConfig:         func() { reg.retag("acme/tools:1.4.0", "latest"); want = older },
			Config:            config,
			ConfigPlanChecks:  expectRebuild(&want, "rollback"),
			ConfigStateChecks: pinnedState(&want, "rollback", "1.4.0"),
		},
	)
}
