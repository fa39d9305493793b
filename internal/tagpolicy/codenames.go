package tagpolicy

import (
	"fmt"
	"maps"
	"slices"
)

// builtinCodenames are the release codenames publishers tag images with, mapped to the version line
// each names. A codename tag is that line: "jammy" is minor 22.04, "bookworm-slim" major 12 with suffix
// "slim". Only released or announced lines are listed; a provider's `codenames` map adds the rest.
var builtinCodenames = map[string]string{
	// Ubuntu
	"trusty": "14.04", "xenial": "16.04", "bionic": "18.04", "cosmic": "18.10", "disco": "19.04",
	"eoan": "19.10", "focal": "20.04", "groovy": "20.10", "hirsute": "21.04", "impish": "21.10",
	"jammy": "22.04", "kinetic": "22.10", "lunar": "23.04", "mantic": "23.10", "noble": "24.04",
	"oracular": "24.10",
	// Debian
	"jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13",
	"forky": "14",
	// Node.js LTS lines
	"argon": "4", "boron": "6", "carbon": "8", "dubnium": "10", "erbium": "12", "fermium": "14",
	"gallium": "16", "hydrogen": "18", "iron": "20", "jod": "22", "krypton": "24",
}

func builtinCodename(word string) (string, bool) {
	line, ok := builtinCodenames[word]
	return line, ok
}

// CheckCodename says why a codename entry is unusable, or returns "": the name must be a lowercase
// word (so it cannot be read as a version) and the line a plain one- or two-component version.
func CheckCodename(name, line string) string {
	if name == "" || !isLowerWord(name) {
		return fmt.Sprintf("codename %q must be lowercase letters only, e.g. \"plucky\"", name)
	}
	v, ok := parseHead(line)
	if !ok || v.Prerelease != "" || v.Build != "" || v.Precision() > 2 {
		return fmt.Sprintf("the line of codename %q is %q; write a version of one or two components, e.g. \"25.04\" or \"13\"", name, line)
	}
	return ""
}

// WithCodenames returns a copy of the classifier that also knows the given codenames (name → line),
// which win over the built-in table. It fails on the first entry CheckCodename rejects, in name order.
func (c Classifier) WithCodenames(extra map[string]string) (Classifier, error) {
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		if reason := CheckCodename(name, extra[name]); reason != "" {
			return c, fmt.Errorf("%s", reason)
		}
	}
	c.codenames = maps.Clone(extra)
	return c, nil
}

// codename looks a word up in the classifier's codenames, then the built-in table.
func (c Classifier) codename(word string) (string, bool) {
	if line, ok := c.codenames[word]; ok {
		return line, true
	}
	return builtinCodename(word)
}

func isLowerWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
