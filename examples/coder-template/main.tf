# A Coder template whose workspace container runs a pinned image: the image is chosen by tag
# (registry.acme.internal:5000/acme/platform/golang:v1), but the container runs a digest. A
# workspace rebuild replaces the container exactly when the tag rules call for one: a new build of
# v1 does, v2 does not.
#
# Two modes, one template (see the guide "Pinning Coder workspace images"):
# - per-workspace (workspace_image unset): each workspace keeps its own tagpolicy_pinned_image and
#   moves it at its next start or rebuild when the tag rules call for it. Nobody is told.
# - template version (workspace_image set): a pipeline (examples/coder-template-pipeline) owns the
#   pin and runs `coder templates push --variable workspace_image=<pinned_ref>` when it moves, so
#   Coder marks every workspace outdated and prompts its owner to update.

terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.0"
    }
    docker = {
      source  = "kreuzwerker/docker"
      version = ">= 3.0"
    }
    tagpolicy = {
      source = "tagpolicy/tagpolicy"
    }
  }
}

variable "workspace_image" {
  description = "Template-version mode: the pinned image (host/repo:tag@sha256:…) the pipeline pushed with this template version. Empty: every workspace pins its own image from the image_tag parameter."
  type        = string
  default     = ""
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

locals {
  template_version_mode = var.workspace_image != ""
}

provider "tagpolicy" {
  # Workspaces come from the company registry only, named by Coder's sample tagging scheme. The
  # scheme ends in {majorversion}, so a major tag (v1) is the only class it admits.
  allowed_registries    = [var.registry]
  allowed_classes       = ["major"]
  enforce_naming_scheme = true
  ca_certificates       = var.registry_ca_pem

  # Every workspace start and stop refreshes the pin. A registry outage must never block either:
  # with keep_pin, the workspace keeps the image it already runs and the build shows a warning.
  on_registry_error = "keep_pin"
}

provider "docker" {
  host = var.docker_socket != "" ? var.docker_socket : null

  # The provisioner's Docker credentials for the registry (DOCKER_CONFIG or ~/.docker/config.json),
  # which docker_container uses to pull the pinned image.
  registry_auth {
    address = var.registry
  }
}

provider "coder" {}

data "coder_provisioner" "me" {}

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

# Per-workspace mode only: in template-version mode, the platform team chooses the image.
data "coder_parameter" "image_tag" {
  count        = local.template_version_mode ? 0 : 1
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

# Per-workspace mode: the pin, resolved by tag, recorded by digest, moved only when the tag rules
# call for a rebuild. `platform` pins this provisioner's image in the index: a build that only
# changes another platform's image (or the provenance attestation buildx attaches to every push)
# moves the index digest, not this one, and rebuilds nothing.
resource "tagpolicy_pinned_image" "workspace" {
  count    = local.template_version_mode ? 0 : 1
  image    = "${var.registry}/${var.image_repository}:${data.coder_parameter.image_tag[0].value}"
  platform = "linux/${data.coder_provisioner.me.arch}"
  template = "docker-golang"
}

locals {
  pin             = one(tagpolicy_pinned_image.workspace)
  workspace_image = local.template_version_mode ? var.workspace_image : local.pin.pinned_ref
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
  image    = local.workspace_image
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

# What the workspace page shows next to the container: which image it runs, since when, and an
# update the pin holds back (a kind left out of rebuild_on) where there is one.
resource "coder_metadata" "workspace" {
  count       = data.coder_workspace.me.start_count
  resource_id = docker_container.workspace[0].id

  item {
    key   = "image"
    value = local.workspace_image
  }
  item {
    key   = "pinned version"
    value = local.template_version_mode ? "set by the template version" : coalesce(local.pin.version, "unknown")
  }
  item {
    key   = "pinned at"
    value = local.template_version_mode ? "see the template version's message" : local.pin.pinned_at
  }
  item {
    key   = "held update"
    value = local.template_version_mode ? "none" : coalesce(local.pin.pending_update, "none")
  }
}

output "workspace_image" {
  description = "What the workspace container runs."
  value       = local.workspace_image
}
