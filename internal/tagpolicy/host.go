package tagpolicy

import (
	"net"
	"strconv"
	"strings"
)

// dockerHub is the registry that references without a registry part, and those written with
// "docker.io", resolve to. go-containerregistry and the Docker CLI both use this name for it.
const dockerHub = "index.docker.io"

// registryExample ends every registry error so the user sees a shape that works.
const registryExample = `a registry is host[:port], e.g. "registry.example.com", "localhost:5000" or "[::1]:5000"`

// splitRegistry validates host[:port] and returns it normalised: the host lowercased (host names are
// case-insensitive, and one spelling keeps pins and policy matches stable) and "docker.io" rewritten
// to index.docker.io. An IPv6 host keeps its brackets so that registry == host[:port] always holds.
func splitRegistry(s string) (registry, host, port string, reason string) {
	h, p, hasPort := s, "", false
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", "", "", "has an unclosed \"[\"; " + registryExample
		}
		h = s[:end+1]
		rest := s[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return "", "", "", "has text after the IPv6 address; " + registryExample
			}
			p, hasPort = rest[1:], true
		}
		if inner := h[1 : len(h)-1]; net.ParseIP(inner) == nil || !strings.Contains(inner, ":") {
			return "", "", "", "has an invalid IPv6 address; " + registryExample
		}
	} else if i := strings.IndexByte(s, ':'); i >= 0 {
		h, p, hasPort = s[:i], s[i+1:], true
		if !validHostName(h) {
			return "", "", "", "has an invalid host name; " + registryExample
		}
	} else if !validHostName(h) {
		return "", "", "", "has an invalid host name; " + registryExample
	}
	if hasPort && !validPort(p) {
		return "", "", "", "has an invalid port (1 to 65535); " + registryExample
	}
	h = strings.ToLower(h)
	if h == "docker.io" {
		h = dockerHub
	}
	registry = h
	if hasPort {
		registry += ":" + p
	}
	return registry, h, p, ""
}

// validHostName accepts DNS names and IPv4 addresses: dot-separated labels of letters, digits and
// inner hyphens, as in the Docker reference grammar.
func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if !isAlnum(label[i]) && label[i] != '-' {
				return false
			}
		}
	}
	return true
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 || strings.TrimLeft(p, "0123456789") != "" {
		return false
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
