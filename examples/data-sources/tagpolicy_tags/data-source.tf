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

# A mirrored Python repository holds prereleases, date snapshots and cosign signatures next to its
# releases: newest is the newest release, and the Windows images are left out.
data "tagpolicy_tags" "python" {
  repository = "registry.acme.internal:5000/mirror/python"
  track      = "3.12-slim"
  exclude    = ["windowsservercore", "nanoserver"]
}

output "python_newest_slim" {
  value = data.tagpolicy_tags.python.newest # e.g. "3.14.0-slim", never "3.15.0a2-slim"
}

# Ubuntu codenames are version lines: jammy is 22.04, and newer lists the later codenames.
data "tagpolicy_tags" "ubuntu_codenames" {
  repository = "registry.acme.internal:5000/mirror/ubuntu"
  track      = "jammy"
}
