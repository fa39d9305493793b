package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var _ function.Function = classifyTagFunction{}

func newClassifyTagFunction() function.Function { return classifyTagFunction{} }

type classifyTagFunction struct{}

func (classifyTagFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "classify_tag"
}

func (classifyTagFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Classify an image tag, offline.",
		MarkdownDescription: "Returns the class of a tag: `rolling` (" + quoted(tagpolicy.DefaultRollingTags) +
			", alone or with a suffix such as `lts-alpine`), `major` (`v1`, `3-alpine`, `bookworm`), `minor` (`v1.3`, " +
			"`20.04`, `jammy`, `1.23rc2`), `patch` (`v1.3.1`, `1.25.3-bookworm`, `10.0.20348.2527`, and any tag naming " +
			"a build: `1.25.3-1`, `12.6.0-debian-12-r5`) or `other` (`main`, `sha-1a2b3c`, `20240606`). Codenames are " +
			"the built-in Ubuntu, Debian and Node.js ones. Makes no network request. A tag cannot be `digest`: pass a " +
			"reference to `parse_reference` for that.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "tag", MarkdownDescription: "The tag alone, without repository, such as `20.04`."},
		},
		Return: function.StringReturn{},
	}
}

func (classifyTagFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var tag string
	if resp.Error = req.Arguments.Get(ctx, &tag); resp.Error != nil {
		return
	}
	if problem := tagProblem(tag); problem != "" {
		resp.Error = function.NewArgumentFuncError(0, problem)
		return
	}
	resp.Error = resp.Result.Set(ctx, string(tagpolicy.NewClassifier(nil).ClassifyTag(tag)))
}

// tagProblem checks a function's tag argument against the distribution grammar and says, as the
// message Terraform shows, what is wrong; "" when the tag is valid.
func tagProblem(tag string) string {
	if tagpolicy.ValidTag(tag) {
		return ""
	}
	return fmt.Sprintf("Invalid tag %q: a tag is 1 to 128 letters, digits, \"_\", \".\" or \"-\" and does not start with \".\" or \"-\", such as \"v1.3.1\"; give the tag alone, without the repository", tag)
}
