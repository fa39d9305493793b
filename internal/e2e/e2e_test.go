package e2e

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// providerVersion is the version the mirror serves. A release version, not a pre-release:
// Terraform selects a pre-release only when a configuration pins it exactly.
const providerVersion = "0.1.0"

// coderVersion is the version of coder/coder the Makefile builds (CODER_VERSION).
const coderVersion = "2.20.0"

// dockerProviderVersion is the version kreuzwerker/docker is mirrored as. The Makefile builds a
// commit just after v4.6.0 (DOCKER_PSEUDO); mirrored as a pre-release, it would be chosen only by
// an exact version constraint, and the examples say `>= 3.0` as users write it.
const dockerProviderVersion = "4.6.1"

// Credentials of the shared registry's only user.
const (
	registryUser     = "coder-ci"
	registryPassword = "e2e-s3cret-Pa55word"
)

// suite is what every scenario shares: one registry, one provider build, one mirror.
type suite struct {
	pki          *pki
	registryBin  string
	reg          *registry
	cliConfig    string // TF_CLI_CONFIG_FILE
	dockerConfig string // DOCKER_CONFIG holding registryUser's credentials for reg
	coder        bool   // the Coder provider is in the mirror
	docker       bool   // kreuzwerker/docker is in the mirror

	exampleImages     sync.Once
	exampleImagesDone bool // every image the examples name is in the registry

	workspaceBin      sync.Once
	workspaceBinBytes []byte // the workspace container's program, nil until it built

	manyTags     sync.Once
	manyTagsDone string // the repository manyTags filled, "" until it succeeded
}

// env is a scenario's view: the suite under one tool.
type env struct {
	*suite
	tool tool
}

// scenario runs under each tool; functions marks those that need provider functions.
type scenario struct {
	name      string
	run       func(t *testing.T, e *env)
	functions bool
}

// TestEndToEnd runs every scenario under each CLI of the matrix (Terraform 1.8.5, OpenTofu 1.6.3
// and the newest OpenTofu), in parallel within a tool, against one docker-registry with a
// repository per scenario. A CLI the Makefile did not hand over skips its scenarios.
func TestEndToEnd(t *testing.T) {
	tf := terraformTool(t)
	s := newSuite(t)
	t.Run("terraform", func(t *testing.T) { s.runScenarios(t, tf) })
	t.Run("tofu", func(t *testing.T) { s.runScenarios(t, tofuTool(t)) })
	t.Run("tofu-new", func(t *testing.T) { s.runScenarios(t, tofuNewTool(t)) })
}

func (s *suite) runScenarios(t *testing.T, tl tool) {
	e := &env{suite: s, tool: tl}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			if sc.functions && !tl.functions {
				t.Skipf("%s %s has no provider-defined functions (Terraform 1.8+, OpenTofu 1.7+)", tl.name, tl.version)
			}
			t.Parallel()
			sc.run(t, e)
		})
	}
}

func newSuite(t *testing.T) *suite {
	t.Helper()
	s := &suite{registryBin: toolPath(t, envDockerRegistry)}
	p, err := newPKI()
	if err != nil {
		t.Fatal(err)
	}
	s.pki = p
	s.reg = startRegistry(t, s.registryBin, p, registryUser, registryPassword)
	s.dockerConfig = s.reg.DockerConfig(t, registryUser, registryPassword)

	bin, err := tfsetup.BuildProvider(t.TempDir(), providerVersion)
	if err != nil {
		t.Fatal(err)
	}
	providers := []tfsetup.Provider{tfsetup.Tagpolicy(bin, providerVersion)}
	if coder := os.Getenv(envCoderProvider); coder != "" {
		providers, s.coder = append(providers, tfsetup.Provider{Bin: coder, Namespace: "coder", Type: "coder", Version: coderVersion}), true
	}
	if docker := os.Getenv(envDockerProvider); docker != "" {
		providers, s.docker = append(providers, tfsetup.Provider{Bin: docker, Namespace: "kreuzwerker", Type: "docker", Version: dockerProviderVersion}), true
	}
	if s.cliConfig, err = tfsetup.Install(t.TempDir(), []string{tfsetup.TerraformRegistry, tfsetup.OpenTofuRegistry}, providers...); err != nil {
		t.Fatal(err)
	}
	return s
}

var nonRepoChars = regexp.MustCompile(`[^a-z0-9]+`)

// repo returns a repository name unique to the running scenario and tool, with path segments
// in the naming scheme's shape: TOOL-SCENARIO/DEPARTMENT/SOFTWARE.
func (e *env) repo(t *testing.T, department, software string) string {
	parts := strings.Split(t.Name(), "/")
	scenario := nonRepoChars.ReplaceAllString(strings.ToLower(parts[len(parts)-1]), "-")
	return fmt.Sprintf("%s-%s/%s/%s", e.tool.name, strings.Trim(scenario, "-"), department, software)
}

// config returns a root module requiring the provider as users do, trusting the suite's CA,
// with extra provider arguments and the rest of the module.
func config(providerArgs, body string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    tagpolicy = {
      source = "tagpolicy/tagpolicy"
    }
  }
}

provider "tagpolicy" {
  ca_certificates = file("${path.module}/ca.pem")
%s
}

%s`, providerArgs, body)
}

// pinned returns a tagpolicy_pinned_image block; extra holds more arguments.
func pinned(name, image, extra string) string {
	return fmt.Sprintf(`resource "tagpolicy_pinned_image" %q {
  image    = %q
  template = "e2e"
%s
}
`, name, image, extra)
}
