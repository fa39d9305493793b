package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// The tests of this file drive the real-world tag grammar through the provider: data sources,
// functions and configuration. The grammar itself is held by the tables of internal/tagpolicy.

const sigHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// tagObjOf is one element of tagpolicy_tags' tags with every part.
func tagObjOf(name, class, version, suffix, prerelease, build string) knownvalue.Check {
	opt := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.StringExact(name), "class": knownvalue.StringExact(class), "version": opt(version),
		"suffix": opt(suffix), "prerelease": opt(prerelease), "build": opt(build),
	})
}

// A repository holding dates, SHAs, prereleases, builds and signature tags: newest is the newest
// release, the signature tags are left out, and prerelease and build are reported per tag.
func TestTagsDataSourceRealWorld(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("acme/py", "3.14.0")
	reg.retag("acme/py:3.14.0", "3.15.0a2", "3.14.0rc2", "3.13.5-1", "20240606", "2024-05-01", "12345678",
		"sha-1a2b3c4", "latest", "sha256-"+sigHex+".sig", "sha256-"+sigHex+".att", "sha256-"+sigHex)
	serialDataTest(t, resource.TestStep{
		Config: tagsConfig("", reg.ref("acme/py"), `track = "3.13.5-1"`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("tags", knownvalue.ListExact([]knownvalue.Check{
				tagObjOf("3.15.0a2", "patch", "3.15.0a2", "", "a2", ""),
				tagObjOf("3.14.0", "patch", "3.14.0", "", "", ""),
				tagObjOf("3.14.0rc2", "patch", "3.14.0rc2", "", "rc2", ""),
				tagObjOf("3.13.5-1", "patch", "3.13.5", "", "", "1"),
				tagObjOf("12345678", "other", "", "", "", ""),
				tagObjOf("2024-05-01", "other", "", "", "", ""),
				tagObjOf("20240606", "other", "", "", "", ""),
				tagObjOf("latest", "rolling", "", "", "", ""),
				tagObjOf("sha-1a2b3c4", "other", "", "", "", ""),
			})),
			tagsAttr("newest", knownvalue.StringExact("3.14.0")),
			tagsAttr("newer", knownvalue.ListExact(nil)),
		},
	}, resource.TestStep{
		Config: tagsConfig("", reg.ref("acme/py"), `
  include_prereleases = true
  exclude             = ["^2024", "^sha-"]`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("tags", knownvalue.ListSizeExact(6)),
			tagsAttr("newest", knownvalue.StringExact("3.15.0a2")),
		},
	}, resource.TestStep{
		// A pattern that asks for them lists the signature tags.
		Config:            tagsConfig("", reg.ref("acme/py"), `pattern = "^sha256-"`),
		ConfigStateChecks: []statecheck.StateCheck{tagsAttr("tags", knownvalue.ListSizeExact(3)), tagsAttr("newest", knownvalue.Null())},
	})
	serialDataTest(t, resource.TestStep{
		Config:      tagsConfig("", reg.ref("acme/py"), `exclude = ["(unclosed"]`),
		ExpectError: regexp.MustCompile(`Invalid Pattern(?s:.*)exclude\[0\] must be a regular expression`),
	})
}

// newer for a codename track lists the newer codenames of its distribution, and the provider's
// codenames map adds a line the built-in table lacks.
func TestTagsDataSourceCodenames(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("mirror/ubuntu", "jammy")
	reg.retag("mirror/ubuntu:jammy", "focal", "noble", "plucky", "22.04", "24.04", "jammy-20240530")
	dataTest(t, resource.TestStep{
		Config: tagsConfig("", reg.ref("mirror/ubuntu"), `track = "jammy"`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("newest", knownvalue.StringExact("noble")),
			tagsAttr("newer", strings_("noble")),
		},
	}, resource.TestStep{
		Config: tagsConfig(`codenames = { plucky = "25.04" }`, reg.ref("mirror/ubuntu"), `track = "jammy"`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("newest", knownvalue.StringExact("plucky")),
			tagsAttr("newer", strings_("plucky", "noble")),
		},
	})
}

// tagpolicy_image reports prerelease and build, and a codename's line as its version.
func TestImageDataSourcePrereleaseAndBuild(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("bitnami/postgresql", "16.3.0-debian-12-r15")
	reg.build("library/python", "3.15.0a2-slim")
	reg.build("library/ubuntu", "noble-20240605")
	check := func(image, class, version, suffix, prerelease, build string) resource.TestStep {
		opt := func(s string) knownvalue.Check {
			if s == "" {
				return knownvalue.Null()
			}
			return knownvalue.StringExact(s)
		}
		return resource.TestStep{
			Config: imageDataConfig("", reg.ref(image), ""),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("class", knownvalue.StringExact(class)), attrIs("version", opt(version)), attrIs("suffix", opt(suffix)),
				attrIs("prerelease", opt(prerelease)), attrIs("build", opt(build)),
			},
		}
	}
	dataTest(t,
		check("bitnami/postgresql:16.3.0-debian-12-r15", "patch", "16.3.0", "debian-12", "", "r15"),
		check("library/python:3.15.0a2-slim", "patch", "3.15.0a2", "slim", "a2", ""),
		check("library/ubuntu:noble-20240605", "patch", "24.04", "", "", "20240605"),
	)
}

