// Package e2e holds the end-to-end suite: the provider built as a release, installed from a
// filesystem mirror under its registry address, driven by real Terraform and OpenTofu binaries
// (Terraform 1.8.5, OpenTofu 1.6.3 and the newest OpenTofu) against a real registry (Debian's
// docker-registry, CNCF distribution 2.8) over TLS with htpasswd authentication. The example Coder
// template runs its workspace container on the machine's Docker engine with kreuzwerker/docker,
// and every directory under examples/ is validated and planned as written.
//
// `make test` and `make teste2e` build the tools and pass their paths in E2E_TERRAFORM,
// E2E_TOFU, E2E_TOFU_NEW, E2E_CODER_PROVIDER, E2E_DOCKER_PROVIDER and E2E_DOCKER_REGISTRY;
// without them the scenarios skip and say which variable is missing, so plain `go test ./...`
// stays quick. Where no Docker engine answers, the Docker scenario skips and says so.
package e2e
