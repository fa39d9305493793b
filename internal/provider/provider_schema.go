package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// Values of the enumerated provider attributes, named once.
const (
	enforcementError = "error"
	enforcementWarn  = "warn"

	onRegistryErrorFail    = "fail"
	onRegistryErrorKeepPin = "keep_pin"

	// The client's defaults are the provider's: stated once, in internal/registry, and rendered into
	// the descriptions below.
	defaultRequestTimeout = registry.DefaultTimeout
	defaultMaxRetries     = registry.DefaultMaxRetries
	maxMaxRetries         = 10

	// The bounds of version_lookup_limit: a handful of HEADs finds a moving tag's version in a search
	// by major; a hundred is already a scan no plan should pay for.
	defaultVersionLookupLimit = 10
	maxVersionLookupLimit     = 100
)

func classNames() []string {
	var names []string
	for _, c := range tagpolicy.Classes() {
		names = append(names, string(c))
	}
	return names
}

func quoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

func providerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The tagpolicy provider pins container images by digest and proposes a rebuild " +
			"exactly when Coder's image-tag rules call for one. Every attribute is optional; without any, " +
			"images from every registry and of every class are allowed and credentials come from the Docker " +
			"config keychain.",
		Attributes: map[string]schema.Attribute{
			"allowed_registries": schema.ListAttribute{
				ElementType: stringType,
				Optional:    true,
				MarkdownDescription: "Registries images may come from, each `host`, `host:port` or `*.suffix` " +
					"(any host ending in `.suffix`, on any port). Any other registry is a policy violation, " +
					"Docker Hub included: `ubuntu` means `index.docker.io/library/ubuntu`, written here as " +
					"`docker.io`. When unset, every registry is allowed.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(checkString("Invalid Registry Pattern", tagpolicy.ValidateRegistryPattern,
						"must be a registry pattern: `host`, `host:port` or `*.suffix`")),
				},
			},
			"allowed_classes": schema.SetAttribute{
				ElementType: stringType,
				Optional:    true,
				MarkdownDescription: "Tag classes images may use, any of " + quoted(classNames()) + ". " +
					"For example, leave out `rolling` to forbid `latest` in production. When unset, every class is allowed.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(classNames()...)),
				},
			},
			"naming_scheme": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Template that image references are matched against, over the normalised " +
					"reference. `{registry}` matches `host[:port]` and yields `registry`, `host` and `port`; " +
					"`{name}` matches one path segment; `{name?}` an optional one; the placeholder after `:` " +
					"captures the tag, and the names `{majorversion}` and `{version}` also require a major / " +
					"any version tag; other text is literal. Defaults to `" + tagpolicy.DefaultScheme + "`.",
				Validators: []validator.String{
					checkString("Invalid Naming Scheme", func(s string) error { _, err := tagpolicy.ParseScheme(s); return err },
						"must be a naming scheme template"),
				},
			},
			"enforce_naming_scheme": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "When `true`, an image that does not match `naming_scheme` is a policy violation. " +
					"Defaults to `false`: the match is only reported (`scheme_match`).",
			},
			"policy_enforcement": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What a policy violation does: `" + enforcementError + "` (the default) fails " +
					"the plan (provider configuration is not available at `terraform validate`) before any registry request; `" + enforcementWarn + "` reports a warning and goes on.",
				Validators: []validator.String{stringvalidator.OneOf(enforcementError, enforcementWarn)},
			},
			"rolling_tags": schema.SetAttribute{
				ElementType: stringType,
				Optional:    true,
				MarkdownDescription: "Tags that are `rolling`: they follow whatever the publisher points them at. " +
					"Replaces the default set " + quoted(tagpolicy.DefaultRollingTags) + ".",
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(tagValidator()),
				},
			},
			"insecure_registries": schema.SetAttribute{
				ElementType: stringType,
				Optional:    true,
				MarkdownDescription: "Registries (`host` or `host:port`) reached over plain HTTP. Every other " +
					"registry is reached over HTTPS with certificate verification; loopback addresses may use plain HTTP.",
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(checkString("Invalid Registry Address", validateRegistryAddress, "must be `host` or `host:port`")),
				},
			},
			"ca_certificates": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "PEM-encoded CA certificates trusted in addition to the system's, for " +
					"registries with a private CA (for example `file(\"ca.pem\")`).",
				Validators: []validator.String{checkString("Invalid CA Certificates", validatePEM, "must hold PEM certificates")},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long one registry request may take, as a Go duration (`30s`, `2m`). " +
					"A registry that does not answer in time fails the lookup at once: a timed-out request is not " +
					"retried. It also bounds each run of a Docker credential helper (`credsStore`, `credHelpers`), " +
					"which is stopped when it runs longer or the operation is interrupted. Defaults to `" + defaultRequestTimeout.String() + "`.",
				Validators: []validator.String{checkString("Invalid Duration", validateTimeout, "must be a positive duration")},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How often a request is retried after a 408, 429 or 5xx answer or a "+
					"dropped connection, with exponential backoff, honouring `Retry-After` up to `%s` (a registry "+
					"asking for a longer wait fails at once, saying when to retry). Attempts are at least `%s` apart, "+
					"and no retry starts more than `%s` after a request's first attempt. Defaults to `%d`; at most `%d`.",
					registry.DefaultRetryAfterCap, registry.DefaultBackoff, registry.DefaultRetryBudget, defaultMaxRetries, maxMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"on_registry_error": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What `tagpolicy_pinned_image` does when the registry cannot be read during plan: " +
					"`" + onRegistryErrorFail + "` (the default) fails the plan and leaves the state untouched; `" +
					onRegistryErrorKeepPin + "` warns and keeps the current pin. Data sources always fail.",
				Validators: []validator.String{stringvalidator.OneOf(onRegistryErrorFail, onRegistryErrorKeepPin)},
			},
			"codenames": schema.MapAttribute{
				ElementType: stringType,
				Optional:    true,
				MarkdownDescription: "Extra release codenames, each mapped to the version line it names " +
					"(`{ plucky = \"25.04\" }`), added to the built-in table of Ubuntu (`focal` 20.04, `jammy` 22.04, " +
					"`noble` 24.04, …), Debian (`bullseye` 11, `bookworm` 12, `trixie` 13, …) and Node.js " +
					"(`hydrogen` 18, `iron` 20, `jod` 22, `krypton` 24, …) codenames; an entry here wins over a " +
					"built-in one. A codename tag is the line it names: `plucky` is minor 25.04, `plucky-slim` the " +
					"same line with suffix `slim`. Names are lowercase letters; lines have one or two components.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(checkString("Invalid Codename", func(s string) error { return codenameError(s, "1") },
						"must be lowercase letters only")),
					mapvalidator.ValueStringsAre(checkString("Invalid Codename Line", func(s string) error { return codenameError("x", s) },
						"must be a version of one or two components, e.g. `25.04` or `13`")),
				},
			},
			"version_lookup_limit": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many HEAD requests `tagpolicy_pinned_image` may spend finding which "+
					"version a moving tag (`latest`, `v1`, `lts-alpine`) points to, when a pin is made and when its "+
					"digest moved. The lookup searches the newest tag of each major first, then narrows inside the "+
					"major that matched; when the budget is spent without a match the version is unknown and a move "+
					"counts as `rebuild`. `0` turns the lookup off. Defaults to `%d`; at most `%d`.", defaultVersionLookupLimit, maxVersionLookupLimit),
				Validators: []validator.Int64{int64validator.Between(0, maxVersionLookupLimit)},
			},
		},
		Blocks: map[string]schema.Block{
			"registry_auth": schema.ListNestedBlock{
				MarkdownDescription: "Credentials for one registry, taking precedence over the Docker config keychain " +
					"(`DOCKER_CONFIG`, `~/.docker/config.json` and its credential helpers), which is used for every " +
					"other registry. Give either `username` and `password`, or `config_file`.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"address": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The registry, `host` or `host:port`, as written in image references (`docker.io` for Docker Hub).",
							Validators: []validator.String{
								checkString("Invalid Registry Address", validateRegistryAddress, "must be `host` or `host:port`"),
							},
						},
						"username": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "User name for basic or token authentication. Requires `password`.",
							Validators: []validator.String{
								stringvalidator.LengthAtLeast(1),
								stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("password")),
								stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("config_file")),
							},
						},
						"password": schema.StringAttribute{
							Optional:            true,
							Sensitive:           true,
							MarkdownDescription: "Password or access token. Sensitive: it never reaches state, plan output or logs. Requires `username`.",
							Validators: []validator.String{
								stringvalidator.LengthAtLeast(1),
								stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("username")),
							},
						},
						"config_file": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "Path of a Docker `config.json` whose `auths` entry for `address` is used.",
							Validators: []validator.String{
								stringvalidator.LengthAtLeast(1),
								stringvalidator.ExactlyOneOf(path.MatchRelative().AtParent().AtName("username")),
							},
						},
					},
				},
			},
		},
	}
}

// codenameError is tagpolicy.CheckCodename as an error, for the schema validators.
func codenameError(name, line string) error {
	if reason := tagpolicy.CheckCodename(name, line); reason != "" {
		return errors.New(reason)
	}
	return nil
}
