package tools

import (
	"io"
	"log"
	"net/http/httptest"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
)

// TLSRegistry serves go-containerregistry's in-memory registry over TLS
// with a self-signed certificate on a loopback port, quietly, until the
// test ends: a registry that only an insecure (unverified) client reaches.
// Its Client() trusts the certificate; its Listener's address is the
// registry's HOST:PORT.
func TLSRegistry(t testing.TB) *httptest.Server {
	t.Helper()
	quiet := log.New(io.Discard, "", 0)
	s := httptest.NewUnstartedServer(registry.New(registry.Logger(quiet)))
	s.Config.ErrorLog = quiet
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}
