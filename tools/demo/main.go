// Command demo is `make demo`: the provider's main job, end to end, on a machine with only Go.
//
// It starts an embedded registry (internal/registrytest) over TLS with credentials, pushes a
// Go toolchain image under Coder's sample naming scheme, installs the provider the way
// `terraform init` installs a registry release (internal/e2e/tfsetup), applies a pinned image,
// then publishes a patch build of v1.3 (the plan proposes the rebuild, rebuild_reason "patch")
// and a newer minor release, v1.4 (the plan proposes nothing: a specific version rebuilds for its
// own patches and security fixes, never for a newer line).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

const (
	version  = "0.1.0" // what the local mirror serves; a release, so no version constraint is needed
	username = "coder-ci"
	password = "demo-only-password"
	repo     = "acme/platform/golang"
)

func main() {
	terraform := flag.String("terraform", "terraform", "the terraform binary to run")
	keep := flag.Bool("keep", false, "keep the working directory instead of removing it")
	flag.Parse()
	if err := run(*terraform, *keep, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "\ndemo failed:", err)
		os.Exit(1)
	}
}

func run(terraform string, keep bool, out io.Writer) error {
	d := &demo{out: out, terraform: terraform}
	dir, err := os.MkdirTemp("", "tagpolicy-demo-")
	if err != nil {
		return err
	}
	if keep {
		defer d.printf("\nThe working directory is kept at %s\n", dir)
	} else {
		defer func() { _ = os.RemoveAll(dir) }()
	}
	d.dir = dir

	d.heading("1. Start an embedded registry (TLS, basic auth) and publish golang v1.3.0")
	reg, err := registrytest.Start(registrytest.WithTLS(), registrytest.WithBasicAuth(username, password))
	if err != nil {
		return err
	}
	defer reg.Close()
	d.reg = reg
	d.printf("registry: https://%s (a private CA; credentials in a Docker config.json)\n", reg.Host)
	if err := d.publish("v1.3.0", "v1.3", "v1"); err != nil {
		return err
	}

	d.heading("2. Install the provider as a registry release would be (filesystem mirror)")
	if err := d.install(); err != nil {
		return err
	}

	d.heading("3. terraform init and apply: pin " + d.ref("v1.3"))
	if err := d.writeConfig(); err != nil {
		return err
	}
	if err := d.expect(0, "init", "-input=false", "-no-color"); err != nil {
		return err
	}
	if err := d.expect(0, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}

	d.heading("4. The publisher pushes a patch build of v1.3 (v1.3.1): the plan proposes the rebuild")
	if err := d.publish("v1.3.1", "v1.3", "v1"); err != nil {
		return err
	}
	if err := d.expect(2, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		return err
	}
	d.printf("\nExit code 2: a rebuild is due. Applying it, as the workspace rebuild would:\n")
	if err := d.expect(0, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}

	d.heading("5. The publisher releases a newer minor, v1.4.0: a newer line never rebuilds v1.3")
	if err := d.publish("v1.4.0", "v1.4", "v1"); err != nil {
		return err
	}
	if err := d.expect(0, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		return err
	}
	d.printf("\nExit code 0: nothing to rebuild. v1.3 still points at the v1.3.1 build; v1.4 is another line.\n")

	d.heading("Done: the registry is stopped and the working directory removed")
	return nil
}

// demo carries the state of one run.
type demo struct {
	out       io.Writer
	terraform string
	dir       string
	reg       *registrytest.Server
	env       []string
}

// printf writes to the demo's output; a failed write to a terminal is nothing to act on.
func (d *demo) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(d.out, format, args...)
}

func (d *demo) heading(s string) {
	d.printf("\n%s\n==> %s\n%s\n", strings.Repeat("=", 100), s, strings.Repeat("=", 100))
}

func (d *demo) ref(tag string) string { return d.reg.Host + "/" + repo + ":" + tag }

// publish pushes a new multi-platform build under every tag, as a publisher's pipeline does.
func (d *demo) publish(tags ...string) error {
	digest, platforms, err := d.reg.PushRandomIndex(d.ref(tags[0]), "linux/amd64", "linux/arm64")
	if err != nil {
		return err
	}
	for _, tag := range tags[1:] {
		if err := d.reg.Tag(d.ref(tags[0]), tag); err != nil {
			return err
		}
	}
	d.printf("pushed %s (tags %s)\n  index        %s\n  linux/amd64  %s\n",
		d.reg.Host+"/"+repo, strings.Join(tags, ", "), digest, platforms["linux/amd64"])
	return nil
}

// install builds the provider with the release flags, lays it out in a filesystem mirror under
// registry.terraform.io/tagpolicy/tagpolicy, and points a CLI config file at it.
func (d *demo) install() error {
	bin, err := tfsetup.BuildProvider(filepath.Join(d.dir, "build"), version)
	if err != nil {
		return err
	}
	cli, err := tfsetup.Install(d.dir, []string{tfsetup.TerraformRegistry}, tfsetup.Tagpolicy(bin, version))
	if err != nil {
		return err
	}
	dockerConfig := filepath.Join(d.dir, "docker")
	if _, err := registrytest.WriteDockerConfig(dockerConfig, d.reg.Host, username, password); err != nil {
		return err
	}
	d.env = append(tfsetup.BaseEnv(filepath.Join(d.dir, "home")),
		"TF_CLI_CONFIG_FILE="+cli, "DOCKER_CONFIG="+dockerConfig)
	d.printf("built %s\nmirror %s\n  %s/tagpolicy/%s/%s/%s/%s\n", filepath.Base(bin), filepath.Join(d.dir, "mirror"),
		tfsetup.TerraformRegistry, tfsetup.ProviderType, version, tfsetup.Platform(), filepath.Base(bin))
	return nil
}

const configTemplate = `terraform {
  required_providers {
    tagpolicy = {
      source = "tagpolicy/tagpolicy"
    }
  }
}

provider "tagpolicy" {
  allowed_registries    = [%[1]q]
  naming_scheme         = "{registry}/{company?}/{department}/{software}:{version}"
  enforce_naming_scheme = true
  ca_certificates       = file("${path.module}/ca.pem")
}

resource "tagpolicy_pinned_image" "golang" {
  image    = %[2]q
  platform = "linux/amd64"
  template = "go-development"
}

# Use the pin, not the tag: the workspace is replaced exactly when a rebuild is due.
output "workspace_image" {
  value = tagpolicy_pinned_image.golang.pinned_ref
}

output "rebuild_reason" {
  value = tagpolicy_pinned_image.golang.rebuild_reason
}
`

func (d *demo) writeConfig() error {
	work := filepath.Join(d.dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "ca.pem"), d.reg.CACertPEM(), 0o644); err != nil {
		return err
	}
	cfg := fmt.Sprintf(configTemplate, d.reg.Host, d.ref("v1.3"))
	d.printf("main.tf:\n\n%s\n", indent(cfg))
	return os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o644)
}

// expect runs terraform with args, showing the command and its output, and fails unless it
// exits with code.
func (d *demo) expect(code int, args ...string) error {
	d.printf("\n$ terraform %s\n", strings.Join(args, " "))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r := tfsetup.Runner{Bin: d.terraform, Dir: filepath.Join(d.dir, "work"), Env: d.env, Tee: d.out}
	res, err := r.Run(ctx, args...)
	if err != nil {
		return err
	}
	d.printf("[exit code %d]\n", res.ExitCode)
	if res.ExitCode != code {
		return fmt.Errorf("terraform %s exited %d, want %d", args[0], res.ExitCode, code)
	}
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
