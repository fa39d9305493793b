package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// module is one root module: the same images, read through one provider's blocks.
type module struct {
	label string // as printed in the table
	name  string // its directory, and what -variants selects
	hcl   string
	want  map[string]string // the digests output: reference → digest the registry holds
}

// modules are the variants to compare, every one planning the same 500 images:
//   - tagpolicy_images: one block for the whole catalog;
//   - tagpolicy_image: one block per image;
//   - the floors: the same two with digest references, which send no request at all, so what is
//     left is what terraform and the provider cost without the network;
//   - tagpolicy_pinned_image, with and without platform;
//   - kreuzwerker's docker_registry_image, and its pin pattern: the data source and a
//     terraform_data that records the digest.
func (b *bench) modules() []module {
	pinned := map[string]string{}
	for _, ref := range b.images {
		pinned[ref+"@"+b.index[ref]] = b.index[ref]
	}
	ms := []module{
		{"tagpolicy_images (1 block)", "tagpolicy-images", b.catalogHCL(b.index), b.index},
		{"tagpolicy_image", "tagpolicy-image", b.tagpolicyHCL("data", "tagpolicy_image", b.index, ""), b.index},
		{"floor: tagpolicy_images, digest refs", "floor-images", b.catalogHCL(pinned), pinned},
		{"floor: tagpolicy_image, digest refs", "floor-image", b.tagpolicyHCL("data", "tagpolicy_image", pinned, ""), pinned},
		{"tagpolicy_pinned_image", "tagpolicy-pinned", b.tagpolicyHCL("resource", "tagpolicy_pinned_image", b.index, ""), b.index},
		{"tagpolicy_pinned_image + platform", "tagpolicy-pinned-platform",
			b.tagpolicyHCL("resource", "tagpolicy_pinned_image", b.platform, fmt.Sprintf("  platform = %q\n", platform)), b.platform},
	}
	if b.s.dockerProvider != "" {
		ms = append(ms,
			module{"docker_registry_image (kreuzwerker)", "docker-data", b.dockerHCL(false), b.index},
			module{"docker pin pattern (data + terraform_data)", "docker-pin", b.dockerHCL(true), b.index})
	}
	if len(b.s.variants) == 0 {
		return ms
	}
	return slices.DeleteFunc(ms, func(m module) bool { return !slices.Contains(b.s.variants, m.name) })
}

// variantNames is every name -variants accepts.
var variantNames = []string{"tagpolicy-images", "tagpolicy-image", "floor-images", "floor-image",
	"tagpolicy-pinned", "tagpolicy-pinned-platform", "docker-data", "docker-pin"}

func (b *bench) tagpolicyProvider(h *strings.Builder) {
	fmt.Fprintf(h, `terraform {
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
`, version, b.host, b.trustLine(), username, password)
}

// tagpolicyHCL is one block of typ per reference, with extra lines in each; every one of ours
// reports its pin as digest.
func (b *bench) tagpolicyHCL(kind, typ string, want map[string]string, extra string) string {
	var h strings.Builder
	b.tagpolicyProvider(&h)
	b.blocks(&h, kind, typ, "image", "digest", slices.Sorted(maps.Keys(want)), extra)
	return h.String()
}

// catalogHCL is one tagpolicy_images block holding every reference.
func (b *bench) catalogHCL(want map[string]string) string {
	var h strings.Builder
	b.tagpolicyProvider(&h)
	h.WriteString("\ndata \"tagpolicy_images\" \"catalog\" {\n  images = {\n")
	for i, ref := range slices.Sorted(maps.Keys(want)) {
		fmt.Fprintf(&h, "    i%03d = { image = %q }\n", i, ref)
	}
	h.WriteString("  }\n}\n\noutput \"digests\" {\n  value = { for k, v in data.tagpolicy_images.catalog.images : v.image => v.digest }\n}\n")
	return h.String()
}

// trustLine is how our provider is told to trust the registry.
func (b *bench) trustLine() string {
	if b.s.tls {
		return `  ca_certificates    = file("${path.root}/../ca.pem")`
	}
	return fmt.Sprintf("  insecure_registries = [%q]", b.host)
}

// dockerHCL points the provider at a Docker socket that does not exist: docker_registry_image
// talks to the registry alone, and configure does not dial the daemon. With record, each data
// source feeds a terraform_data, the way kreuzwerker's users keep a pin in state.
func (b *bench) dockerHCL(record bool) string {
	address := b.host
	if !b.s.tls {
		address = "http://" + b.host
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
	refs := slices.Sorted(maps.Keys(b.index))
	if !record {
		b.blocks(&h, "data", "docker_registry_image", "name", "sha256_digest", refs, "")
		return h.String()
	}
	for i, ref := range refs {
		fmt.Fprintf(&h, "\ndata \"docker_registry_image\" \"i%03d\" {\n  name = %q\n}\n", i, ref)
		fmt.Fprintf(&h, "\nresource \"terraform_data\" \"i%03d\" {\n  input = data.docker_registry_image.i%03d.sha256_digest\n}\n", i, i)
	}
	b.output(&h, refs, "terraform_data", "output")
	return h.String()
}

// blocks writes one block per reference, and an output of every digest keyed by reference, which
// prepare checks against what was pushed.
func (b *bench) blocks(h *strings.Builder, kind, typ, attr, out string, refs []string, extra string) {
	for i, ref := range refs {
		fmt.Fprintf(h, "\n%s %q \"i%03d\" {\n  %s = %q\n%s}\n", kind, typ, i, attr, ref, extra)
	}
	prefix := typ
	if kind == "data" {
		prefix = "data." + typ
	}
	b.output(h, refs, prefix, out)
}

func (b *bench) output(h *strings.Builder, refs []string, prefix, out string) {
	h.WriteString("\noutput \"digests\" {\n  value = {\n")
	for i, ref := range refs {
		fmt.Fprintf(h, "    %q = %s.i%03d.%s\n", ref, prefix, i, out)
	}
	h.WriteString("  }\n}\n")
}
