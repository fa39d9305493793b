// Package e2e holds the end-to-end suite: the provider built as a release, installed from a
// filesystem mirror under its registry address, driven by real Terraform and OpenTofu binaries
// against a real registry (Debian's docker-registry, CNCF distribution 2.8) over TLS with
// htpasswd authentication.
//
// `make test` and `make teste2e` build the tools and pass their paths in E2E_TERRAFORM,
// E2E_TOFU, E2E_CODER_PROVIDER and E2E_DOCKER_REGISTRY; without them the scenarios skip and
// say which variable is missing, so plain `go test ./...` stays quick.
package e2e
