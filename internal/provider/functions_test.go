package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionTest runs a configuration that only calls provider functions: no provider block, no registry.
func functionTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	c := accCase(t, steps)
	c.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}
	resource.ParallelTest(t, c)
}

func TestParseReferenceFunction(t *testing.T) {
	functionTest(t,
		resource.TestStep{
			Config: `
output "scheme" {
  value = provider::tagpolicy::parse_reference("registry.acme.internal:5000/acme/platform/golang:v1.3-alpine")
}
output "hub" {
  value = provider::tagpolicy::parse_reference("ubuntu")
}
output "pinned" {
  value = provider::tagpolicy::parse_reference("localhost:5000/app:20.04@sha256:` + testDigest + `")
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("scheme", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"registry":   knownvalue.StringExact("registry.acme.internal:5000"),
					"repository": knownvalue.StringExact("acme/platform/golang"),
					"tag":        knownvalue.StringExact("v1.3-alpine"),
					"digest":     knownvalue.Null(),
					"class":      knownvalue.StringExact("minor"),
					"version":    knownvalue.StringExact("1.3"),
					"suffix":     knownvalue.StringExact("alpine"),
					"prerelease": knownvalue.Null(),
					"build":      knownvalue.Null(),
				})),
				statecheck.ExpectKnownOutputValue("hub", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"registry":   knownvalue.StringExact("index.docker.io"),
					"repository": knownvalue.StringExact("library/ubuntu"),
					"tag":        knownvalue.StringExact("latest"),
					"digest":     knownvalue.Null(),
					"class":      knownvalue.StringExact("rolling"),
					"version":    knownvalue.Null(),
					"suffix":     knownvalue.Null(),
					"prerelease": knownvalue.Null(),
					"build":      knownvalue.Null(),
				})),
				statecheck.ExpectKnownOutputValue("pinned", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"registry":   knownvalue.StringExact("localhost:5000"),
					"repository": knownvalue.StringExact("app"),
					"tag":        knownvalue.StringExact("20.04"),
					"digest":     knownvalue.StringExact("sha256:" + testDigest),
					"class":      knownvalue.StringExact("digest"),
					"version":    knownvalue.StringExact("20.04"),
					"suffix":     knownvalue.Null(),
					"prerelease": knownvalue.Null(),
					"build":      knownvalue.Null(),
				})),
			},
		},
		resource.TestStep{
			Config:      `output "bad" { value = provider::tagpolicy::parse_reference("Acme/App:v1") }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid image reference "Acme/App:v1".*lowercase`),
		},
		resource.TestStep{
			Config:      `output "bad" { value = provider::tagpolicy::parse_reference("app@sha256:abc") }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid image reference.*digest`),
		},
		resource.TestStep{
			Config:      `output "null" { value = provider::tagpolicy::parse_reference(null) }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid value for "ref" parameter.*null`),
		},
	)
}

func TestClassifyTagFunction(t *testing.T) {
	cases := map[string]string{
		"latest": "rolling", "lts": "rolling", "v1": "major", "3-alpine": "major", "20.04": "minor",
		"3.12-slim": "minor", "v1.3.1": "patch", "1.25.3-bookworm": "patch", "main": "other",
		"jammy": "minor", "sha-1a2b3c": "other", "bookworm-slim": "major",
	}
	config := ""
	checks := []statecheck.StateCheck{}
	i := 0
	for tag, class := range cases {
		name := "t" + string(rune('a'+i))
		i++
		config += `output "` + name + `" { value = provider::tagpolicy::classify_tag("` + tag + `") }` + "\n"
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.StringExact(class)))
	}
	functionTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: checks},
		resource.TestStep{
			Config:      `output "bad" { value = provider::tagpolicy::classify_tag("ubuntu:20.04") }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid tag "ubuntu:20.04".*without the repository`),
		},
		resource.TestStep{
			// An unknown argument gives an unknown result, so the plan can still be made.
			Config: `
resource "terraform_data" "tag" { input = "v1" }
output "later" { value = provider::tagpolicy::classify_tag(terraform_data.tag.output) }`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownOutputValue("later"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("later", knownvalue.StringExact("major")),
			},
		},
	)
}

func TestCompareTagsFunction(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{"20.04", "20.04", "none"},
		{"20.04", "22.04", "major"},
		{"20.04", "20.10", "minor"},
		{"v1.3.1", "v1.3.2", "patch"},
		{"v1.3", "1.4", "minor"},
		{"v1.4.0", "v1.3.9", "rollback"},
		{"1.3-alpine", "1.4-alpine", "minor"},
		{"1.3-alpine", "1.4", "incompatible"},
		{"v1", "v1.3", "incompatible"},
		{"latest", "v2", "incompatible"},
	}
	config := ""
	checks := []statecheck.StateCheck{}
	for i, c := range cases {
		name := "c" + string(rune('a'+i))
		config += `output "` + name + `" { value = provider::tagpolicy::compare_tags("` + c.from + `", "` + c.to + `") }` + "\n"
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.StringExact(c.want)))
	}
	functionTest(t,
		resource.TestStep{Config: config, ConfigStateChecks: checks},
		resource.TestStep{
			Config:      `output "bad" { value = provider::tagpolicy::compare_tags("20.04", "-x") }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid value for "to" parameter.*Invalid tag "-x"`),
		},
	)
}

// testDigest is a well-formed sha256 hex digest for offline tests.
const testDigest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
