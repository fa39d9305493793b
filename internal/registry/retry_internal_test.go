package registry

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{"-3", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
		{"99999999999999999999999", 365 * 24 * time.Hour, true},
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {tc.header}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Retry-After %q: got %s %v, want %s %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	rt := &retryTransport{backoff: 100 * time.Millisecond}
	for attempt, base := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond} {
		for range 20 {
			if d := rt.delay(attempt); d < base || d > base+base/2 {
				t.Fatalf("attempt %d: delay %s outside [%s, %s]", attempt, d, base, base+base/2)
			}
		}
	}
}

func TestSecretsAreScrubbed(t *testing.T) {
	var s secrets
	s.add("ci", "hunter2-long")
	s.add("", "abc") // too short to scrub safely
	msg := s.scrub("auth ci:hunter2-long Basic Y2k6aHVudGVyMi1sb25n abc")
	if strings.Contains(msg, "hunter2") || strings.Contains(msg, "Y2k6aHVudGVyMi1sb25n") {
		t.Errorf("secret left in %q", msg)
	}
	if !strings.Contains(msg, "abc") {
		t.Errorf("short value scrubbed: %q", msg)
	}
}

func TestSafeURLDropsSecrets(t *testing.T) {
	u, _ := url.Parse("https://user:pw@reg.example/token?scope=repository:a:pull&service=reg&password=pw2&n=10")
	got := safeURL(u)
	if strings.Contains(got, "pw") || !strings.Contains(got, "scope=") || !strings.Contains(got, "REDACTED") {
		t.Errorf("safeURL: %s", got)
	}
}

func TestNextPage(t *testing.T) {
	const page = "https://reg.example/v2/acme/app/tags/list?n=2"
	for _, tc := range []struct {
		link, want string
		fails      bool
	}{
		{"", "", false},
		{`</v2/acme/app/tags/list?last=b&n=2>; rel="next"`, "https://reg.example/v2/acme/app/tags/list?last=b&n=2", false},
		{`<https://reg.example/v2/acme/app/tags/list?last=b>; rel=next`, "https://reg.example/v2/acme/app/tags/list?last=b", false},
		{`<https://evil.example/v2/acme/app/tags/list?last=b>; rel="next"`, "", true},
		{`<http://reg.example/v2/acme/app/tags/list?last=b>; rel="next"`, "", true},
		{`garbage`, "", true},
	} {
		resp := &http.Response{Header: http.Header{}}
		if tc.link != "" {
			resp.Header.Set("Link", tc.link)
		}
		got, err := nextPage(resp, page)
		if (err != nil) != tc.fails || got != tc.want {
			t.Errorf("Link %q: got %q, %v; want %q, fails %v", tc.link, got, err, tc.want, tc.fails)
		}
	}
}

func TestRegistryKey(t *testing.T) {
	for in, want := range map[string]string{
		"docker.io":                   "index.docker.io",
		"https://index.docker.io/v1/": "index.docker.io",
		"registry-1.docker.io":        "index.docker.io",
		"Registry.Acme.Internal:5000": "registry.acme.internal:5000",
		"http://127.0.0.1:5000":       "127.0.0.1:5000",
	} {
		if got, err := registryKey(in); err != nil || got != want {
			t.Errorf("registryKey(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestPlatformChoice(t *testing.T) {
	have := []Platform{
		{OS: "linux", Architecture: "amd64", Digest: "a"},
		{OS: "linux", Architecture: "arm", Variant: "v6", Digest: "b"},
		{OS: "linux", Architecture: "arm", Variant: "v7", Digest: "c"},
		{OS: "linux", Architecture: "arm64", Digest: "d"},
	}
	for ask, want := range map[string]string{
		"linux/amd64": "a", "linux/arm": "c", "linux/arm/v6": "b", "linux/arm64/v8": "d", "linux/arm64": "d",
		"linux/amd64/v3": "", "windows/amd64": "",
	} {
		p, err := ParsePlatform(ask)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := choose(p, have)
		if got.Digest != want || ok != (want != "") {
			t.Errorf("%s: got %q %v, want %q", ask, got.Digest, ok, want)
		}
	}
}
