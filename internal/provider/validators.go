package provider

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var stringType = types.StringType

// tagValidator checks a tag with the one tag grammar, tagpolicy.ValidTag, which reference parsing,
// the functions, the registry client and the test registry use too.
func tagValidator() validator.String {
	return checkString("Invalid Tag", validateTag,
		"must be a valid tag: letters, digits, `_`, `.` and `-`, at most 128 characters, not starting with `.` or `-`")
}

func validateTag(s string) error {
	if !tagpolicy.ValidTag(s) {
		return fmt.Errorf("%q is not a tag", s)
	}
	return nil
}

// checkString adapts a pure check from internal/tagpolicy (or this package) into a schema validator,
// so each rule is written once and reported on the attribute at fault.
func checkString(summary string, check func(string) error, description string) validator.String {
	return stringCheck{summary: summary, check: check, description: description}
}

type stringCheck struct {
	summary     string
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary,
			fmt.Sprintf("%s %s: %s.", req.Path, v.description, err))
	}
}

func validatePEM(s string) error {
	rest := []byte(s)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Errorf("found a PEM block of type %q; only CERTIFICATE blocks belong here", block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("certificate %d does not parse: %w", n+1, err)
		}
		n++
	}
	if n == 0 {
		return errors.New("no PEM certificate found; give the content of a CA file, e.g. file(\"ca.pem\"), not its path")
	}
	return nil
}

func validateTimeout(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration; write it like \"30s\" or \"2m\"", s)
	}
	if d <= 0 {
		return fmt.Errorf("%q is not positive", s)
	}
	return nil
}

// validateRegistryAddress accepts a registry address as host[:port], read by the one registry-address
// grammar (tagpolicy.NormalizeRegistryAddress) that the registry client and the duplicate check use.
func validateRegistryAddress(s string) error {
	if strings.Contains(s, "/") {
		return errors.New("give the host and port only, without a scheme or path")
	}
	_, err := tagpolicy.NormalizeRegistryAddress(s)
	return err
}
