// Package tfsetup installs the provider the way users get it and runs Terraform or OpenTofu
// against it, for the end-to-end suite (internal/e2e) and `make demo` alike.
//
// The provider is built with the flags of .goreleaser.yml and laid out in a filesystem mirror
// exactly as `terraform init` would unpack it from the registry; a CLI configuration file
// (TF_CLI_CONFIG_FILE) makes the mirror the only source of tagpolicy/tagpolicy, so
// configurations say `source = "tagpolicy/tagpolicy"` as users do, and nothing is downloaded.
package tfsetup
