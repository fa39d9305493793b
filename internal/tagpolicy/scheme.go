package tagpolicy

import (
	"fmt"
	"strings"
)

// DefaultScheme is Coder's sample tagging scheme, registry:port/company/department/software:majorversion,
// with the company optional since many registries are the company's own.
const DefaultScheme = "{registry}/{company?}/{department}/{software}:{majorversion}"

// Placeholder names with a meaning of their own.
const (
	fieldRegistry     = "registry"     // host[:port]; also yields host and port
	fieldMajorVersion = "majorversion" // in the tag: requires a major version tag
	fieldVersion      = "version"      // in the tag: requires any version tag
)

// Scheme is a parsed naming scheme: a template over the normalised reference
// "registry/repository:tag". Parse once with ParseScheme; a Scheme is safe for concurrent use.
type Scheme struct {
	template string
	registry segment   // the first path segment: {registry} or a literal host[:port]
	path     []segment // the repository's segments
	tag      segment   // after ":": one placeholder or a literal
	minPath  int       // required path segments
}

// segment is one part of the template: a literal, or a placeholder when name is set.
type segment struct {
	literal  string
	name     string
	optional bool
}

func (s segment) String() string {
	switch {
	case s.name == "":
		return s.literal
	case s.optional:
		return "{" + s.name + "?}"
	}
	return "{" + s.name + "}"
}

// SchemeError says what is wrong with a naming_scheme template.
type SchemeError struct {
	Template string
	Reason   string
}

func (e *SchemeError) Error() string {
	return fmt.Sprintf("invalid naming scheme %q: %s", e.Template, e.Reason)
}

// ParseScheme parses a naming scheme template. Placeholders are {name} (one path segment) and
// {name?} (an optional one); {registry} may only be the first segment, which is always the
// registry, written either as {registry} or as a literal host[:port]. After the last path segment a
// ":" introduces the tag, which is one required placeholder or a literal. Placeholders fill whole
// segments ("{software}-dev" is refused: it would make a mismatch hard to explain), and names are
// letters, digits and "_", each used once.
func ParseScheme(tmpl string) (*Scheme, error) {
	fail := func(format string, args ...any) (*Scheme, error) {
		return nil, &SchemeError{Template: tmpl, Reason: fmt.Sprintf(format, args...)}
	}
	if reason := checkBraces(tmpl); reason != "" {
		return fail("%s", reason)
	}
	lastSlash := strings.LastIndexByte(tmpl, '/')
	colon := strings.IndexByte(tmpl[lastSlash+1:], ':')
	if lastSlash < 0 {
		return fail(`it needs a registry and at least one path segment, e.g. "{registry}/{software}:{tag}"`)
	}
	if colon < 0 {
		return fail(`it has no tag part; end it with ":" and a placeholder, e.g. ":{majorversion}" or ":{tag}"`)
	}
	namePart, tagPart := tmpl[:lastSlash+1+colon], tmpl[lastSlash+1+colon+1:]

	s := &Scheme{template: tmpl}
	seen := map[string]bool{}
	segs := strings.Split(namePart, "/")
	for i, raw := range segs {
		seg, reason := parseSegment(raw, i == 0)
		if reason != "" {
			return fail("path segment %d %s", i+1, reason)
		}
		if reason := s.addSegment(i, seg, seen); reason != "" {
			return fail("%s", reason)
		}
	}
	if s.minPath == 0 {
		return fail("it needs at least one required path segment after the registry, e.g. {software}")
	}
	tag, reason := parseSegment(tagPart, false)
	switch {
	case reason != "":
		return fail("the tag part %s", reason)
	case tag.optional:
		return fail("the tag placeholder %s cannot be optional: every reference has a tag", tag)
	case tag.name == fieldRegistry:
		return fail("{registry} can only be the first path segment, not the tag")
	case tag.name != "" && seen[tag.name]:
		return fail("%s", duplicate(tag.name))
	}
	s.tag = tag
	return s, nil
}

