package tagpolicy

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/google/go-containerregistry/pkg/name"
)

// defaultTag is what Docker assumes when a reference names neither a tag nor a digest.
const defaultTag = "latest"

// Reference is an image reference split into its parts and normalised the way the registry sees it:
// "ubuntu" is index.docker.io/library/ubuntu:latest. Two spellings of the same image give equal
// References, which is what makes pins, policy checks and the naming scheme agree with each other.
type Reference struct {
	Registry   string   // host[:port], lowercased; index.docker.io for Docker Hub
	Host       string   // the host part of Registry (an IPv6 address keeps its brackets)
	Port       string   // the port part of Registry, "" when none is given
	Repository string   // the path inside the registry, e.g. "library/ubuntu"
	Path       []string // Repository split at "/"
	Tag        string   // the tag; "latest" when neither tag nor digest is given, "" for a bare digest
	Digest     string   // "sha256:…", or "" when the reference does not pin one
}

// ParseReference reads an image reference such as "ubuntu", "ubuntu:20.04",
// "registry.acme.internal:5000/acme/platform/golang:v1" or "repo:tag@sha256:…".
//
// Each part is checked against the Docker reference grammar before go-containerregistry normalises
// the name, so an error names the part at fault and shows a valid one; go-containerregistry on its
// own accepts some names a registry refuses (upper case, "a//b") and drops the tag of "repo:tag@digest",
// which a pin must keep. The returned error is always a *ReferenceError.
func ParseReference(s string) (Reference, error) {
	if reason := checkWhole(s); reason != "" {
		return Reference{}, refError(s, "%s", reason)
	}
	rest, digest, hasDigest := strings.Cut(s, "@")
	if hasDigest {
		if reason := checkDigest(digest); reason != "" {
			return Reference{}, refError(s, "%s", reason)
		}
	}
	if reason := checkBareDigest(rest); reason != "" {
		return Reference{}, refError(s, "%s", reason)
	}
	rest, tag, hasTag := cutTag(rest)
	if reason := checkNameLength(rest); reason != "" {
		return Reference{}, refError(s, "%s", reason)
	}
	if hasTag {
		if reason := checkTag(tag); reason != "" {
			return Reference{}, refError(s, "%s", reason)
		}
	} else if !hasDigest {
		tag = defaultTag
	}
	regPart, repo := splitDomain(rest)
	if reason := checkRepository(repo); reason != "" {
		return Reference{}, refError(s, "%s", reason)
	}
	ref := Reference{Tag: tag, Digest: digest}
	if regPart != "" {
		registry, host, port, reason := splitRegistry(regPart)
		if reason != "" {
			return Reference{}, refError(s, "registry %q %s", regPart, reason)
		}
		ref.Registry, ref.Host, ref.Port = registry, host, port
	}
	return normalise(s, ref, repo)
}

// normalise lets go-containerregistry apply Docker Hub's conventions (the default registry, the
// implied "library/" namespace) so that this package and internal/registry never disagree on them.
func normalise(input string, ref Reference, repo string) (Reference, error) {
	full := repo
	if ref.Registry != "" {
		full = ref.Registry + "/" + repo
	}
	r, err := name.NewRepository(full, name.WeakValidation)
	if err != nil {
		return Reference{}, refError(input, "repository %q is invalid: %v", repo, err)
	}
	ref.Registry = r.RegistryStr()
	if ref.Host == "" {
		ref.Host = ref.Registry
	}
	ref.Repository = r.RepositoryStr()
	ref.Path = strings.Split(ref.Repository, "/")
	return ref, nil
}

// checkWhole rejects what no part could make valid, with a message about the whole string.
func checkWhole(s string) string {
	switch {
	case s == "":
		return `the reference is empty; write e.g. "registry.example.com/team/app:v1"`
	case strings.ContainsFunc(s, unicode.IsSpace):
		return "the reference contains whitespace; remove it"
	case strings.Contains(s, "://"):
		return `the reference contains a URL scheme; write "host[:port]/repository:tag" without "https://"`
	case strings.Count(s, "@") > 1:
		return `the reference has more than one "@"; write "repository:tag@sha256:…" with a single digest`
	}
	return ""
}

// maxNameLength is the longest image name the distribution spec lets clients rely on: the registry
// (with its port), "/", and the repository, as written.
const maxNameLength = 255

// checkNameLength holds the name (everything before ":tag" and "@digest") to maxNameLength.
func checkNameLength(name string) string {
	if len(name) > maxNameLength {
		return fmt.Sprintf("the name (registry, \"/\" and repository) is longer than %d characters (%d); shorten the repository path", maxNameLength, len(name))
	}
	return ""
}

// checkBareDigest rejects a digest given as the whole image ("sha256:…"): by Docker's rules it would
// read as the tag "…" of Docker Hub's library/sha256, which is never what was meant.
func checkBareDigest(s string) string {
	algo, hex, ok := strings.Cut(s, ":")
	if _, known := digestHexLen[algo]; ok && known && hex != "" && strings.Trim(hex, "0123456789abcdef") == "" {
		return fmt.Sprintf(`%q is a digest, not an image; write the repository it belongs to, "repository@%s"`, s, s)
	}
	return ""
}

