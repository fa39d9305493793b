package registry

import (
	"fmt"
	"io"
	"net/http"
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

// maxAnyBody bounds every body read through the Client's transport, also
// those go-containerregistry reads itself (its ping discards the body
// unread to the end): past it, a read fails with errTooLarge. It is above
// every limit of this package, so it only ever stops a hostile stream.
const maxAnyBody = 32 << 20

// bodyLimit caps each response body at maxAnyBody.
type bodyLimit struct {
	inner http.RoundTripper
	max   int64
}

func (l *bodyLimit) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.inner.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &cappedBody{ReadCloser: resp.Body, left: l.max, limit: l.max}
	return resp, nil
}

type cappedBody struct {
	io.ReadCloser
	left, limit int64
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// at the limit: a body that ends here is fine, one more byte is not
		var probe [1]byte
		if n, err := c.ReadCloser.Read(probe[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, &errTooLarge{limit: c.limit}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.ReadCloser.Read(p)
	c.left -= int64(n)
	return n, err
}
