package tagpolicy

import (
	"strings"
	"testing"
)

func TestParsePlatform(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Platform
		err  string
	}{
		{in: "linux/amd64", want: Platform{OS: "linux", Architecture: "amd64"}},
		{in: "linux/arm64/v8", want: Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}},
		{in: "windows/amd64", want: Platform{OS: "windows", Architecture: "amd64"}},
		{in: "linux/mips64_le", want: Platform{OS: "linux", Architecture: "mips64_le"}},
		{in: "linux", err: "1 part(s)"},
		{in: "linux/arm/v7/x", err: "4 part(s)"},
		{in: "linux//v7", err: "empty part"},
		{in: "Linux/amd64", err: `part "Linux"`},
		{in: "linux/amd64 ", err: `part "amd64 "`},
		{in: "", err: "1 part(s)"},
	} {
		got, err := ParsePlatform(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParsePlatform(%q) error %v, want one containing %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParsePlatform(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		case tt.err == "" && got.String() != tt.in:
			t.Errorf("ParsePlatform(%q).String() = %q", tt.in, got.String())
		}
	}
}
