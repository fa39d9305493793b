# A Coder workspace template pins its image by digest. `terraform plan` proposes an in-place
# update of digest and pinned_ref exactly when the tag rules call for a rebuild: for the major tag
# v1, when v1 moves to a newer v1.x build; never when v2 is released.
resource "tagpolicy_pinned_image" "workspace" {
  image    = "registry.acme.internal:5000/acme/platform/golang:v1"
  template = "go-development"
}

# A specific version rebuilds for patches and security fixes of 20.04 only, never for 20.10.
# Only one platform of the index counts: a rebuilt arm64 image proposes nothing here.
resource "tagpolicy_pinned_image" "ubuntu" {
  image    = "registry.acme.internal:5000/mirror/ubuntu:20.04"
  platform = "linux/amd64"
}

# A rolling tag that only rebuilds for major releases; patches and minors wait.
resource "tagpolicy_pinned_image" "tools" {
  image      = "registry.acme.internal:5000/acme/platform/tools:latest"
  rebuild_on = ["major"]

  # Re-pin whenever the template itself is released.
  triggers = {
    template_version = "2026.11.1"
  }
}

# Use the pin, not the tag: anything that uses pinned_ref (a docker_container, a Kubernetes pod)
# is replaced exactly when a rebuild is due.
output "workspace_image" {
  value = tagpolicy_pinned_image.workspace.pinned_ref
}

output "why" {
  value = tagpolicy_pinned_image.workspace.rebuild_reason # initial, rebuild, patch, minor, major or rollback
}

# A Coder template that runs the pin in a docker_container: examples/coder-template.
