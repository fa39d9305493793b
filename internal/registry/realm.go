package registry

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// A Bearer challenge tells the client where to fetch a token, and the client
// goes there with the registry's credentials. A hostile or compromised
// registry (or anything that can answer for it) could name an address only
// the provider's machine can reach: a cloud metadata service, an admin port
// on the private network. checkRealm refuses such realms before any request
// is made. It looks at the realm's text only and never resolves a name: a
// realm on another public host (Docker Hub's auth.docker.io) stays allowed,
// and DNS names that resolve to internal addresses are the network's to
// police, not ours.
//
// go-containerregistry's Exchange has a guard of its own, narrower (it lets
// 100.64.0.0/10 and multicast through) and untyped; this one runs first, so
// that a refusal is an ErrUnsafeRealm the provider can explain.

// Cloud instance metadata services, reachable from any VM: AWS, GCP and Azure
// use 169.254.169.254 (link-local, refused anyway, named here so the error
// says what it is), AWS also fd00:ec2::254 (unique-local).
var metadataAddrs = map[netip.Addr]bool{
	netip.MustParseAddr("169.254.169.254"): true,
	netip.MustParseAddr("fd00:ec2::254"):   true,
}

// sharedAddrs is RFC 6598 carrier-grade NAT space: no public host lives there,
// and Alibaba Cloud serves its metadata at 100.100.100.200.
var sharedAddrs = netip.MustParsePrefix("100.64.0.0/10")

// unsafeRealm is why a realm was refused.
type unsafeRealm struct {
	realm  string // as safeURL renders it: no user info, no unknown query values
	reason string
}

func (e *unsafeRealm) Error() string {
	return fmt.Sprintf("token realm %s refused: %s", e.realm, e.reason)
}

// checkRealm vets a Bearer realm for a registry at registryHost (host[:port]
// as in references) reached over registryScheme ("https" or "http").
func checkRealm(realm, registryHost, registryScheme string) error {
	if realm == "" {
		return nil // no realm, no request: Exchange reports the malformed challenge
	}
	u, err := url.Parse(realm)
	if err != nil {
		return &unsafeRealm{realm: "(unparsable)", reason: "it is not a URL"}
	}
	if why := targetRisk(u, registryHost, registryScheme); why != "" {
		return &unsafeRealm{realm: safeURL(u), reason: why}
	}
	return nil
}

// targetRisk says why the client may not send a request for a registry at
// registryHost, reached over registryScheme, to u (a token realm, or where
// a redirect points), or "" when it may. It looks at the text only and never
// resolves a name.
func targetRisk(u *url.URL, registryHost, registryScheme string) string {
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if registryScheme != "http" {
			return "it is plain HTTP for a registry reached over HTTPS, so credentials would travel in clear"
		}
	default:
		return fmt.Sprintf("scheme %q is neither https nor http", u.Scheme)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "it names no host"
	}
	own := strings.EqualFold(u.Host, registryHost)
	if addr, err := netip.ParseAddr(host); err == nil {
		if why := addrRisk(addr.WithZone("").Unmap(), own); why != "" {
			return host + " " + why
		}
		return ""
	}
	switch {
	case numericHost(host):
		// "2852039166", "0xa9fea9fe", "169.254.43518": the resolver may read
		// these as IPv4 addresses (inet_aton), so they are judged as such by
		// refusing them: no DNS name ends in a label starting with a digit.
		return host + " is an IP address in a non-canonical form"
	case (host == "localhost" || strings.HasSuffix(host, ".localhost")) && !own:
		return host + " is the loopback interface, not the registry's own address" // RFC 6761
	}
	return ""
}

// addrRisk says why addr may not be a realm's host, or "" when it may. own
// means the realm is the registry's own host:port, which may be private or
// loopback (a registry on the local network serving its own tokens), though
// never link-local, multicast or unspecified.
func addrRisk(addr netip.Addr, own bool) string {
	switch {
	case metadataAddrs[addr]:
		return "is a cloud metadata address"
	case addr.IsUnspecified():
		return "is the unspecified address, which reaches the local host"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast():
		return "is a link-local address"
	case addr.IsMulticast(), addr.IsInterfaceLocalMulticast():
		return "is a multicast address"
	case own:
		return ""
	case addr.IsLoopback():
		return "is a loopback address other than the registry's own"
	case addr.IsPrivate():
		return "is a private address other than the registry's own"
	case sharedAddrs.Contains(addr):
		return "is a shared (carrier-grade NAT) address other than the registry's own"
	}
	return ""
}

// numericHost reports a host whose last label starts with a digit: never a
// DNS name, since top-level domains are alphabetic.
func numericHost(host string) bool {
	last := host[strings.LastIndexByte(host, '.')+1:]
	return (last != "" && last[0] >= '0' && last[0] <= '9') || strings.Contains(host, ":")
}
