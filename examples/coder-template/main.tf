# A Coder template whose workspace container runs a pinned image: the image is chosen by tag
# (registry.acme.internal:5000/acme/platform/golang:v1), but the container runs the digest
# tagpolicy_pinned_image recorded. A workspace rebuild replaces the container exactly when
# the tag rules call for one: a new build of v1 does, v2 does not.

terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.0"
    }
    docker = {
      source = "kreuzwerker/docker"
    }
    tagpolicy = {
      source = "tagpolicy/tagpolicy"
    }
  }
}

variable "registry" {
  description = "The registry workspace images come from (host:port)."
  type        = string
  default     = "registry.acme.internal:5000"
}

variable "image_repository" {
  description = "The repository of the workspace image, in the scheme company/department/software."
  type        = string
  default     = "acme/platform/golang"
}

variable "registry_ca_pem" {
  description = "PEM CA certificates for a registry with a private CA; null trusts the system's."
  type        = string
  default     = null
}

variable "docker_socket" {
  description = "The Docker daemon on the provisioner (empty: the default socket)."
  type        = string
  default     = ""
}

provider "tagpolicy" {
  # Workspaces come from the company registry only, named by Coder's sample tagging scheme.
  allowed_registries    = [var.registry]
  allowed_classes       = ["major", "minor", "patch", "digest"]
  enforce_naming_scheme = true
  ca_certificates       = var.registry_ca_pem
}

provider "docker" {
  host = var.docker_socket != "" ? var.docker_socket : null
}

provider "coder" {}

data "coder_provisioner" "me" {}

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

data "coder_parameter" "image_tag" {
  name         = "image_tag"
  display_name = "Go toolchain"
  description  = "The major version of the workspace image. A rebuild follows new builds of it."
  type         = "string"
  default      = "v1"
  mutable      = true
  icon         = "/icon/go.svg"

  option {
    name  = "Go 1 (v1)"
    value = "v1"
  }
  option {
    name  = "Go 2 preview (v2)"
    value = "v2"
  }
}

resource "coder_agent" "main" {
  arch           = data.coder_provisioner.me.arch
  os             = "linux"
  startup_script = <<-EOT
    set -e
    go version
  EOT
}

# The pin: resolved by tag, recorded by digest, moved only when the tag rules call for a rebuild.
resource "tagpolicy_pinned_image" "workspace" {
  image    = "${var.registry}/${var.image_repository}:${data.coder_parameter.image_tag.value}"
  platform = "linux/${data.coder_provisioner.me.arch}"
  template = "docker-golang"
}

resource "docker_volume" "home" {
  name = "coder-${data.coder_workspace.me.id}-home"

  # Home directories outlive rebuilds and stops.
  lifecycle {
    ignore_changes = all
  }
}

resource "docker_container" "workspace" {
  count = data.coder_workspace.me.start_count

  # The pinned digest, not the tag: a changed pin replaces the container (a workspace rebuild).
  image    = tagpolicy_pinned_image.workspace.pinned_ref
  name     = "coder-${data.coder_workspace_owner.me.name}-${lower(data.coder_workspace.me.name)}"
  hostname = data.coder_workspace.me.name

  entrypoint = ["sh", "-c", replace(coder_agent.main.init_script, "/localhost|127\\.0\\.0\\.1/", "host.docker.internal")]
  env        = ["CODER_AGENT_TOKEN=${coder_agent.main.token}"]

  host {
    host = "host.docker.internal"
    ip   = "host-gateway"
  }

  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
    read_only      = false
  }
}

output "workspace_image" {
  description = "What the workspace container runs."
  value       = tagpolicy_pinned_image.workspace.pinned_ref
}
