package registry

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text a registry sends (error messages, tag names, platform fields, media
// types) ends up in diagnostics on a terminal and in Terraform state. A
// hostile registry can put escape sequences in it that clear the screen and
// print a fake "Apply complete!", or megabytes of it. Nothing a registry
// wrote leaves this package without going through cleanText or validTag.

// maxRegistryText is the most of one registry-supplied message kept.
const maxRegistryText = 512

// maxFieldText bounds short fields: media types, platform components.
const maxFieldText = 128

// cleanText drops control and format characters (C0, DEL, C1, bidi
// overrides, invalid UTF-8), folds runs of white space to one space, and
// cuts the result to limit bytes, marking the cut with "…".
func cleanText(s string, limit int) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s) && b.Len() <= limit; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if len(out) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}
