package resolve

// DefaultMaxSteps bounds the search: this many candidate packages tried
// before Resolve gives up. Real resolutions need one try per package in the
// result, plus a few when a pin forces an older version.
const DefaultMaxSteps = 100_000

type options struct {
	arch     string
	maxSteps int
}

// Option configures Resolve.
type Option func(*options)

// WithArch makes only packages of this arch (and "noarch") candidates.
// Default "": every package passed is a candidate, whatever its arch, which
// suits a caller that passes one arch's index anyway.
func WithArch(arch string) Option { return func(o *options) { o.arch = arch } }

// WithMaxSteps sets how many candidate packages the search may try before
// it gives up with an error. Default DefaultMaxSteps.
func WithMaxSteps(n int) Option { return func(o *options) { o.maxSteps = n } }
