package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// The environment variables through which the Makefile hands the suite its tools.
const (
	envTerraform      = "E2E_TERRAFORM"
	envTofu           = "E2E_TOFU"
	envTofuNew        = "E2E_TOFU_NEW"
	envCoderProvider  = "E2E_CODER_PROVIDER"
	envDockerProvider = "E2E_DOCKER_PROVIDER"
	envDockerRegistry = "E2E_DOCKER_REGISTRY"
)

// tool is a Terraform-compatible CLI the scenarios run under.
type tool struct {
	name string // the subtest name: "terraform", "tofu" (1.6), "tofu-new"
	bin  string
	// registry is the hostname `source = "tagpolicy/tagpolicy"` resolves to for this tool.
	registry string
	version  string // as `version -json` reports it: "1.8.5"
	// functions reports provider-defined function support: Terraform 1.8+, OpenTofu 1.7+.
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

// The CLI matrix: the first Terraform with provider functions, the last OpenTofu without them,
// and the newest OpenTofu.
func terraformTool(t *testing.T) tool {
	return newTool(t, "terraform", toolPath(t, envTerraform), tfsetup.TerraformRegistry, 1, 8)
}

func tofuTool(t *testing.T) tool {
	return newTool(t, "tofu", toolPath(t, envTofu), tfsetup.OpenTofuRegistry, 1, 7)
}

func tofuNewTool(t *testing.T) tool {
	return newTool(t, "tofu-new", toolPath(t, envTofuNew), tfsetup.OpenTofuRegistry, 1, 7)
}

// newTool asks bin for its version: functions are on from major.minor (the release that added
// provider-defined functions to that CLI), so the matrix follows the binaries it is given.
func newTool(t *testing.T, name, bin, registry string, major, minor int) tool {
	t.Helper()
	// The environment the scenarios give the tool: a developer's TF_CLI_CONFIG_FILE naming a missing
	// file makes OpenTofu 1.12 print a warning before the JSON, on stdout.
	cmd := exec.Command(bin, "version", "-json")
	cmd.Env = tfsetup.BaseEnv(t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", bin, err, out)
	}
	var gotMajor, gotMinor int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &gotMajor, &gotMinor); err != nil {
		t.Fatalf("%s version %q: %v", bin, v.Version, err)
	}
	functions := gotMajor > major || gotMajor == major && gotMinor >= minor
	t.Logf("%s: %s %s, provider functions %v", name, bin, v.Version, functions)
	return tool{name: name, bin: bin, registry: registry, version: v.Version, functions: functions}
}
