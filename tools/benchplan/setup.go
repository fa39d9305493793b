package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

const (
	version  = "0.1.0" // what the mirror serves tagpolicy/tagpolicy as
	username = "bench"
	password = "bench-only-password"
)

// tagSet is every repository's tags: one image each, of every class a template uses.
var tagSet = []string{"v1", "v1.0", "v1.0.0", "v1.1", "v1.1.0", "v2", "v2.0.0", "latest", "stable", "main"}

// bench is one registry, the images it holds, and the providers installed from one mirror.
type bench struct {
	s      settings
	dir    string
	reg    *registrytest.Server
	images []string          // references, host/acme/teamNN/app:tag
	digest map[string]string // reference → manifest digest, as pushed
	env    []string          // terraform's whole environment
}

func newBench(s settings, dir string) (*bench, error) {
	opts := []registrytest.Option{registrytest.WithBearerAuth(username, password), registrytest.WithLatency(s.latency)}
	if s.tls {
		opts = append(opts, registrytest.WithTLS())
	}
	reg, err := registrytest.Start(opts...)
	if err != nil {
		return nil, err
	}
	b := &bench{s: s, dir: dir, reg: reg, digest: map[string]string{}}
	if err := b.push(); err != nil {
		reg.Close()
		return nil, err
	}
	if err := b.install(); err != nil {
		reg.Close()
		return nil, err
	}
	return b, nil
}

// push publishes a distinct image under every tag of every repository. Pushes go straight to the
// store, so they are not in the request log.
func (b *bench) push() error {
	for r := 1; r <= b.s.repos; r++ {
		for _, tag := range tagSet[:b.s.tags] {
			ref := fmt.Sprintf("%s/acme/team%02d/app:%s", b.reg.Host, r, tag)
			d, err := b.reg.PushRandom(ref)
			if err != nil {
				return err
			}
			b.images = append(b.images, ref)
			b.digest[ref] = d
		}
	}
	return nil
}

// install builds this provider with the release flags and lays it, and kreuzwerker's binary when
// given, out in one filesystem mirror, as `terraform init` would unpack them from the registry.
func (b *bench) install() error {
	fmt.Println("building terraform-provider-tagpolicy …")
	bin, err := tfsetup.BuildProvider(filepath.Join(b.dir, "build"), version)
	if err != nil {
		return err
	}
	mirror := tfsetup.Mirror{Dir: filepath.Join(b.dir, "mirror")}
	addrs, err := mirror.Add(bin, "tagpolicy", tfsetup.ProviderType, version, tfsetup.TerraformRegistry)
	if err != nil {
		return err
	}
	if b.s.dockerProvider != "" {
		docker, err := mirror.Add(b.s.dockerProvider, "kreuzwerker", "docker", b.s.dockerVersion, tfsetup.TerraformRegistry)
		if err != nil {
			return err
		}
		addrs = append(addrs, docker...)
	}
	cli := filepath.Join(b.dir, "terraform.tfrc")
	if err := tfsetup.WriteCLIConfig(cli, mirror.Dir, addrs); err != nil {
		return err
	}
	b.env = append(tfsetup.BaseEnv(filepath.Join(b.dir, "home")), "TF_CLI_CONFIG_FILE="+cli)
	if b.s.tls {
		// kreuzwerker's data source takes no CA, only insecure_skip_verify; Go's system pool reads
		// SSL_CERT_FILE, so both providers verify the registry's certificate. Ours is also given
		// the CA in ca_certificates, as its users would.
		ca := filepath.Join(b.dir, "ca.pem")
		if err := os.WriteFile(ca, b.reg.CACertPEM(), 0o644); err != nil {
			return err
		}
		b.env = append(b.env, "SSL_CERT_FILE="+ca)
	}
	return nil
}
