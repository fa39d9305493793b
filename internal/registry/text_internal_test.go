package registry

import (
	"strings"
	"testing"
)

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                "plain",
		"\x1b[2J\x1b[Hcleared": "[2J[Hcleared",
		"a\r\nb\tc   d":        "a b c d",
		"bidi\u202eevil\u200b": "bidievil",
		"c1\u0085\u009bx":      "c1 x", // NEL is white space
		"bad\xffutf8":          "badutf8",
		"  lead and trail  ":   "lead and trail",
		"\x00\x01\x02":         "",
	} {
		if got := cleanText(in, 64); got != want {
			t.Errorf("cleanText(%q, 64) = %q, want %q", in, got, want)
		}
	}
	// cut on a rune boundary, marked
	if got := cleanText(strings.Repeat("é", 10), 9); got != "éééé…" {
		t.Errorf("cleanText cuts to %q", got)
	}
}
