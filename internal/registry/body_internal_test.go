package registry

import (
	"errors"
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
