package tagpolicy

import "fmt"

// ReferenceError says why a string is not a valid image reference and what a valid one looks like.
// Reason is a complete sentence fragment such as `repository "Acme/App" must be lowercase`.
type ReferenceError struct {
	Input  string // the reference as written
	Reason string // what is wrong with it and what a valid one looks like
}

func (e *ReferenceError) Error() string {
	return fmt.Sprintf("invalid image reference %q: %s", e.Input, e.Reason)
}

func refError(input string, format string, args ...any) *ReferenceError {
	return &ReferenceError{Input: input, Reason: fmt.Sprintf(format, args...)}
}
