package registry

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// answer is an inner transport that answers every request with a small body
// and counts the requests it saw.
type answer struct{ seen int }

func (a *answer) RoundTrip(req *http.Request) (*http.Response, error) {
	a.seen++
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("ok")), Request: req}, nil
}

// A host's turns are given back at the body's end or close; a caller that
// finds none free waits, and stops waiting when its context ends, without
// its request being sent.
func TestHostLimitTurns(t *testing.T) {
	inner := &answer{}
	l := &hostLimit{inner: inner, max: 1}
	get := func(ctx context.Context, url string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		return l.RoundTrip(req)
	}
	inUse := func(host string) int { return len(l.turnsFor(host)) }

	held, err := get(context.Background(), "https://reg.example/v2/")
	if err != nil {
		t.Fatal(err)
	}
	if inUse("reg.example") != 1 {
		t.Fatalf("turns in use: %d, want 1", inUse("reg.example"))
	}
	other, err := get(context.Background(), "https://auth.example/token")
	if err != nil {
		t.Fatalf("another host has turns of its own: %v", err)
	}
	_ = other.Body.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no turn is free, so only the context can end the wait
	if _, err := get(ctx, "https://reg.example/v2/"); !errors.Is(err, context.Canceled) {
		t.Fatalf("waiting for a turn: got %v, want context.Canceled", err)
	}
	if inner.seen != 2 {
		t.Errorf("requests sent: %d, want 2 (the canceled one never went out)", inner.seen)
	}

	if _, err := io.ReadAll(held.Body); err != nil { // to the end, not closed
		t.Fatal(err)
	}
	if inUse("reg.example") != 0 {
		t.Fatalf("turns in use after the body's end: %d, want 0", inUse("reg.example"))
	}
	_ = held.Body.Close() // gives nothing back twice
	if inUse("reg.example") != 0 {
		t.Fatalf("turns in use after close: %d, want 0", inUse("reg.example"))
	}
	again, err := get(context.Background(), "https://reg.example/v2/")
	if err != nil {
		t.Fatal(err)
	}
	_ = again.Body.Close()
	if inUse("reg.example") != 0 {
		t.Errorf("turns in use after close: %d, want 0", inUse("reg.example"))
	}
}
