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
		MarkdownDescription: "Says what moving from one tag to another is: `none` (the same version), `patch`, " +
			"`minor` or `major` (`to` is higher at that level), `rollback` (`to` is lower), or `incompatible` (not " +
			"both version tags, or of different suffix or precision: `1.3-alpine` and `1.4` are different lines, and " +
			"so are `v1` and `v1.3`). A leading `v` does not matter. Makes no network request.",
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
