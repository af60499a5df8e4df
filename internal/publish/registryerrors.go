package publish

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"

	"github.com/pyko-dev/pyko/internal/insecure"
	"github.com/pyko-dev/pyko/internal/silence"
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

// insecure reports whether tag's registry was listed by
// WithInsecureRegistries (insecure.Registries' rule).
func (p *registryPublisher) insecure(tag name.Tag) bool {
	return insecure.Registries(p.o.insecure).Match(tag.RegistryStr())
}

// transport returns the WithTransport transport, or ggcr's default one that
// skips TLS verification for insecure registries.
func (p *registryPublisher) transport() http.RoundTripper {
	if p.o.transport != nil {
		return silence.Transport(p.o.transport, p.o.timeout)
	}
	return silence.Transport(insecure.Registries(p.o.insecure).Transport(remote.DefaultTransport), p.o.timeout)
}
