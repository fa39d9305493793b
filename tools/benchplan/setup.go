package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

const (
	version  = "0.1.0" // what the mirror serves tagpolicy/tagpolicy as
	username = "bench"
	password = "bench-only-password"
	// platform is what the platform variants pin: one of the two each index holds.
	platform = "linux/amd64"
)

// tagSet is every repository's tags: one image each, of every class a template uses.
var tagSet = []string{"v1", "v1.0", "v1.0.0", "v1.1", "v1.1.0", "v2", "v2.0.0", "latest", "stable", "main"}

// bench is one registry, the images it holds, and the providers installed from one mirror.
type bench struct {
	s      settings
	dir    string
	reg    *registrytest.Server
	proxy  *rttProxy // nil without -rtt
	host   string    // what references name: the proxy with -rtt, else the registry
	images []string  // references, host/acme/teamNN/app:tag
	// index and platform are each reference's digests as pushed: of the image index (linux/amd64
	// and linux/arm64), and of its linux/amd64 manifest.
	index, platform map[string]string
	env             []string // terraform's whole environment
	providerCPU     string   // the file the provider's wrapper appends its CPU times to
}

func newBench(s settings, dir string) (*bench, error) {
	b := &bench{s: s, dir: dir, index: map[string]string{}, platform: map[string]string{}}
	opts := []registrytest.Option{registrytest.WithBearerAuth(username, password), registrytest.WithLatency(s.latency)}
	scheme := "http"
	if s.tls {
		opts, scheme = append(opts, registrytest.WithTLS()), "https"
	}
	if s.rtt > 0 {
		// Tokens come through the proxy too: the realm names it, as a real registry names itself.
		p, err := listenRTT(s.rtt)
		if err != nil {
			return nil, err
		}
		b.proxy = p
		opts = append(opts, registrytest.WithBearerRealm(scheme+"://"+p.Addr()+"/token"))
	}
	reg, err := registrytest.Start(opts...)
	if err != nil {
		b.close()
		return nil, err
	}
	b.reg, b.host = reg, reg.Host
	if b.proxy != nil {
		b.proxy.serve(reg.Host)
		b.host = b.proxy.Addr()
	}
	if err := b.push(); err != nil {
		b.close()
		return nil, err
	}
	if err := b.install(); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *bench) close() {
	if b.proxy != nil {
		b.proxy.Close()
	}
	if b.reg != nil {
		b.reg.Close()
	}
}

// push publishes a distinct two-platform index under every tag of every repository, as most
// images on a registry are. Pushes go straight to the store, so they are not in the request log.
func (b *bench) push() error {
	start := time.Now()
	for r := 1; r <= b.s.repos; r++ {
		for _, tag := range tagSet[:b.s.tags] {
			repoTag := fmt.Sprintf("acme/team%02d/app:%s", r, tag)
			index, manifests, err := b.reg.PushRandomIndex(repoTag, platform, "linux/arm64")
			if err != nil {
				return err
			}
			ref := b.host + "/" + repoTag
			b.images = append(b.images, ref)
			b.index[ref], b.platform[ref] = index, manifests[platform]
		}
	}
	fmt.Printf("pushed %d image indexes in %s\n", len(b.images), round(time.Since(start)))
	return nil
}

// install builds this provider with the release flags and lays it, and kreuzwerker's binary when
// given, out in one filesystem mirror, as `terraform init` would unpack them from the registry.
// Ours is mirrored behind a wrapper that records the CPU time the provider process used, so a plan's
// CPU splits into terraform's and the provider's.
func (b *bench) install() error {
	fmt.Println("building terraform-provider-tagpolicy …")
	bin, err := tfsetup.BuildProvider(filepath.Join(b.dir, "build"), version)
	if err != nil {
		return err
	}
	b.providerCPU = filepath.Join(b.dir, "provider-cpu.log")
	wrapper := filepath.Join(b.dir, "build", "wrapper.sh")
	script := fmt.Sprintf("#!/bin/sh\n%q \"$@\"\nrc=$?\ntimes >> %q\nexit $rc\n", bin, b.providerCPU)
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		return err
	}
	providers := []tfsetup.Provider{tfsetup.Tagpolicy(wrapper, version)}
	if b.s.dockerProvider != "" {
		providers = append(providers, tfsetup.Provider{Bin: b.s.dockerProvider, Namespace: "kreuzwerker", Type: "docker", Version: b.s.dockerVersion})
	}
	cli, err := tfsetup.Install(b.dir, []string{tfsetup.TerraformRegistry}, providers...)
	if err != nil {
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
