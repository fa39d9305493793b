package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// exampleRegistry is the registry the examples name. The scenarios point it at the suite's
// registry, which holds an image for every reference the examples write out.
const exampleRegistry = "registry.acme.internal:5000"

var exampleRef = regexp.MustCompile(regexp.QuoteMeta(exampleRegistry) + `/[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9][A-Za-z0-9._-]*`)

// exampleRepository is a repository an example lists the tags of (tagpolicy_tags); it needs one
// image to exist at all, so it gets one at latest.
var exampleRepository = regexp.MustCompile(`repository\s*=\s*"(` + regexp.QuoteMeta(exampleRegistry) + `/[a-z0-9][a-z0-9._/-]*)"`)

// examplesDir is the repository's examples/, from this package's directory.
var examplesDir = filepath.Join("..", "..", "examples")

// exampleModules returns examples/ DIR → its .tf files (name → content) with exampleRegistry
// replaced by host, for every directory that holds .tf files.
func exampleModules(t *testing.T, host string) map[string]map[string]string {
	t.Helper()
	mods := map[string]map[string]string{}
	err := filepath.WalkDir(examplesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dir, err := filepath.Rel(examplesDir, filepath.Dir(path))
		if err != nil {
			return err
		}
		if mods[dir] == nil {
			mods[dir] = map[string]string{}
		}
		mods[dir][d.Name()] = strings.ReplaceAll(string(src), exampleRegistry, host)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) == 0 {
		t.Fatalf("no example modules under %s", examplesDir)
	}
	return mods
}

// pushExampleImages pushes, once per suite, a linux/amd64 + linux/arm64/v8 index to every
// reference the examples write out, so their data sources and pins resolve.
func (s *suite) pushExampleImages(t *testing.T) {
	t.Helper()
	s.exampleImages.Do(func() {
		refs := map[string]bool{}
		for _, files := range exampleModules(t, exampleRegistry) {
			for _, src := range files {
				for _, ref := range exampleRef.FindAllString(src, -1) {
					refs[strings.Replace(ref, exampleRegistry, s.reg.Host, 1)] = true
				}
				for _, m := range exampleRepository.FindAllStringSubmatch(src, -1) {
					refs[strings.Replace(m[1], exampleRegistry, s.reg.Host, 1)+":latest"] = true
				}
			}
		}
		platforms := []string{"linux/amd64", "linux/arm64/v8"}
		for ref := range refs {
			s.reg.pushIndex(t, newIndex(t, platforms, []v1Image{randomImage(t, platforms[0]), randomImage(t, platforms[1])}), ref)
		}
		s.exampleImagesDone = true
	})
	if !s.exampleImagesDone {
		t.Fatal("the example images were not pushed (see the first scenario that tried)")
	}
}

// Every example directory, as written, passes `validate` and `plan` (exit 0 or 2), with the
// registry it names standing for the suite's, trusted through SSL_CERT_FILE as a system CA.
func testExamples(t *testing.T, e *env) {
	e.pushExampleImages(t)
	mods := exampleModules(t, e.reg.Host)
	dirs := make([]string, 0, len(mods))
	for dir := range mods {
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		files := mods[dir]
		t.Run(strings.ReplaceAll(dir, string(filepath.Separator), "_"), func(t *testing.T) {
			all := strings.Join(mapValues(files), "\n")
			usesDocker := strings.Contains(all, "kreuzwerker/docker") || dockerBlock.MatchString(all)
			switch {
			case strings.Contains(all, "provider::") && !e.tool.functions:
				t.Skipf("%s %s has no provider-defined functions", e.tool.name, e.tool.version)
			case strings.Contains(all, "coder/coder") && !e.coder:
				t.Skipf("%s is not set: the Coder provider is not in the mirror", envCoderProvider)
			case usesDocker && !e.docker:
				t.Skipf("%s is not set: kreuzwerker/docker is not in the mirror", envDockerProvider)
			}
			if !strings.Contains(all, `"tagpolicy/tagpolicy"`) {
				// A documentation snippet (examples/resources/…, …) leaves out the terraform block
				// every module using the provider has; without it, tagpolicy would be
				// hashicorp/tagpolicy (and docker hashicorp/docker).
				docker := ""
				if usesDocker && !strings.Contains(all, "kreuzwerker/docker") {
					docker = dockerRequirement
				}
				files["zz_required_providers.tf"] = fmt.Sprintf(requiredProviders, docker)
			}
			w := e.newWorkdir(t, files,
				append(coderWorkspaceEnv("examples"), "TF_VAR_registry_password="+registryPassword)...)
			w.setEnv("SSL_CERT_FILE=" + filepath.Join(w.Dir, "ca.pem"))
			w.init()
			w.mustExec("validate", "-no-color")
			if res := w.plan(); res.ExitCode != 0 && res.ExitCode != 2 {
				t.Fatalf("examples/%s does not plan as written:\n%s", dir, res)
			}
		})
	}
}

const requiredProviders = `terraform {
  required_providers {
    tagpolicy = {
      source = "tagpolicy/tagpolicy"
    }%s
  }
}
`

const dockerRequirement = `
    docker = {
      source = "kreuzwerker/docker"
    }`

// dockerBlock finds a kreuzwerker/docker resource or data source in a snippet.
var dockerBlock = regexp.MustCompile(`(?m)^\s*(resource|data)\s+"docker_`)

func mapValues(m map[string]string) []string {
	var v []string
	for _, s := range m {
		v = append(v, s)
	}
	return v
}
