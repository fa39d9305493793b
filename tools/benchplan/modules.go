package main

import (
	"fmt"
	"strings"
)

// module is one root module: the same images, read through one provider's block type.
type module struct {
	label string // as printed in the table
	name  string // its directory
	hcl   string
}

// modules are the root modules to compare: ours as a data source and as a resource, and
// kreuzwerker's data source when its binary was given.
func (b *bench) modules() []module {
	ms := []module{
		{"tagpolicy_image (data)", "tagpolicy-data", b.tagpolicyHCL("data", "tagpolicy_image", "")},
		{"tagpolicy_pinned_image", "tagpolicy-resource", b.tagpolicyHCL("resource", "tagpolicy_pinned_image", "")},
		// Platform pins where nothing moved: refresh HEADs the tag and, finding the digest it
		// observed last, reads no manifest (the images are linux/amd64, so the pin is the digest pushed).
		{"tagpolicy_pinned_image (platform)", "tagpolicy-resource-platform", b.tagpolicyHCL("resource", "tagpolicy_pinned_image", `platform = "linux/amd64"`)},
	}
	if b.s.dockerProvider != "" {
		ms = append(ms, module{"docker_registry_image (data)", "docker-data", b.dockerHCL()})
	}
	return ms
}

func (b *bench) tagpolicyHCL(kind, typ, extra string) string {
	var h strings.Builder
	fmt.Fprintf(&h, `terraform {
  required_providers {
    tagpolicy = {
      source  = "tagpolicy/tagpolicy"
      version = %q
    }
  }
}

provider "tagpolicy" {
  allowed_registries = [%[2]q]
%[3]s
  registry_auth {
    address  = %[2]q
    username = %[4]q
    password = %[5]q
  }
}
`, version, b.reg.Host, b.trustLine(), username, password)
	b.blocks(&h, kind, typ, "image", "digest", extra)
	return h.String()
}

// trustLine is how our provider is told to trust the registry.
func (b *bench) trustLine() string {
	if b.s.tls {
		return `  ca_certificates    = file("${path.root}/../ca.pem")`
	}
	return fmt.Sprintf("  insecure_registries = [%q]", b.reg.Host)
}

// dockerHCL points the provider at a Docker socket that does not exist: docker_registry_image
// talks to the registry alone, and configure does not dial the daemon.
func (b *bench) dockerHCL() string {
	address := b.reg.Host
	if !b.s.tls {
		address = "http://" + b.reg.Host
	}
	var h strings.Builder
	fmt.Fprintf(&h, `terraform {
  required_providers {
    docker = {
      source  = "kreuzwerker/docker"
      version = %q
    }
  }
}

provider "docker" {
  host = "unix:///nonexistent/docker.sock"

  registry_auth {
    address  = %q
    username = %q
    password = %q
  }
}
`, b.s.dockerVersion, address, username, password)
	b.blocks(&h, "data", "docker_registry_image", "name", "sha256_digest", "")
	return h.String()
}

// blocks writes one block per image (with extra arguments), and an output of every digest keyed
// by reference, which prepare checks against what was pushed.
func (b *bench) blocks(h *strings.Builder, kind, typ, attr, out, extra string) {
	for i, ref := range b.images {
		fmt.Fprintf(h, "\n%s %q \"i%03d\" {\n  %s = %q\n  %s\n}\n", kind, typ, i, attr, ref, extra)
	}
	prefix := typ
	if kind == "data" {
		prefix = "data." + typ
	}
	h.WriteString("\noutput \"digests\" {\n  value = {\n")
	for i, ref := range b.images {
		fmt.Fprintf(h, "    %q = %s.i%03d.%s\n", ref, prefix, i, out)
	}
	h.WriteString("  }\n}\n")
}
