// Package registrytest runs an in-process OCI registry for tests and demos.
//
// It wraps go-containerregistry's in-memory registry with what the provider's
// tests need to observe and provoke: a request log, a count of connections
// accepted, latency, Basic and Docker token (Bearer) authentication (with a
// realm of the test's choosing, if it likes), distribution-style tag
// pagination with Link headers, and injectable faults (429, 5xx, missing or
// wrong digest headers, HEAD refused, hung requests), and hostile behaviour
// (hostile.go: a never-ending tag page, endless Link pagination, redirects
// anywhere, escape-laden error messages, raw tag lists, Bearer challenges
// naming any realm; single-use tokens and rotating refresh tokens; nested
// indexes and raw manifests). Content is seeded with
// Push and friends, which talk to the backing store directly and so bypass
// auth, faults, latency and the log.
//
// Only New depends on package testing; Start serves non-test programs such as
// `make demo`.
package registrytest
