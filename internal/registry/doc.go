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
// A hostile registry cannot exhaust it or walk it elsewhere: every body is
// read through one bounded reader (body.go), tag pagination ends when it
// stops making progress (tags.go), every request follows redirects under
// one policy shared with token realms (redirect.go, realm.go), retries are
// bounded in attempts and in total time (retry.go), credential helpers run
// under the request timeout and the caller's context (helper.go), token
// renewal is serialised in the client's own bearer transport (bearer.go),
// and registry text is stripped of control characters before it leaves the
// package (text.go).
//
// The transport stack, top down: bearer or basic auth (per repository),
// User-Agent, retries, redirects, the per-host request limit, the
// per-request timeout, the plain-HTTP policy, the connection pool.
//
// References come in as strings and are parsed with go-containerregistry's
// pkg/name; this package knows nothing about Terraform or the tag rules.
package registry
