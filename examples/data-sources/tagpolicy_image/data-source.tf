# Resolve a major tag to the digest it points to now: one HEAD request, no pull.
data "tagpolicy_image" "golang" {
  image = "registry.acme.internal:5000/acme/platform/golang:v1"
}

# The fields of Coder's sample tagging scheme, captured from the reference.
output "department" {
  value = data.tagpolicy_image.golang.scheme["department"] # "platform"
}

output "golang_pinned" {
  value = data.tagpolicy_image.golang.pinned_ref # registry.acme.internal:5000/acme/platform/golang:v1@sha256:…
}

# One platform of a multi-platform image: platform_digest is that platform's manifest.
data "tagpolicy_image" "node_arm" {
  image    = "registry.acme.internal:5000/acme/frontend/node:20-bookworm-slim"
  platform = "linux/arm64/v8"
}
