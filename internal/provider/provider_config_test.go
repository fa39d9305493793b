package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// Every documented provider attribute at once: the provider configures, and a lookup goes through
// the credentials, the rolling set and the scheme it was given.
func TestProviderConfiguresWithEveryAttribute(t *testing.T) {
	reg := newTestRegistry(t, registrytest.WithBasicAuth("coder", "s3cret-pw"))
	want := reg.build("acme/platform/golang", "v1")
	dockerConfig := writeDockerConfig(t, "registry.acme.internal:5000", "other", "other-pw")
	config := `
provider "tagpolicy" {
  allowed_registries    = ["` + reg.Host + `", "*.acme.internal", "docker.io"]
  allowed_classes       = ["major", "minor", "patch", "digest"]
  naming_scheme         = "{registry}/{company?}/{department}/{software}:{majorversion}"
  enforce_naming_scheme = true
  policy_enforcement    = "error"
  rolling_tags          = ["latest", "candidate"]
  insecure_registries   = ["` + reg.Host + `"]
  ca_certificates       = <<-PEM
` + testCAPEM + `
  PEM
  request_timeout       = "10s"
  max_retries           = 2
  on_registry_error     = "keep_pin"
  codenames             = { plucky = "25.04" }
  version_lookup_limit  = 5

  registry_auth {
    address  = "` + reg.Host + `"
    username = "coder"
    password = "s3cret-pw"
  }
  registry_auth {
    address     = "registry.acme.internal:5000"
    config_file = "` + dockerConfig + `"
  }
}

data "tagpolicy_image" "golang" {
  image = "` + reg.ref("acme/platform/golang:v1") + `"
}
`
	resource.Test(t, accCase(t, []resource.TestStep{{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.tagpolicy_image.golang", tfjsonpath.New("digest"), digestIs(&want)),
			statecheck.ExpectKnownValue("data.tagpolicy_image.golang", tfjsonpath.New("scheme_match"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.tagpolicy_image.golang", tfjsonpath.New("scheme"), knownvalue.MapPartial(map[string]knownvalue.Check{
				"company":      knownvalue.StringExact("acme"),
				"department":   knownvalue.StringExact("platform"),
				"software":     knownvalue.StringExact("golang"),
				"majorversion": knownvalue.StringExact("v1"),
			})),
		},
	}}))
}

// Each bad value fails at validate, with an error that names the attribute, before any request.
func TestProviderRejectsBadValues(t *testing.T) {
	cases := []struct {
		name, attrs string
		want        string
	}{
		{"registry pattern", `allowed_registries = ["https://registry.acme.internal"]`, `allowed_registries.*registry pattern`},
		{"empty registries", `allowed_registries = []`, `allowed_registries`},
		{"class", `allowed_classes = ["stable"]`, `allowed_classes.*(?s:.*)rolling`},
		{"scheme", `naming_scheme = "{registry}/{software:{majorversion}"`, `Invalid Naming Scheme(?s:.*)naming_scheme`},
		{"enforcement", `policy_enforcement = "strict"`, `policy_enforcement(?s:.*)"error".*"warn"`},
		{"rolling tag", `rolling_tags = ["latest", "-bad"]`, `rolling_tags(?s:.*)valid tag`},
		{"insecure registry", `insecure_registries = ["http://localhost:5000"]`, `insecure_registries(?s:.*)host`},
		{"ca", `ca_certificates = "/etc/ssl/ca.pem"`, `Invalid CA Certificates(?s:.*)ca_certificates(?s:.*)not its path`},
		{"timeout", `request_timeout = "thirty seconds"`, `Invalid Duration(?s:.*)request_timeout(?s:.*)"30s"`},
		{"negative timeout", `request_timeout = "-5s"`, `request_timeout(?s:.*)not positive`},
		{"retries", `max_retries = 50`, `max_retries(?s:.*)between 0 and 10`},
		{"on error", `on_registry_error = "ignore"`, `on_registry_error(?s:.*)"keep_pin"`},
		{"auth both", `
  registry_auth {
    address     = "registry.acme.internal"
    username    = "u"
    password    = "p"
    config_file = "/x/config.json"
  }`, `registry_auth(?s:.*)(config_file|username)`},
		{"auth half", `
  registry_auth {
    address  = "registry.acme.internal"
    username = "u"
  }`, `registry_auth(?s:.*)password`},
		{"auth address", `
  registry_auth {
    address  = "https://registry.acme.internal/"
    username = "u"
    password = "p"
  }`, `registry_auth\[0\]\.address`},
		{"auth config file", `
  registry_auth {
    address     = "registry.acme.internal"
    config_file = "/nonexistent/config.json"
  }`, `Unreadable Docker Config File(?s:.*)/nonexistent/config.json`},
		{"auth twice", `
  registry_auth {
    address  = "registry.acme.internal"
    username = "u"
    password = "p"
  }
  registry_auth {
    address  = "Registry.acme.internal"
    username = "v"
    password = "q"
  }`, `Duplicate Registry Credentials(?s:.*)"Registry.acme.internal"`},
		{"auth twice for docker hub", `
  registry_auth {
    address  = "docker.io"
    username = "u"
    password = "p"
  }
  registry_auth {
    address  = "Index.Docker.IO"
    username = "v"
    password = "q"
  }`, `Duplicate Registry Credentials(?s:.*)index.docker.io`},
		{"auth twice for docker hub api host", `
  registry_auth {
    address  = "registry-1.docker.io"
    username = "u"
    password = "p"
  }
  registry_auth {
    address  = "docker.io"
    username = "v"
    password = "q"
  }`, `Duplicate Registry Credentials(?s:.*)index.docker.io`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.Test(t, accCase(t, []resource.TestStep{{
				Config: `
provider "tagpolicy" {
` + c.attrs + `
}

output "class" { value = provider::tagpolicy::classify_tag("v1") }
data "tagpolicy_image" "x" { image = "registry.acme.internal/acme/app@sha256:` + testDigest + `" }
`,
				ExpectError: regexp.MustCompile(c.want),
			}}))
		})
	}
}