// addSegment places the i-th path segment of the template, enforcing where each kind may go.
func (s *Scheme) addSegment(i int, seg segment, seen map[string]bool) string {
	if seg.name != "" {
		if seen[seg.name] {
			return duplicate(seg.name)
		}
		seen[seg.name] = true
	}
	if i == 0 {
		switch {
		case seg.name == fieldRegistry && !seg.optional:
			seen["host"], seen["port"] = true, true
		case seg.name != "":
			return fmt.Sprintf("the first path segment is the registry: write {registry} or a literal host[:port], not %s", seg)
		default:
			registry, _, _, reason := splitRegistry(seg.literal)
			if reason != "" {
				return fmt.Sprintf("the registry %q %s", seg.literal, reason)
			}
			seg.literal = registry
		}
		s.registry = seg
		return ""
	}
	if seg.name == fieldRegistry {
		return "{registry} can only be the first path segment"
	}
	if !seg.optional {
		s.minPath++
	}
	s.path = append(s.path, seg)
	return ""
}

// checkBraces finds unbalanced braces and bad placeholder names before anything is split, so the
// message points at the brace rather than at a confusing consequence of it.
func checkBraces(tmpl string) string {
	if tmpl == "" {
		return "it is empty; the default is " + DefaultScheme
	}
	open := -1
	for i := 0; i < len(tmpl); i++ {
		switch c := tmpl[i]; {
		case c == '{' && open >= 0:
			return fmt.Sprintf(`"{" at offset %d opens a placeholder inside another`, i)
		case c == '{':
			open = i
		case c == '}' && open < 0:
			return fmt.Sprintf(`"}" at offset %d closes no placeholder`, i)
		case c == '}':
			if !validPlaceholder(tmpl[open+1 : i]) {
				return fmt.Sprintf(`placeholder %q is invalid: write {name} or {name?}, with a name of letters, digits and "_"`, tmpl[open:i+1])
			}
			open = -1
		case c <= ' ' || c == 0x7f:
			return "it contains whitespace or a control character"
		}
	}
	if open >= 0 {
		return fmt.Sprintf(`"{" at offset %d is never closed`, open)
	}
	return ""
}

