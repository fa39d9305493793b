package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var _ function.Function = parseReferenceFunction{}

func newParseReferenceFunction() function.Function { return parseReferenceFunction{} }

// parseReferenceFunction parses an image reference offline, with the default rolling set (functions
// cannot read the provider configuration).
type parseReferenceFunction struct{}

var referenceObjectType = map[string]attr.Type{
	"registry": types.StringType, "repository": types.StringType, "tag": types.StringType, "digest": types.StringType,
	"class": types.StringType, "version": types.StringType, "suffix": types.StringType,
	"prerelease": types.StringType, "build": types.StringType,
}

func (parseReferenceFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_reference"
}

func (parseReferenceFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Parse and classify an image reference, offline.",
		MarkdownDescription: "Parses an image reference the way the provider does and returns an object with " +
			"`registry` (normalised `host[:port]`, `index.docker.io` for Docker Hub), `repository` (`library/ubuntu` " +
			"for `ubuntu`), `tag` (`latest` when neither tag nor digest is given; null for a bare digest), `digest` " +
			"(null when none), `class` (`rolling`, `major`, `minor`, `patch`, `digest` or `other`, with the default " +
			"rolling set " + quoted(tagpolicy.DefaultRollingTags) + " and the built-in codenames), `version` (the number " +
			"with its prerelease, `3.15.0a2`; for a codename the line it names, `22.04` for `jammy`), `suffix` (the " +
			"compatibility line, `debian-12` for `12.6.0-debian-12-r5`, `alpine` for `lts-alpine`), `prerelease` (`a2`, " +
			"`rc.1`) and `build` (`r5`, `1214.1717558146`, `20240605` for `noble-20240605`), each null when the tag " +
			"has none. Makes no network request.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "ref",
				MarkdownDescription: "The image reference, `[registry[:port]/]repository[:tag][@sha256:digest]`.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: referenceObjectType},
	}
}

func (parseReferenceFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var in string
	resp.Error = req.Arguments.Get(ctx, &in)
	if resp.Error != nil {
		return
	}
	ref, err := tagpolicy.ParseReference(in)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, functionErrorText(err))
		return
	}
	info := tagpolicy.NewClassifier(nil).ParseTag(ref.Tag)
	if ref.Tag == "" {
		info = tagpolicy.TagInfo{}
	}
	obj, diags := types.ObjectValue(referenceObjectType, map[string]attr.Value{
		"registry":   types.StringValue(ref.Registry),
		"repository": types.StringValue(ref.Repository),
		"tag":        nullIfEmpty(ref.Tag),
		"digest":     nullIfEmpty(ref.Digest),
		"class":      types.StringValue(string(tagpolicy.NewClassifier(nil).Classify(ref))),
		"version":    nullIfEmpty(info.Version),
		"suffix":     nullIfEmpty(info.Suffix),
		"prerelease": nullIfEmpty(info.Prerelease),
		"build":      nullIfEmpty(info.Build),
	})
	resp.Error = function.FuncErrorFromDiags(ctx, diags)
	if resp.Error == nil {
		resp.Error = resp.Result.Set(ctx, obj)
	}
}
