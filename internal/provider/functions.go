package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// functions lists the provider functions; each lives in its own *_function.go file.
func functions() []func() function.Function {
	return []func() function.Function{newParseReferenceFunction, newClassifyTagFunction, newCompareTagsFunction}
}

// functionErrorText is an error as a function argument error: Terraform itself ends the sentence
// ("Invalid value for \"ref\" parameter: %s."), so the text must not end with a period.
func functionErrorText(err error) string {
	var refErr *tagpolicy.ReferenceError
	if errors.As(err, &refErr) {
		return fmt.Sprintf("Invalid image reference %q: %s", refErr.Input, strings.TrimRight(refErr.Reason, "."))
	}
	return strings.TrimRight(err.Error(), ".")
}
