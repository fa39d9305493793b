package registry

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestCappedBody(t *testing.T) {
	read := func(body string, limit int64) ([]byte, error) {
		return io.ReadAll(&cappedBody{ReadCloser: io.NopCloser(strings.NewReader(body)), left: limit, limit: limit})
	}
	if b, err := read("12345", 5); err != nil || string(b) != "12345" {
		t.Errorf("a body of exactly the limit: %q, %v", b, err)
	}
	if b, err := read("123", 5); err != nil || string(b) != "123" {
		t.Errorf("a short body: %q, %v", b, err)
	}
	var tl *errTooLarge
	if b, err := read("123456", 5); !errors.As(err, &tl) || len(b) != 5 {
		t.Errorf("a body past the limit: %q, %v; want errTooLarge after 5 bytes", b, err)
	}
	if _, err := readLimited(strings.NewReader("123456"), 5); !errors.As(err, &tl) || !strings.Contains(err.Error(), "response too large") {
		t.Errorf("readLimited: %v", err)
	}
}

// A signed schema 1 manifest's digest is its payload's, as libtrust cuts it:
// the body up to formatLength, followed by formatTail.
func TestSchema1PayloadDigest(t *testing.T) {
	payload := "{\n   \"schemaVersion\": 1,\n   \"name\": \"acme/old\"\n}"
	cut := len(payload) - 2
	protected := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(
		`{"formatLength":%d,"formatTail":%q}`, cut, base64.RawURLEncoding.EncodeToString([]byte(payload[cut:])))))
	body := payload[:cut] + `,
   "signatures": [{"protected": "` + protected + `"}]
}`
	want, _ := hashOf("sha256", []byte(payload))
	if got, ok := schema1PayloadDigest("sha256", []byte(body)); !ok || got != want {
		t.Errorf("got %s %v, want the payload's %s", got, ok, want)
	}
	for _, bad := range []string{payload, `{"signatures":[{"protected":"!!"}]}`, `{"signatures":[{"protected":"eyJmb3JtYXRMZW5ndGgiOjk5OTk5fQ"}]}`} {
		if got, ok := schema1PayloadDigest("sha256", []byte(bad)); ok {
			t.Errorf("schema1PayloadDigest(%q) = %s, want no digest", bad, got)
		}
	}
}
