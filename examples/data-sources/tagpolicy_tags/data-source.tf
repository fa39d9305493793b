# Which Ubuntu lines are ahead of the one a template pins? 20.04 never moves to them on its own.
data "tagpolicy_tags" "ubuntu" {
  repository = "registry.acme.internal:5000/mirror/ubuntu"
  track      = "20.04"
}

output "newer_lines" {
  value = data.tagpolicy_tags.ubuntu.newer # e.g. ["24.04", "22.04", "20.10"]
}

# Only the Alpine builds of a major line, newest first.
data "tagpolicy_tags" "golang_alpine" {
  repository = "registry.acme.internal:5000/acme/platform/golang"
  pattern    = "^v?1\\.[0-9]+(\\.[0-9]+)?-alpine"
}

output "newest_alpine" {
  value = data.tagpolicy_tags.golang_alpine.newest
}
