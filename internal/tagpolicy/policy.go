package tagpolicy

import (
	"fmt"
	"strings"
)

// The rules a Violation can break, named after the provider attributes that set them.
const (
	RuleAllowedRegistries = "allowed_registries"
	RuleAllowedClasses    = "allowed_classes"
	RuleNamingScheme      = "naming_scheme"
)

// Violation is one broken policy rule: which attribute's rule (Rule) and a message that says what
// broke and what to do about it.
type Violation struct {
	Rule    string
	Message string
}

// Policy is the provider's policy configuration. Its zero value allows everything.
type Policy struct {
	AllowedRegistries []string   // allowed_registries; empty allows any registry
	AllowedClasses    []Class    // allowed_classes; empty allows every class
	Scheme            *Scheme    // naming_scheme; nil means DefaultScheme
	EnforceScheme     bool       // enforce_naming_scheme
	Classifier        Classifier // the rolling set
}

// Check returns every rule ref breaks, so the author fixes them all in one go rather than one per
// plan. Patterns in AllowedRegistries are expected to be validated with ValidateRegistryPattern
// when the configuration is read; one that does not parse here matches nothing.
func (p Policy) Check(ref Reference) []Violation {
	var out []Violation
	if v, ok := p.checkRegistry(ref); !ok {
		out = append(out, v)
	}
	if v, ok := p.checkClass(ref); !ok {
		out = append(out, v)
	}
	if v, ok := p.checkScheme(ref); !ok {
		out = append(out, v)
	}
	return out
}

func (p Policy) checkRegistry(ref Reference) (Violation, bool) {
	if len(p.AllowedRegistries) == 0 {
		return Violation{}, true
	}
	for _, s := range p.AllowedRegistries {
		if pat, err := ParseRegistryPattern(s); err == nil && pat.Match(ref) {
			return Violation{}, true
		}
	}
	return Violation{Rule: RuleAllowedRegistries, Message: fmt.Sprintf(
		"registry %q%s is not in allowed_registries %s; push the image to an allowed registry and reference it there, or add the registry to allowed_registries",
		ref.Registry, dockerHubNote(ref), listOf(p.AllowedRegistries))}, false
}

// dockerHubNote explains Docker Hub's implied registry, the usual surprise: "ubuntu" is not local.
func dockerHubNote(ref Reference) string {
	if ref.Registry != dockerHub {
		return ""
	}
	short := strings.TrimPrefix(ref.Repository, "library/")
	return fmt.Sprintf(" (Docker Hub: %q means %s)", short, ref.Name())
}

func (p Policy) checkClass(ref Reference) (Violation, bool) {
	class := p.Classifier.Classify(ref)
	if len(p.AllowedClasses) == 0 || contains(p.AllowedClasses, class) {
		return Violation{}, true
	}
	what := fmt.Sprintf("tag %q", ref.Tag)
	if class == ClassDigest {
		what = fmt.Sprintf("digest %q", ref.Digest)
	}
	return Violation{Rule: RuleAllowedClasses, Message: fmt.Sprintf(
		"%s of %s is of class %q, which is not in allowed_classes %s; %s, or add %q to allowed_classes",
		what, ref.Name(), class, listOf(p.AllowedClasses), classAdvice(p.AllowedClasses), class)}, false
}

// classAdvice suggests a reference of an allowed class, most specific first.
func classAdvice(allowed []Class) string {
	for _, s := range []struct {
		class  Class
		advice string
	}{
		{ClassMajor, `reference a major version tag such as ":v1"`},
		{ClassMinor, `reference a minor version tag such as ":v1.3"`},
		{ClassPatch, `reference a release tag such as ":v1.3.1"`},
		{ClassDigest, `pin a digest ("@sha256:…")`},
		{ClassRolling, `reference a rolling tag such as ":latest"`},
	} {
		if contains(allowed, s.class) {
			return s.advice
		}
	}
	return "reference a tag of an allowed class"
}

func (p Policy) checkScheme(ref Reference) (Violation, bool) {
	if !p.EnforceScheme {
		return Violation{}, true
	}
	scheme := p.Scheme
	if scheme == nil {
		scheme = defaultScheme
	}
	reason := scheme.Explain(ref, p.Classifier)
	if reason == "" {
		return Violation{}, true
	}
	return Violation{Rule: RuleNamingScheme, Message: fmt.Sprintf(
		"%s does not follow naming_scheme %q: %s; rename the image to follow the scheme, or set enforce_naming_scheme = false",
		ref.String(), scheme.String(), reason)}, false
}

// defaultScheme is DefaultScheme parsed once; it is a constant, so it cannot fail.
var defaultScheme = func() *Scheme {
	s, err := ParseScheme(DefaultScheme)
	if err != nil {
		panic(err)
	}
	return s
}()

// listOf renders a configured list the way HCL shows it: ["a", "b"].
func listOf[S ~string](items []S) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
