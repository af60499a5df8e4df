package fetch

import (
	"errors"
	"fmt"
	"net"
)

// Advise adds what to do to an error that comes from not
// reaching a server at all, which on a build machine is usually a missing
// network or proxy rather than a wrong URL.
func Advise(err error) error {
	var op *net.OpError
	var dns *net.DNSError
	if errors.As(err, &op) || errors.As(err, &dns) {
		return fmt.Errorf("%w; check the network (and HTTPS_PROXY), use --offline after one online build, or point --repository, --keyring and --index-url at a mirror", err)
	}
	return err
}
