package imageref

import (
	"slices"

	"github.com/google/go-containerregistry/pkg/name"
)

// Option changes what Parse and Check accept and how their errors read.
type Option func(*config)

type config struct {
	role     string
	kinds    []Kind
	nameOpts []name.Option
}

func makeConfig(opts []Option) config {
	c := config{role: "image", kinds: AllKinds}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Role names what the value is in errors, such as "output" or "base
// image". The default is "image".
func Role(role string) Option {
	return func(c *config) { c.role = role }
}

// Kinds limits the kinds accepted; the default is AllKinds. Without
// Registry, a value with no known prefix is an unknown one; a known form of
// a kind left out is an error saying that it cannot be that kind.
func Kinds(kinds ...Kind) Option {
	return func(c *config) { c.kinds = kinds }
}

// NameOptions are passed to name.ParseReference for a registry reference,
// such as name.Insecure.
func NameOptions(opts ...name.Option) Option {
	return func(c *config) { c.nameOpts = append(c.nameOpts, opts...) }
}

func (c config) allows(k Kind) bool { return slices.Contains(c.kinds, k) }

// forms lists the accepted kinds in AllKinds order.
func (c config) forms() string {
	var ks []Kind
	for _, k := range AllKinds {
		if c.allows(k) {
			ks = append(ks, k)
		}
	}
	return Forms(ks...)
}

func (c config) error(value, problem string, err error) *Error {
	return &Error{Role: c.role, Value: value, Problem: problem, Forms: c.forms(), Err: err}
}
