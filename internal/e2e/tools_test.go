package e2e

import (
	"os"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// The environment variables through which the Makefile hands the suite its tools.
const (
	envTerraform      = "E2E_TERRAFORM"
	envTofu           = "E2E_TOFU"
	envCoderProvider  = "E2E_CODER_PROVIDER"
	envDockerRegistry = "E2E_DOCKER_REGISTRY"
)

// tool is a Terraform-compatible CLI the scenarios run under.
type tool struct {
	name string // "terraform" or "tofu"
	bin  string
	// registry is the hostname `source = "tagpolicy/tagpolicy"` resolves to for this tool.
	registry string
	// functions reports provider-defined function support (Terraform 1.8+, not OpenTofu 1.6).
	functions bool
}

// toolPath returns the executable named by env, skipping the test when it is unset or missing.
func toolPath(t *testing.T, env string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		t.Skipf("%s is not set: run `make test` or `make teste2e`, which build the end-to-end tools and set it", env)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s=%s: %v (`make tools` builds it)", env, p, err)
	}
	return p
}

func terraformTool(t *testing.T) tool {
	return tool{name: "terraform", bin: toolPath(t, envTerraform), registry: tfsetup.TerraformRegistry, functions: true}
}

func tofuTool(t *testing.T) tool {
	return tool{name: "tofu", bin: toolPath(t, envTofu), registry: tfsetup.OpenTofuRegistry}
}
