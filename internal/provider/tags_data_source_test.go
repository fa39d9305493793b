package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const tagsData = "data.tagpolicy_tags.x"

func tagsConfig(providerExtra, repository, extra string) string {
	return fmt.Sprintf(`
provider "tagpolicy" {
%s
}

data "tagpolicy_tags" "x" {
  repository = %q
%s
}
`, providerExtra, repository, extra)
}

func tagsAttr(name string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(tagsData, tfjsonpath.New(name), check)
}

func tagObj(name, class, version, suffix string) knownvalue.Check {
	opt := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.StringExact(name), "class": knownvalue.StringExact(class),
		"version": opt(version), "suffix": opt(suffix), "prerelease": knownvalue.Null(), "build": knownvalue.Null(),
	})
}

func strings_(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// Ubuntu's tags: classified and ordered; 20.04 sees the newer lines of its precision and suffix.
func TestTagsDataSourceTrack(t *testing.T) {
	reg := newTestRegistry(t)
	reg.build("mirror/ubuntu", "20.04")
	reg.retag("mirror/ubuntu:20.04", "18.04", "20.10", "22.04", "24.04", "24.04-minimal", "latest", "jammy", "24.04.1")
	dataTest(t, resource.TestStep{
		Config: tagsConfig("", reg.ref("mirror/ubuntu"), `track = "20.04"`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("tags", knownvalue.ListExact([]knownvalue.Check{
				tagObj("24.04.1", "patch", "24.04.1", ""),
				tagObj("24.04", "minor", "24.04", ""),
				tagObj("24.04-minimal", "minor", "24.04", "minimal"),
				tagObj("22.04", "minor", "22.04", ""),
				tagObj("jammy", "minor", "22.04", ""),
				tagObj("20.10", "minor", "20.10", ""),
				tagObj("20.04", "minor", "20.04", ""),
				tagObj("18.04", "minor", "18.04", ""),
				tagObj("latest", "rolling", "", ""),
			})),
			tagsAttr("newest", knownvalue.StringExact("24.04.1")),
			tagsAttr("newer", strings_("24.04", "22.04", "20.10")),
		},
	}, resource.TestStep{
		Config: tagsConfig("", reg.ref("mirror/ubuntu"), `pattern = "^2[02]\\."`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("tags", knownvalue.ListSizeExact(3)),
			tagsAttr("newest", knownvalue.StringExact("22.04")),
			tagsAttr("newer", knownvalue.Null()),
		},
	}, resource.TestStep{
		Config:            tagsConfig("", reg.ref("mirror/ubuntu"), `track = "24.04-minimal"`),
		ConfigStateChecks: []statecheck.StateCheck{tagsAttr("newest", knownvalue.StringExact("24.04-minimal")), tagsAttr("newer", strings_())},
	})
}

// Pagination is followed to the end: 2,500 tags in three pages of 1,000.
func TestTagsDataSourcePagination(t *testing.T) {
	reg := newTestRegistry(t)
	tags := make([]string, 2500)
	for i := range tags {
		tags[i] = fmt.Sprintf("1.%d.%d", i/100, i%100)
	}
	if err := reg.PushTags("acme/many", tags); err != nil {
		t.Fatal(err)
	}
	dataTest(t, resource.TestStep{
		PreConfig: reg.ResetLog,
		Config:    tagsConfig("", reg.ref("acme/many"), `track = "1.0.0"`),
		ConfigStateChecks: []statecheck.StateCheck{
			tagsAttr("tags", knownvalue.ListSizeExact(2500)),
			tagsAttr("newest", knownvalue.StringExact("1.24.99")),
			tagsAttr("newer", knownvalue.ListSizeExact(2499)),
		},
	})
	// Terraform reads the data source during plan and again during apply, each a fresh provider process.
	if lists := reg.Count("GET", "/tags/list"); lists%3 != 0 || lists == 0 {
		t.Errorf("listing 2,500 tags took %d list requests, want 3 per read", lists)
	}
}

// Bad input fails at validate; an unknown repository and a forbidden registry fail clearly.
func TestTagsDataSourceErrors(t *testing.T) {
	reg := newTestRegistry(t)
	serialDataTest(t, resource.TestStep{
		Config:      tagsConfig("", reg.ref("acme/app:v1"), ""),
		ExpectError: regexp.MustCompile(`(?s)Invalid Repository.*names a tag or\s+digest`),
	}, resource.TestStep{
		Config:      tagsConfig("", reg.ref("acme/app"), `pattern = "(unclosed"`),
		ExpectError: regexp.MustCompile(`(?s)Invalid Pattern.*pattern`),
	}, resource.TestStep{
		Config:      tagsConfig(`allowed_registries = ["registry.acme.internal"]`, "ubuntu", ""),
		ExpectError: regexp.MustCompile(`(?s)Image Policy Violation.*index\.docker\.io`),
	})
	if n := len(reg.Requests()); n != 0 {
		t.Errorf("bad input sent %d requests, want 0", n)
	}
	reg.build("acme/app", "v1")
	serialDataTest(t, resource.TestStep{
		Config:      tagsConfig("", reg.ref("acme/missing"), ""),
		ExpectError: regexp.MustCompile(`(?s)Image Repository Not Found.*acme/missing`),
	}, resource.TestStep{
		// A pattern only known at apply skips validation; a bad one is still an error, not a crash.
		Config: `
resource "terraform_data" "p" { input = "(unclosed" }
` + tagsConfig("", reg.ref("acme/app"), `pattern = terraform_data.p.output`),
		ExpectError: regexp.MustCompile(`(?s)Invalid Pattern.*missing closing`),
	})
}
