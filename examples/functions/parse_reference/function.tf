# Parse and classify offline: no registry request.
output "golang" {
  value = provider::tagpolicy::parse_reference("registry.acme.internal:5000/acme/platform/golang:v1.3-alpine")
  # {
  #   registry   = "registry.acme.internal:5000"
  #   repository = "acme/platform/golang"
  #   tag        = "v1.3-alpine"
  #   digest     = null
  #   class      = "minor"
  #   version    = "1.3"
  #   suffix     = "alpine"
  # }
}

# Docker Hub defaults are made explicit: "ubuntu" is index.docker.io/library/ubuntu:latest.
output "hub_registry" {
  value = provider::tagpolicy::parse_reference("ubuntu").registry # "index.docker.io"
}
