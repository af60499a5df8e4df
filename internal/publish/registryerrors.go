package publish

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// pushError adds advice to a push error: denied, untrusted certificate, or
// registry unreachable.
func pushError(tag name.Tag, err error) error {
	reg := tag.RegistryStr()
	var terr *transport.Error
	if errors.As(err, &terr) && (terr.StatusCode == http.StatusUnauthorized || terr.StatusCode == http.StatusForbidden) {
		return fmt.Errorf("push to %s denied: log in with docker login %s (pyko reads ~/.docker/config.json) or check the repository name: %w",
			tag, reg, err)
	}
	var verr *tls.CertificateVerificationError
	var uerr x509.UnknownAuthorityError
	if errors.As(err, &verr) || errors.As(err, &uerr) {
		return fmt.Errorf("pushing to %s: registry certificate not trusted: %w; install the registry's CA certificate, or list %s as an insecure registry",
			tag, err, reg)
	}
	if isNetError(err) {
		return fmt.Errorf("pushing to %s: registry unreachable: %w; check that the registry at %s is running and that the name is right",
			tag, err, reg)
	}
	return fmt.Errorf("pushing to %s: %w", tag, err)
}

// insecure reports whether tag's registry was listed by WithInsecureRegistries,
// as host:port or as host alone.
func (p *registryPublisher) insecure(tag name.Tag) bool {
	return matchesHost(p.o.insecure, tag.RegistryStr())
}

func matchesHost(hosts []string, addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	for _, h := range hosts {
		if h == addr || h == host {
			return true
		}
	}
	return false
}

// transport returns the WithTransport transport, or ggcr's default one that
// skips TLS verification for insecure registries.
func (p *registryPublisher) transport() http.RoundTripper {
	if p.o.transport != nil {
		return p.o.transport
	}
	base, ok := remote.DefaultTransport.(*http.Transport)
	if !ok || len(p.o.insecure) == 0 {
		return remote.DefaultTransport
	}
	skip := base.Clone()
	skip.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // only for hosts the user listed as insecure
	return &insecureRouter{hosts: p.o.insecure, verified: base, unverified: skip}
}

// insecureRouter sends requests for insecure hosts through a transport that
// does not verify TLS certificates, and all others through the default one.
type insecureRouter struct {
	hosts                []string
	verified, unverified http.RoundTripper
}

func (r *insecureRouter) RoundTrip(req *http.Request) (*http.Response, error) {
	if matchesHost(r.hosts, req.URL.Host) {
		return r.unverified.RoundTrip(req)
	}
	return r.verified.RoundTrip(req)
}
