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

// FuzzParsePlatform: whatever ParsePlatform accepts is written back as it was given and parses to
// the same platform again; whatever it refuses gets an error that says what a platform looks like.
func FuzzParsePlatform(f *testing.F) {
	for _, s := range []string{"linux/amd64", "linux/arm64/v8", "windows/amd64", "linux", "linux//v7", "Linux/amd64", "a/b/c/d", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePlatform(s)
		if err != nil {
			if !strings.Contains(err.Error(), "os/architecture[/variant]") {
				t.Fatalf("ParsePlatform(%q) error %q does not say what a platform looks like", s, err)
			}
			return
		}
		if p.String() != s {
			t.Fatalf("ParsePlatform(%q).String() = %q", s, p.String())
		}
		if again, err := ParsePlatform(p.String()); err != nil || again != p {
			t.Fatalf("ParsePlatform(%q) again = %+v, %v; want %+v", p.String(), again, err, p)
		}
	})
}
