package tfsetup

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ProviderType is the provider's type name, as in terraform-provider-TYPE and TYPE_pinned_image.
const ProviderType = "tagpolicy"

// BinaryName is the executable name a release archive holds: {{ .ProjectName }}_v{{ .Version }}.
func BinaryName(version string) string {
	return "terraform-provider-" + ProviderType + "_v" + version
}

// ModuleRoot returns the directory of the main module's go.mod, as `go env GOMOD` reports it from dir.
func ModuleRoot(dir string) (string, error) {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("no go.mod above %s", dir)
	}
	return filepath.Dir(gomod), nil
}

// BuildProvider compiles the provider of the module the current directory is in into outDir, with
// the flags .goreleaser.yml uses for a release (CGO_ENABLED=0, -trimpath, -s -w, main.version), and
// returns the binary path.
func BuildProvider(outDir, version string) (string, error) {
	moduleRoot, err := ModuleRoot(".")
	if err != nil {
		return "", err
	}
	out := filepath.Join(outDir, BinaryName(version))
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+version, "-o", out, ".")
	cmd.Dir = moduleRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build the provider: %w\n%s", err, stderr.String())
	}
	return out, nil
}
