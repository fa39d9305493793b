package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// Every diagnostic the provider reports is built here, so summaries and advice read alike everywhere.

// registryProblem explains one kind of registry failure: a Title Case summary and what to do next.
type registryProblem struct {
	kind    error
	summary string
	advice  string
}

// registryProblems is checked in order: the more specific kinds first.
var registryProblems = []registryProblem{
	{registry.ErrTagNotFound, "Image Tag Not Found",
		"Check the tag for typos; the tagpolicy_tags data source lists the tags the repository has. If the tag was deleted on purpose, point image at one that exists."},
	{registry.ErrRepositoryNotFound, "Image Repository Not Found",
		"Check the registry host and the repository path (Docker Hub names without a registry host, such as \"ubuntu\", mean index.docker.io/library/ubuntu)."},
	{registry.ErrNotFound, "Image Not Found",
		"Check the reference; the tagpolicy_tags data source lists the tags the repository has."},
	{registry.ErrUnauthorized, "Registry Authentication Failed",
		"The registry rejected the credentials, or needs some. Give a registry_auth block for this registry in the provider configuration, or log in so that the Docker config (DOCKER_CONFIG or ~/.docker/config.json) holds valid credentials."},
	{registry.ErrDenied, "Registry Denied Access",
		"The credentials were accepted but may not pull this repository. Ask the registry's administrators for pull access, or use credentials that have it."},
	{registry.ErrRateLimited, "Registry Rate Limit Reached",
		"The registry throttled the requests even after retrying. Wait and run again, authenticate to get a higher limit, or raise max_retries."},
	{registry.ErrTimeout, "Registry Request Timed Out",
		"The registry did not answer within request_timeout. Check that it is reachable from here, or raise request_timeout in the provider configuration."},
	{registry.ErrTLS, "Registry Certificate Not Trusted",
		"The registry's TLS certificate did not verify, or it answered plain HTTP where HTTPS was expected. For a registry with a private CA, give the CA in ca_certificates; for a plain-HTTP registry you trust, list it in insecure_registries."},
	{registry.ErrCanceled, "Registry Request Canceled",
		"Terraform stopped the operation (for example Ctrl-C) while the registry was being asked; nothing was changed. Run again."},
	{registry.ErrUnavailable, "Registry Unavailable",
		"The registry could not be reached or answered with a server error, also after retrying. Check that it is running and reachable, then run again."},
	{registry.ErrPlatformNotFound, "Platform Not Found",
		"Set platform to one the image provides, or leave it unset to pin the image index itself."},
	{registry.ErrTooManyTags, "Too Many Tags",
		"The repository has more tags than the provider lists. Use a repository with fewer tags or prune old ones."},
	{registry.ErrInvalidReference, "Invalid Image Reference",
		"Write the reference as [registry[:port]/]repository[:tag][@sha256:digest], in lowercase."},
	{registry.ErrInvalidPlatform, "Invalid Platform",
		"Write the platform as os/architecture[/variant], for example \"linux/amd64\" or \"linux/arm64/v8\"."},
	{registry.ErrUnsafeRealm, "Unsafe Registry Token Realm",
		"The registry sent clients for a token to an address that could reach internal services (link-local, cloud metadata, or a private address other than the registry's own), so no request was sent there. If the registry is yours, fix its token realm; otherwise do not use it."},
	{registry.ErrUnsafeRedirect, "Unsafe Registry Redirect",
		"The registry redirected a request where the provider does not follow: to another origin for a manifest, tag list or credentials, to an address that could reach internal services, from HTTPS to plain HTTP, or in a loop. If the registry is yours, serve manifests and tags from the registry itself; otherwise do not use it."},
	{registry.ErrBadResponse, "Invalid Registry Response",
		"The registry's answer could not be trusted (malformed, or its digest did not match the content). Check the registry, or any proxy in front of it."},
}

// registryErrorDiag turns a registry error into a diagnostic summary and detail that name the
// registry, the reference and the cause, and say what to do next.
func registryErrorDiag(err error) (summary, detail string) {
	for _, p := range registryProblems {
		if errors.Is(err, p.kind) {
			return p.summary, fmt.Sprintf("%s.\n\n%s", strings.TrimSuffix(err.Error(), "."), p.advice)
		}
	}
	return "Registry Request Failed", fmt.Sprintf("%s.\n\nCheck the registry and the reference, then run again.", strings.TrimSuffix(err.Error(), "."))
}

func addRegistryError(diags *diag.Diagnostics, at path.Path, err error) {
	summary, detail := registryErrorDiag(err)
	diags.AddAttributeError(at, summary, detail)
}

func addRegistryWarning(diags *diag.Diagnostics, at path.Path, err error, consequence string) {
	summary, detail := registryErrorDiag(err)
	diags.AddAttributeWarning(at, summary, consequence+"\n\n"+detail)
}