func validPlaceholder(s string) bool {
	s = strings.TrimSuffix(s, "?")
	if s == "" || isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// duplicate words a name clash; host and port clash with the fields {registry} yields.
func duplicate(name string) string {
	if name == "host" || name == "port" {
		return fmt.Sprintf("placeholder {%s} clashes with the %s field that {registry} yields", name, name)
	}
	return fmt.Sprintf("placeholder {%s} is used twice", name)
}

// parseSegment reads one segment: a whole placeholder, or a literal without braces. Only the
// registry segment may contain ":" (its port).
func parseSegment(raw string, isRegistry bool) (segment, string) {
	switch {
	case raw == "":
		return segment{}, "is empty"
	case strings.HasPrefix(raw, "{") && strings.HasSuffix(raw, "}") && strings.Count(raw, "{") == 1:
		name, optional := strings.CutSuffix(raw[1:len(raw)-1], "?")
		return segment{name: name, optional: optional}, ""
	case strings.ContainsAny(raw, "{}"):
		return segment{}, fmt.Sprintf("%q mixes a placeholder with text; a placeholder must fill a whole segment", raw)
	case !isRegistry && strings.Contains(raw, ":"):
		return segment{}, fmt.Sprintf("%q contains \":\", which only separates the tag", raw)
	}
	return segment{literal: raw}, ""
}

// String returns the template as written.
func (s *Scheme) String() string { return s.template }

// Match reports whether ref follows the scheme and, if so, the captured fields: registry, host and
// port for {registry} (port "" when none), and one field per placeholder, "" for an optional
// segment the reference does not have, so every match yields the same keys.
func (s *Scheme) Match(ref Reference, c Classifier) (map[string]string, bool) {
	fields, reason := s.match(ref, c)
	return fields, reason == ""
}

// Explain says why ref does not follow the scheme, in words fit for an error message, or "" when it
// does: `tag "latest" is not a major version tag as {majorversion} requires`.
func (s *Scheme) Explain(ref Reference, c Classifier) string {
	_, reason := s.match(ref, c)
	return reason
}

func (s *Scheme) match(ref Reference, c Classifier) (map[string]string, string) {
	fields := map[string]string{}
	if s.registry.name != "" {
		fields[fieldRegistry], fields["host"], fields["port"] = ref.Registry, ref.Host, ref.Port
	} else if ref.Registry != s.registry.literal {
		return nil, fmt.Sprintf("registry %q is not %q", ref.Registry, s.registry.literal)
	}
	if !matchPath(s.path, ref.Path, fields) {
		return nil, s.explainPath(ref)
	}
	if reason := s.matchTag(ref, c, fields); reason != "" {
		return nil, reason
	}
	return fields, ""
}

// matchPath matches segments against the repository's path. Optional segments are filled from the
// left when there is a choice, so "{company?}/{department}/{software}" reads "platform/golang" as
// department and software. A failed (segment, path) position is remembered, which keeps a template
// full of optional segments linear instead of exponential.
func matchPath(segs []segment, path []string, fields map[string]string) bool {
	failed := map[[2]int]bool{}
	var walk func(i, j int) bool
	walk = func(i, j int) bool {
		if i == len(segs) {
			return j == len(path)
		}
		if failed[[2]int{i, j}] {
			return false
		}
		seg := segs[i]
		if j < len(path) && (seg.name != "" || seg.literal == path[j]) && walk(i+1, j+1) {
			if seg.name != "" {
				fields[seg.name] = path[j]
			}
			return true
		}
		if seg.optional && walk(i+1, j) {
			fields[seg.name] = ""
			return true
		}
		failed[[2]int{i, j}] = true
		return false
	}
	return walk(0, 0)
}

// explainPath words a path mismatch: the wrong number of segments, or a literal that differs.
func (s *Scheme) explainPath(ref Reference) string {
	var want []string
	for _, seg := range s.path {
		want = append(want, seg.String())
	}
	pattern := strings.Join(want, "/")
	n := len(ref.Path)
	if n < s.minPath || n > len(s.path) {
		count := fmt.Sprint(s.minPath)
		if len(s.path) != s.minPath {
			count = fmt.Sprintf("%d to %d", s.minPath, len(s.path))
		}
		return fmt.Sprintf("repository %q has %d path %s but %q needs %s", ref.Repository, n, plural(n, "segment"), pattern, count)
	}
	return fmt.Sprintf("repository %q does not match %q: its fixed segments differ", ref.Repository, pattern)
}

// matchTag applies the tag part: a literal must be equal; {majorversion} and {version} also require
// the tag's class, because those names promise the tag follows a major or some version.
func (s *Scheme) matchTag(ref Reference, c Classifier, fields map[string]string) string {
	if ref.Tag == "" {
		return fmt.Sprintf("the reference has only a digest, but the scheme needs a tag for %s", s.tag)
	}
	if s.tag.name == "" {
		if ref.Tag != s.tag.literal {
			return fmt.Sprintf("tag %q is not %q as the scheme requires", ref.Tag, s.tag.literal)
		}
		return ""
	}
	switch class := c.ClassifyTag(ref.Tag); {
	case s.tag.name == fieldMajorVersion && class != ClassMajor:
		return fmt.Sprintf("tag %q is not a major version tag (such as \"v1\") as {majorversion} requires", ref.Tag)
	case s.tag.name == fieldVersion && !isVersionClass(class):
		return fmt.Sprintf("tag %q is not a version tag (such as \"v1.3\") as {version} requires", ref.Tag)
	}
	fields[s.tag.name] = ref.Tag
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
