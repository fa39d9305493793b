// Package registry is the provider's client for OCI / Docker registries.
//
// It wraps go-containerregistry with the policy the provider promises its
// users: at most one manifest request per unique reference (a HEAD, so a tag
// lookup never counts as a pull), at most one token request per repository,
// one ping per registry, bounded retries that honour Retry-After, verified
// TLS unless a registry is listed insecure, no token request to a realm on a
// metadata, link-local or foreign private address, credentials that never
// reach an error or a log line, and typed errors ([ErrNotFound],
// [ErrUnauthorized], …) that the provider turns into diagnostics.
//
// References come in as strings and are parsed with go-containerregistry's
// pkg/name; this package knows nothing about Terraform or the tag rules.
package registry
