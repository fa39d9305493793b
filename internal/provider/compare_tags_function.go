package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var _ function.Function = compareTagsFunction{}

func newCompareTagsFunction() function.Function { return compareTagsFunction{} }

type compareTagsFunction struct{}

func (compareTagsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "compare_tags"
}

func (compareTagsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Compare two version tags, offline.",
		MarkdownDescription: "Says what moving from one tag to another is: `none` (the same version, the same tag " +
			"included), `rebuild` (the same version, another build: `1.25.3-1` to `1.25.3-2`), `patch`, `minor` or " +
			"`major` (`to` is higher at that level; a fourth component and a prerelease moving towards its release, " +
			"`3.0.0-rc.1` to `3.0.0`, are `patch`), `rollback` (`to` is lower), or `incompatible` (not both version " +
			"tags, or of different lines: another suffix, precision, a build against none, or a codename against a " +
			"number; `1.3-alpine` and `1.4` are different lines, and so are `v1` and `v1.3`). A leading `v` does not " +
			"matter; codenames are the built-in ones (`focal` to `jammy` is `major`). Makes no network request.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "from", MarkdownDescription: "The tag moved from, such as `20.04`."},
			function.StringParameter{Name: "to", MarkdownDescription: "The tag moved to, such as `22.04`."},
		},
		Return: function.StringReturn{},
	}
}

func (compareTagsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var from, to string
	if resp.Error = req.Arguments.Get(ctx, &from, &to); resp.Error != nil {
		return
	}
	for i, tag := range []string{from, to} {
		if problem := tagProblem(tag); problem != "" {
			resp.Error = function.NewArgumentFuncError(int64(i), problem)
			return
		}
	}
	resp.Error = resp.Result.Set(ctx, string(tagpolicy.CompareTags(from, to)))
}
