provider "tagpolicy" {
  # Only the internal registries; Docker Hub ("ubuntu") is a violation.
  allowed_registries = ["registry.acme.internal:5000", "*.registry.acme.internal"]

  # Coder's sample tagging scheme: registry:port/company/department/software:majorversion. Its tag
  # placeholder {majorversion} admits major tags (v1) only, so allowed_classes says the same: no
  # rolling "latest", no minor or patch tag. A scheme ending in {version} admits minor and patch too.
  naming_scheme         = "{registry}/{company?}/{department}/{software}:{majorversion}"
  enforce_naming_scheme = true
  allowed_classes       = ["major"]
  policy_enforcement    = "error"

  registry_auth {
    address  = "registry.acme.internal:5000"
    username = "coder-ci"
    password = var.registry_password
  }

  request_timeout   = "30s"
  max_retries       = 3
  on_registry_error = "fail"

  # Codenames the built-in Ubuntu, Debian and Node.js table does not know yet.
  codenames = { plucky = "25.04" }

  # HEAD requests a moving tag's version lookup may spend (the default).
  version_lookup_limit = 10
}

variable "registry_password" {
  type      = string
  sensitive = true
}