// addInvalidReference reports a reference that does not parse, on the attribute that holds it.
func addInvalidReference(diags *diag.Diagnostics, at path.Path, ref string, err error) {
	diags.AddAttributeError(at, "Invalid Image Reference",
		fmt.Sprintf("%q is not a valid image reference: %s.\n\nWrite it as [registry[:port]/]repository[:tag][@sha256:digest], in lowercase, for example \"registry.acme.internal:5000/acme/platform/golang:v1\".",
			ref, strings.TrimSuffix(err.Error(), ".")))
}

// addPolicyViolations reports every policy violation of a reference: as errors, or as warnings when
// policy_enforcement is "warn". It returns whether the caller must stop before any request.
func addPolicyViolations(diags *diag.Diagnostics, at path.Path, ref string, violations []tagpolicy.Violation, warnOnly bool) (stop bool) {
	for _, v := range violations {
		summary := "Image Policy Violation"
		detail := fmt.Sprintf("%s breaks the provider's %s rule: %s", ref, v.Rule, v.Message)
		if warnOnly {
			diags.AddAttributeWarning(at, summary, detail+"\n\npolicy_enforcement is \"warn\", so the lookup goes on.")
			continue
		}
		diags.AddAttributeError(at, summary, detail+"\n\nNo request was sent to the registry. Set policy_enforcement = \"warn\" in the provider configuration to report violations without failing.")
	}
	return len(violations) > 0 && !warnOnly
}

// errorsIsPlatform says whether a registry error is about the requested platform, so it is reported there.
func errorsIsPlatform(err error) bool {
	return errors.Is(err, registry.ErrPlatformNotFound) || errors.Is(err, registry.ErrInvalidPlatform)
}

// prefixDetails returns the diagnostics with prefix before each detail, each kept on its attribute.
func prefixDetails(in diag.Diagnostics, prefix string) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(in))
	for _, d := range in {
		wp, ok := d.(diag.DiagnosticWithPath)
		switch {
		case ok && d.Severity() == diag.SeverityError:
			out = append(out, diag.NewAttributeErrorDiagnostic(wp.Path(), d.Summary(), prefix+d.Detail()))
		case ok:
			out = append(out, diag.NewAttributeWarningDiagnostic(wp.Path(), d.Summary(), prefix+d.Detail()))
		case d.Severity() == diag.SeverityError:
			out = append(out, diag.NewErrorDiagnostic(d.Summary(), prefix+d.Detail()))
		default:
			out = append(out, diag.NewWarningDiagnostic(d.Summary(), prefix+d.Detail()))
		}
	}
	return out
}

// addRefreshRegistryError fails a plan with the registry error refresh kept for it: refresh itself
// never fails on one, so that destroy and -refresh-only work with the registry down.
func addRefreshRegistryError(diags *diag.Diagnostics, summary, detail string) {
	diags.AddAttributeError(imagePath, summary, "Refresh could not ask the registry whether the tag moved, so no rebuild can be decided; the pin is unchanged.\n\n"+detail+
		"\n\nTo plan anyway with the pins as they are, set on_registry_error = \"keep_pin\" in the provider configuration, or run plan (or destroy) with -refresh=false, which plans from the last observation without asking the registry.")
}

// addHeldUpdate warns that the tag moved but rebuild_on holds the update, naming its kind and version.
func addHeldUpdate(diags *diag.Diagnostics, image string, kind tagpolicy.UpdateKind, version, current, pin string) {
	to := current
	if version != "" {
		to = "version " + version + " (" + current + ")"
	}
	diags.AddAttributeWarning(path.Root("rebuild_on"), "Image Update Held By rebuild_on",
		fmt.Sprintf("%s now points to %s, a %s update, but rebuild_on does not include %q, so the pin %s stays and no rebuild is proposed. pending_update records it.\n\nAdd %q to rebuild_on to take such updates.",
			image, to, kind, kind, pin, kind))
}

// addNotConfigured reports a call the framework made before the provider was configured.
func addNotConfigured(diags *diag.Diagnostics) {
	diags.AddError("Provider Not Configured",
		"The tagpolicy provider was not configured before this operation. This is a bug in Terraform or the provider; please report it.")
}

// addDigestNotHeld reports an import whose digest the registry does not hold.
func addDigestNotHeld(diags *diag.Diagnostics, at path.Path, ref string, err error) {
	summary, detail := registryErrorDiag(err)
	if errors.Is(err, registry.ErrNotFound) {
		summary = "Pinned Digest Not Found"
	}
	diags.AddAttributeError(at, summary, fmt.Sprintf("The registry does not confirm that it holds %s, so it cannot be imported as a pin.\n\n%s\n\nImport a digest the registry holds: terraform state show or the tagpolicy_image data source give the one a tag points to.", ref, detail))
}

// addInvalidImportPlatform reports the platform part of an import ID that does not parse.
func addInvalidImportPlatform(diags *diag.Diagnostics, at path.Path, platform string, err error) {
	diags.AddAttributeError(at, "Invalid Platform",
		fmt.Sprintf("The import ID names the platform %q: %s.\n\nWrite the ID as host/repository:tag@sha256:…,os/architecture[/variant], for example \"registry.acme.internal:5000/acme/app:v1@sha256:…,linux/amd64\".",
			platform, strings.TrimSuffix(err.Error(), ".")))
}
