package registry

import (
	"fmt"
	"io"
)

// Every response body the client reads goes through readLimited, with a
// limit that fits what the body holds: a registry that streams without end
// costs the provider at most that many bytes, never its memory.
const (
	maxManifestBytes = 16 << 20 // the largest manifests and indexes seen in the wild are under 4 MiB
	maxConfigBytes   = 16 << 20
	maxTagPageBytes  = 8 << 20 // 1,000 tags of 128 characters is 131 KB; room for registries that ignore n
	maxErrorBytes    = 64 << 10
)

// errTooLarge is a body that ran past its limit.
type errTooLarge struct{ limit int64 }

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("response too large: more than %d bytes", e.limit)
}

// readLimited reads all of r up to limit bytes, failing with errTooLarge
// past it; it never holds more than limit+1 bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &errTooLarge{limit: limit}
	}
	return b, nil
}

// readPrefix reads at most limit bytes of r, for bodies whose head is
// enough (error messages): the rest is left for drain to discard.
func readPrefix(r io.Reader, limit int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, limit))
	return b
}
