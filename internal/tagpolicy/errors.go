package tagpolicy

import "fmt"

// Part names the piece of an image reference that a ReferenceError is about, so that a caller can
// point the user at the right thing ("the tag is wrong") instead of repeating the whole reference.
type Part string

// The parts of a reference, as they appear in messages.
const (
	PartReference  Part = "reference"
	PartRegistry   Part = "registry"
	PartRepository Part = "repository"
	PartTag        Part = "tag"
	PartDigest     Part = "digest"
)

// ReferenceError says why a string is not a valid image reference: which part is wrong and what a
// valid one looks like. Reason is a complete sentence fragment such as
// `repository "Acme/App" must be lowercase`.
type ReferenceError struct {
	Input  string // the reference as written
	Part   Part   // the part at fault
	Reason string // what is wrong with it and what a valid one looks like
}

func (e *ReferenceError) Error() string {
	return fmt.Sprintf("invalid image reference %q: %s", e.Input, e.Reason)
}

func refError(input string, part Part, format string, args ...any) *ReferenceError {
	return &ReferenceError{Input: input, Part: part, Reason: fmt.Sprintf(format, args...)}
}
