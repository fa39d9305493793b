# The template-version pipeline: Coder v2 prompts a workspace owner to update when the workspace
# runs an outdated template version, not when an image tag moves. This root module, owned by the
# platform team, pins the image of every Coder template; push-templates.sh runs it in CI and, when
# a pin moves, pushes a new template version with the new pin, so Coder marks the template's
# workspaces outdated and prompts their owners, exactly when the tag rules call for a rebuild.

terraform {
  required_providers {
    tagpolicy = {
      source = "tagpolicy/tagpolicy"
    }
  }
}

variable "templates" {
  description = "Coder template name → its workspace image, by tag. Each template's directory (templates/NAME) declares a workspace_image variable."
  type = map(object({
    image = string
    # The provisioner's platform. buildx attaches a provenance attestation to every build, so an
    # index digest moves on every push even when no image in it changed; a platform pin moves only
    # when this platform's image does.
    platform = optional(string, "linux/amd64")
  }))
  default = {
    "docker-golang" = {
      image = "registry.acme.internal:5000/acme/platform/golang:v1"
    }
    "docker-python" = {
      image = "registry.acme.internal:5000/acme/data/python:v3"
    }
  }
}

variable "registry_ca_pem" {
  description = "PEM CA certificates for a registry with a private CA; null trusts the system's."
  type        = string
  default     = null
}

provider "tagpolicy" {
  # Coder's sample tagging scheme, enforced: it ends in {majorversion}, so major tags are the only
  # class it admits.
  allowed_registries    = ["registry.acme.internal:5000"]
  allowed_classes       = ["major"]
  enforce_naming_scheme = true
  ca_certificates       = var.registry_ca_pem

  # No keep_pin here: a pipeline that cannot reach the registry should fail loudly (exit 1) and
  # run again later, not report "nothing to push".
  on_registry_error = "fail"
}

resource "tagpolicy_pinned_image" "template" {
  for_each = var.templates

  image    = each.value.image
  platform = each.value.platform
  template = each.key
}

locals {
  # "<image>: <from> → <to> (<rebuild_reason>)", the template version's message in Coder. from and
  # to are the pinned digests (12 hex digits), to with the version the tag resolved to, if known.
  messages = {
    for name, pin in tagpolicy_pinned_image.template : name => format("%s: %s → %s (%s)",
      pin.image,
      pin.previous_digest == null ? "unpinned" : substr(pin.previous_digest, 0, 19),
      pin.version == null ? substr(pin.digest, 0, 19) : "${pin.version} (${substr(pin.digest, 0, 19)})",
      pin.rebuild_reason,
    )
  }
}

output "pinned_refs" {
  description = "Template name → the pinned image its workspaces run (host/repo:tag@sha256:…), for --variable workspace_image=…."
  value       = { for name, pin in tagpolicy_pinned_image.template : name => pin.pinned_ref }
}

output "push_messages" {
  description = "Template name → the message of the template version that carries the current pin."
  value       = local.messages
}

output "releases" {
  description = "One line per template, NAME<TAB>PINNED_REF<TAB>MESSAGE, for scripts without a JSON parser (push-templates.sh)."
  value = join("\n", [
    for name, pin in tagpolicy_pinned_image.template : join("\t", [name, pin.pinned_ref, local.messages[name]])
  ])
}
