package tagpolicy

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func mustScheme(t *testing.T, tmpl string) *Scheme {
	t.Helper()
	s, err := ParseScheme(tmpl)
	if err != nil {
		t.Fatalf("ParseScheme(%q): %v", tmpl, err)
	}
	return s
}

func TestSchemeMatch(t *testing.T) {
	tests := []struct {
		scheme string
		ref    string
		want   map[string]string // nil: no match
		reason string            // substring of Explain when there is no match
	}{
		{DefaultScheme, "registry.acme.internal:5000/acme/platform/golang:v1",
			map[string]string{"registry": "registry.acme.internal:5000", "host": "registry.acme.internal", "port": "5000", "company": "acme", "department": "platform", "software": "golang", "majorversion": "v1"}, ""},
		{DefaultScheme, "registry.acme.internal:5000/platform/golang:v1",
			map[string]string{"registry": "registry.acme.internal:5000", "host": "registry.acme.internal", "port": "5000", "company": "", "department": "platform", "software": "golang", "majorversion": "v1"}, ""},
		{DefaultScheme, "ghcr.io/acme/platform/golang:3-alpine",
			map[string]string{"registry": "ghcr.io", "host": "ghcr.io", "port": "", "company": "acme", "department": "platform", "software": "golang", "majorversion": "3-alpine"}, ""},
		{DefaultScheme, "registry.acme.internal:5000/acme/platform/golang:v1@" + sha,
			map[string]string{"registry": "registry.acme.internal:5000", "host": "registry.acme.internal", "port": "5000", "company": "acme", "department": "platform", "software": "golang", "majorversion": "v1"}, ""},
		{DefaultScheme, "registry.acme.internal:5000/acme/platform/golang:latest", nil, `tag "latest" is not a major version tag (such as "v1") as {majorversion} requires`},
		{DefaultScheme, "registry.acme.internal:5000/acme/platform/golang:v1.3", nil, "not a major version tag"},
		{DefaultScheme, "registry.acme.internal:5000/golang:v1", nil, `repository "golang" has 1 path segment but "{company?}/{department}/{software}" needs 2 to 3`},
		{DefaultScheme, "ubuntu:20.04", nil, `tag "20.04" is not a major version tag`}, // library/ubuntu is department/software
		{DefaultScheme, "registry.acme.internal:5000/a/b/c/d:v1", nil, "has 4 path segments"},
		{DefaultScheme, "registry.acme.internal:5000/acme/platform/golang@" + sha, nil, "only a digest"},
		{"registry.acme.internal:5000/{department}/{software}:{version}", "registry.acme.internal:5000/platform/golang:v1.3.1",
			map[string]string{"department": "platform", "software": "golang", "version": "v1.3.1"}, ""},
		{"registry.acme.internal:5000/{department}/{software}:{version}", "registry.acme.internal:5000/platform/golang:main", nil, `tag "main" is not a version tag`},
		{"registry.acme.internal:5000/{department}/{software}:{version}", "ghcr.io/platform/golang:v1", nil, `registry "ghcr.io" is not "registry.acme.internal:5000"`},
		{"docker.io/library/{software}:{tag}", "ubuntu:jammy", map[string]string{"software": "ubuntu", "tag": "jammy"}, ""},
		{"{registry}/acme/{team?}/{app}:{tag}", "ghcr.io/acme/app:main", map[string]string{"registry": "ghcr.io", "host": "ghcr.io", "port": "", "team": "", "app": "app", "tag": "main"}, ""},
		{"{registry}/acme/{team?}/{app}:{tag}", "ghcr.io/other/app:main", nil, `repository "other/app" does not match "acme/{team?}/{app}"`},
		{"{registry}/{app}:stable", "ghcr.io/app:stable", map[string]string{"registry": "ghcr.io", "host": "ghcr.io", "port": "", "app": "app"}, ""},
		{"{registry}/{app}:stable", "ghcr.io/app:latest", nil, `tag "latest" is not "stable"`},
		{"{registry}/{a?}/{b?}/{c}:{tag}", "[::1]:5000/x/y:v1", map[string]string{"registry": "[::1]:5000", "host": "[::1]", "port": "5000", "a": "x", "b": "", "c": "y", "tag": "v1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.scheme+" "+tt.ref, func(t *testing.T) {
			s := mustScheme(t, tt.scheme)
			ref, err := ParseReference(tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := s.Match(ref, Classifier{})
			if ok != (tt.want != nil) || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Match = %v, %v; want %v", got, ok, tt.want)
			}
			reason := s.Explain(ref, Classifier{})
			if tt.want != nil && reason != "" || tt.want == nil && !strings.Contains(reason, tt.reason) {
				t.Errorf("Explain = %q, want it to contain %q", reason, tt.reason)
			}
		})
	}
}

func TestParseSchemeErrors(t *testing.T) {
	tests := []struct{ tmpl, reason string }{
		{"", "empty"},
		{"{registry}/{software", "never closed"},
		{"{registry}/software}:{tag}", "closes no placeholder"},
		{"{registry}/{soft{ware}}:{tag}", "inside another"},
		{"{registry}/{}:{tag}", `placeholder "{}" is invalid`},
		{"{registry}/{?}:{tag}", "invalid"},
		{"{registry}/{1st}:{tag}", "invalid"},
		{"{registry}/{soft-ware}:{tag}", "invalid"},
		{"{registry}/{software}", "no tag part"},
		{"{software}:{tag}", "needs a registry"},
		{"{registry}/{software}:{tag?}", "cannot be optional"},
		{"{registry}/{software}:", "tag part is empty"},
		{"{registry}/{software}:{registry}", "only be the first"},
		{"{registry}/{software}:{software}", "used twice"},
		{"{registry}/{a}/{a}:{tag}", "used twice"},
		{"{registry}/{host}:{tag}", "clashes with the host field"},
		{"{company}/{registry}/{software}:{tag}", "first path segment is the registry"},
		{"{registry?}/{software}:{tag}", "first path segment is the registry"},
		{"{registry}//{software}:{tag}", "segment 2 is empty"},
		{"{registry}/{software}-dev:{tag}", "mixes a placeholder"},
		{"{registry}/{a?}:{tag}", "at least one required path segment"},
		{"bad_host/{software}:{tag}", "invalid host name"},
		{"{registry}/{software}:{tag}:x", "mixes a placeholder"},
		{"{registry}/{software}:v1:x", `contains ":"`},
		{"{registry}/ {software}:{tag}", "whitespace"},
	}
	for _, tt := range tests {
		_, err := ParseScheme(tt.tmpl)
		var se *SchemeError
		if !errors.As(err, &se) || !strings.Contains(se.Reason, tt.reason) {
			t.Errorf("ParseScheme(%q) error = %v, want reason containing %q", tt.tmpl, err, tt.reason)
		}
	}
}

func TestSchemeString(t *testing.T) {
	if got := mustScheme(t, DefaultScheme).String(); got != DefaultScheme {
		t.Errorf("String() = %q", got)
	}
}