// parse_reference reports prerelease and build; compare_tags answers none for the same tag and
// rebuild for another build of one version.
func TestFunctionsRealWorldTags(t *testing.T) {
	config := `
output "ubi" { value = provider::tagpolicy::parse_reference("registry.access.redhat.com/ubi9/ubi:9.4-1214.1717558146") }
output "rc"  { value = provider::tagpolicy::parse_reference("ghcr.io/acme/app:v2.0.0-rc.1-alpine") }
output "same"    { value = provider::tagpolicy::compare_tags("latest", "latest") }
output "build"   { value = provider::tagpolicy::compare_tags("1.25.3-1", "1.25.3-2") }
output "release" { value = provider::tagpolicy::compare_tags("3.0.0-rc.1", "3.0.0") }
output "fourth"  { value = provider::tagpolicy::compare_tags("10.0.20348.2527", "10.0.20348.2582") }
output "distro"  { value = provider::tagpolicy::compare_tags("focal", "jammy") }
output "date"    { value = provider::tagpolicy::classify_tag("20240606") }
output "lts"     { value = provider::tagpolicy::classify_tag("lts-alpine") }
`
	functionTest(t, resource.TestStep{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("ubi", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"class": knownvalue.StringExact("patch"), "version": knownvalue.StringExact("9.4"),
				"prerelease": knownvalue.Null(), "build": knownvalue.StringExact("1214.1717558146"), "suffix": knownvalue.Null(),
			})),
			statecheck.ExpectKnownOutputValue("rc", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"class": knownvalue.StringExact("patch"), "version": knownvalue.StringExact("2.0.0-rc.1"),
				"prerelease": knownvalue.StringExact("rc.1"), "build": knownvalue.Null(), "suffix": knownvalue.StringExact("alpine"),
			})),
			statecheck.ExpectKnownOutputValue("same", knownvalue.StringExact("none")),
			statecheck.ExpectKnownOutputValue("build", knownvalue.StringExact("rebuild")),
			statecheck.ExpectKnownOutputValue("release", knownvalue.StringExact("patch")),
			statecheck.ExpectKnownOutputValue("fourth", knownvalue.StringExact("patch")),
			statecheck.ExpectKnownOutputValue("distro", knownvalue.StringExact("major")),
			statecheck.ExpectKnownOutputValue("date", knownvalue.StringExact("other")),
			statecheck.ExpectKnownOutputValue("lts", knownvalue.StringExact("rolling")),
		},
	}, resource.TestStep{
		// Terraform ends the sentence itself: the function's text must not, or it reads "..".
		Config:      `output "bad" { value = provider::tagpolicy::parse_reference("sha256:` + testDigest + `") }`,
		ExpectError: regexp.MustCompile(`(?s)is\s+a\s+digest,\s+not\s+an\s+image.*"repository@sha256:` + testDigest + `"\.(\s|$)`),
	})
}

// A bare digest as an image fails at validate, saying to write repository@sha256:…; no request.
func TestBareDigestFailsAtValidate(t *testing.T) {
	p := newProtoServer(t)
	diags := p.validateResource("tagpolicy_pinned_image", map[string]tftypes.Value{"image": str("sha256:" + testDigest)})
	if len(diags) != 1 || diags[0].Summary != "Invalid Image Reference" || !strings.Contains(diags[0].Detail, `"repository@sha256:`+testDigest+`"`) {
		t.Errorf("bare digest: %s", diagText(diags))
	}
}

// The new provider attributes are checked at validate.
func TestProviderRejectsBadCodenamesAndLimit(t *testing.T) {
	for attrs, want := range map[string]string{
		`codenames = { Plucky = "25.04" }`:   `Invalid Codename(?s:.*)lowercase`,
		`codenames = { plucky = "25.04.1" }`: `Invalid Codename Line(?s:.*)one or two components`,
		`version_lookup_limit = 1000`:        `version_lookup_limit(?s:.*)between 0 and 100`,
	} {
		resource.Test(t, accCase(t, []resource.TestStep{{
			Config: `
provider "tagpolicy" {
` + attrs + `
}
data "tagpolicy_image" "x" { image = "registry.acme.internal/acme/app@sha256:` + testDigest + `" }
`,
			ExpectError: regexp.MustCompile(want),
		}}))
	}
}