// cutTag splits "name:tag" at the first ":" of the last path segment, so a registry port
// ("localhost:5000/app") is never mistaken for a tag.
func cutTag(s string) (rest, tag string, ok bool) {
	start := strings.LastIndexByte(s, '/') + 1
	i := strings.IndexByte(s[start:], ':')
	if i < 0 {
		return s, "", false
	}
	return s[:start+i], s[start+i+1:], true
}

// splitDomain applies Docker's rule for telling a registry from a namespace: the first path segment
// is a registry when it contains "." or ":" or is "localhost"; "acme/app" lives on Docker Hub.
func splitDomain(s string) (registry, repo string) {
	first, rest, ok := strings.Cut(s, "/")
	if ok && (first == "localhost" || strings.ContainsAny(first, ".:")) {
		return first, rest
	}
	return "", s
}

const repositoryExample = `each path segment is lowercase letters and digits, optionally separated by ".", "_", "__" or "-", e.g. "acme/platform/golang"`

// checkRepository applies the Docker reference grammar for repository paths:
// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)* per segment, segments joined by "/", at most 255 characters.
func checkRepository(repo string) string {
	switch {
	case repo == "":
		return `the repository is empty; ` + repositoryExample
	case len(repo) > 255:
		return "the repository is longer than 255 characters"
	case strings.ToLower(repo) != repo:
		return `repository "` + repo + `" must be lowercase, e.g. "` + strings.ToLower(repo) + `"`
	}
	for _, seg := range strings.Split(repo, "/") {
		if seg == "" {
			return `repository "` + repo + `" has an empty path segment; ` + repositoryExample
		}
		if !validPathSegment(seg) {
			return `repository "` + repo + `" has an invalid path segment "` + seg + `"; ` + repositoryExample
		}
	}
	return ""
}

func validPathSegment(seg string) bool {
	if !isLowerAlnum(seg[0]) || !isLowerAlnum(seg[len(seg)-1]) {
		return false
	}
	for i := 0; i < len(seg); {
		if isLowerAlnum(seg[i]) {
			i++
			continue
		}
		j := i
		for j < len(seg) && !isLowerAlnum(seg[j]) {
			j++
		}
		if sep := seg[i:j]; sep != "." && sep != "_" && sep != "__" && strings.Trim(sep, "-") != "" {
			return false
		}
		i = j
	}
	return true
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

const tagExample = `a tag is 1 to 128 letters, digits, "_", "." or "-" and does not start with "." or "-", e.g. "v1.3.1"`

// checkTag applies the Docker tag grammar [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
func checkTag(tag string) string {
	switch {
	case tag == "":
		return `the tag after ":" is empty; ` + tagExample
	case strings.Contains(tag, ":"):
		return `tag "` + tag + `" contains ":"; separate the tag with a single ":", e.g. "ubuntu:20.04"`
	case len(tag) > 128:
		return fmt.Sprintf("the tag is longer than 128 characters (%d); shorten it", len(tag))
	case !ValidTag(tag):
		return `tag "` + tag + `" is invalid; ` + tagExample
	}
	return ""
}

// ValidTag reports whether tag follows the distribution tag grammar, [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
// It is the one home of that rule: references are checked with it, and the registry client drops tag
// list entries outside it, since they cannot name an image.
func ValidTag(tag string) bool {
	if tag == "" || len(tag) > 128 || tag[0] == '.' || tag[0] == '-' {
		return false
	}
	for i := 0; i < len(tag); i++ {
		if c := tag[i]; !isAlnum(c) && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// digestHexLen lists the algorithms registries accept (those go-digest registers) and their lengths.
var digestHexLen = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}

// checkDigest accepts "algorithm:hex" with lowercase hex of the algorithm's length.
func checkDigest(d string) string {
	const example = `a digest is "sha256:" followed by 64 lowercase hexadecimal characters`
	algo, hex, ok := strings.Cut(d, ":")
	n, known := digestHexLen[algo]
	switch {
	case d == "":
		return `the digest after "@" is empty; ` + example
	case !ok || !known:
		return `digest "` + d + `" has no known algorithm (sha256, sha384 or sha512); ` + example
	case len(hex) != n || strings.Trim(hex, "0123456789abcdef") != "":
		return `digest "` + d + `" is invalid; ` + example
	}
	return ""
}

// Name is the repository's full name, "registry/repository", as used for listing tags.
func (r Reference) Name() string { return r.Registry + "/" + r.Repository }

// String is the canonical normalised form: "registry/repo:tag", "registry/repo@digest" or
// "registry/repo:tag@digest". Parsing it gives back an equal Reference.
func (r Reference) String() string {
	s := r.Name()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// PinnedRef is "host[:port]/repo:tag@digest": a reference any container runtime pulls by digest
// while a reader still sees which tag it came from. An empty digest keeps the reference's own.
func (r Reference) PinnedRef(digest string) string {
	if digest != "" {
		r.Digest = digest
	}
	return r.String()
}
