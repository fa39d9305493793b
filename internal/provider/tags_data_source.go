package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var _ datasource.DataSourceWithConfigure = (*tagsDataSource)(nil)

func newTagsDataSource() datasource.DataSource { return &tagsDataSource{} }

type tagsDataSource struct{ data *providerData }

type tagsDataSourceModel struct {
	Repository types.String `tfsdk:"repository"`
	Track      types.String `tfsdk:"track"`
	Pattern    types.String `tfsdk:"pattern"`
	Tags       types.List   `tfsdk:"tags"`
	Newest     types.String `tfsdk:"newest"`
	Newer      types.List   `tfsdk:"newer"`
}

var tagObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "class": types.StringType, "version": types.StringType, "suffix": types.StringType,
}}

func (d *tagsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tags"
}

func (d *tagsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a repository's tags, classified and in version order, following the registry's " +
			"pagination to the end. With `track`, reports which tags of the same line are newer, so a template " +
			"author sees that `20.04` has `24.04` and `22.04` ahead of it without ever moving to them automatically.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The repository, `[registry[:port]/]path`, without tag or digest (`ubuntu` means " +
					"`index.docker.io/library/ubuntu`). `allowed_registries` applies to it.",
				Validators: []validator.String{repositoryReference()},
			},
			"track": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A tag to compare against, such as `20.04` or `v1-alpine`: `newest` is then the newest " +
					"version tag with its suffix, and `newer` lists the newer tags of its suffix and precision.",
				Validators: []validator.String{stringvalidator.RegexMatches(tagPattern,
					"must be a valid tag: letters, digits, `_`, `.` and `-`, at most 128 characters, not starting with `.` or `-`")},
			},
			"pattern": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A regular expression (RE2 syntax) that tags must match to be listed, e.g. `^v[0-9]+`. " +
					"It filters `tags`, `newest` and `newer` alike.",
				Validators: []validator.String{checkString("Invalid Pattern", func(s string) error {
					_, err := regexp.Compile(s)
					return err
				}, "must be a regular expression in RE2 syntax")},
			},
			"tags": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The tags: version tags newest first (by version, then by precision), then the " +
					"others by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":    computedString("The tag."),
					"class":   computedString("Its class: `rolling`, `major`, `minor`, `patch` or `other`."),
					"version": computedString("Its version without `v` and suffix; null for tags that are not versions."),
					"suffix":  computedString("Its compatibility suffix; null when there is none."),
				}},
			},
			"newest": computedString("The newest version tag (with the suffix of `track` when given). Null when there is none."),
			"newer": schema.ListAttribute{
				ElementType: types.StringType,
				Computed:    true,
				MarkdownDescription: "With `track`: the tags of the same suffix and precision that are newer, newest first " +
					"(for `20.04`: `[\"24.04\", \"22.04\", …]`). Null without `track`.",
			},
		},
	}
}

func (d *tagsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *tagsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m tagsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data == nil {
		return
	}
	repoPath := path.Root("repository")
	ref, err := tagpolicy.ParseReference(m.Repository.ValueString())
	if err != nil {
		addInvalidReference(&resp.Diagnostics, repoPath, m.Repository.ValueString(), err)
		return
	}
	if addPolicyViolations(&resp.Diagnostics, repoPath, ref.Name(), d.data.policy.CheckRegistry(ref), d.data.warnOnly) {
		return
	}
	names, err := d.data.client.ListTags(ctx, ref.Name())
	if err != nil {
		addRegistryError(&resp.Diagnostics, repoPath, err)
		return
	}
	if !m.Pattern.IsNull() {
		// Validated at validate time, but a value that was unknown then arrives here unchecked.
		re, err := regexp.Compile(m.Pattern.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("pattern"), "Invalid Pattern",
				fmt.Sprintf("pattern must be a regular expression in RE2 syntax: %s.", err))
			return
		}
		names = filterTags(names, re)
	}

	track := m.Track.ValueString()
	infos := tagpolicy.SortTags(names, d.data.classifier)
	elems := make([]attr.Value, 0, len(infos))
	for _, t := range infos {
		obj, diags := types.ObjectValue(tagObjectType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(t.Name), "class": types.StringValue(string(t.Class)),
			"version": nullIfEmpty(t.Version), "suffix": nullIfEmpty(t.Suffix),
		})
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	tags, diags := types.ListValue(tagObjectType, elems)
	resp.Diagnostics.Append(diags...)
	m.Tags = tags
	m.Newest = nullIfEmpty(tagpolicy.Newest(names, track, d.data.classifier))
	m.Newer = types.ListNull(types.StringType)
	if track != "" {
		newer, diags := types.ListValueFrom(ctx, types.StringType, nonNil(tagpolicy.Newer(names, track, d.data.classifier)))
		resp.Diagnostics.Append(diags...)
		m.Newer = newer
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func filterTags(names []string, re *regexp.Regexp) []string {
	var out []string
	for _, n := range names {
		if re.MatchString(n) {
			out = append(out, n)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// repositoryReference validates a repository: a reference without tag or digest.
func repositoryReference() validator.String {
	return checkString("Invalid Repository", func(s string) error {
		ref, err := tagpolicy.ParseReference(s)
		if err != nil {
			return err
		}
		if hasExplicitTag(s) {
			return fmt.Errorf("%q names a tag or digest; give the repository alone, e.g. %q", s, ref.Name())
		}
		return nil
	}, "must be a repository, [registry[:port]/]path, without tag or digest")
}

// hasExplicitTag reports a ":tag" after the last "/" (a ":" before it belongs to a registry port).
func hasExplicitTag(s string) bool {
	for i := len(s) - 1; i >= 0 && s[i] != '/'; i-- {
		if s[i] == ':' || s[i] == '@' {
			return true
		}
	}
	return false
}
