package insecure

import (
	"crypto/tls"
	"net"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// Registries lists insecure registries, each "host" or "host:port"; an
// empty entry matches nothing.
type Registries []string

// Match reports whether the registry at addr ("host" or "host:port", as
// name.Registry.RegistryStr and url.URL.Host give it) is listed.
func (r Registries) Match(addr string) bool {
	host, port := split(addr)
	for _, entry := range r {
		h, p := split(entry)
		if h != "" && strings.EqualFold(h, host) && (p == "" || p == port) {
			return true
		}
	}
	return false
}

// split returns the host (brackets removed, "docker.io" as
// "index.docker.io") and the port, "" when there is none.
func split(addr string) (host, port string) {
	host = addr
	if h, p, err := net.SplitHostPort(addr); err == nil {
		host, port = h, p
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "docker.io") {
		host = name.DefaultRegistry
	}
	return host, port
}

// NameOptions returns name.Insecure when the registry of the reference
// ref is listed, for name.ParseReference, name.NewTag and the like; nil
// otherwise, also when ref does not parse (parsing it again reports that).
func (r Registries) NameOptions(ref string) []name.Option {
	parsed, err := name.ParseReference(ref)
	if err != nil || !r.Match(parsed.Context().RegistryStr()) {
		return nil
	}
	return []name.Option{name.Insecure}
}

// Transport returns base, or, when registries are listed and base is an
// *http.Transport, a RoundTripper that skips TLS certificate verification
// for the listed registries only.
func (r Registries) Transport(base http.RoundTripper) http.RoundTripper {
	verified, ok := base.(*http.Transport)
	if !ok || len(r) == 0 {
		return base
	}
	skip := verified.Clone()
	skip.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // only for hosts the user listed as insecure
	return &router{hosts: r, verified: base, unverified: skip}
}

// router sends requests for insecure hosts through a transport that does
// not verify TLS certificates, and all others through the default one.
type router struct {
	hosts                Registries
	verified, unverified http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (r *router) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.hosts.Match(req.URL.Host) {
		return r.unverified.RoundTrip(req)
	}
	return r.verified.RoundTrip(req)
}
