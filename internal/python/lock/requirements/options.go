package requirements

import (
	"log/slog"
	"os"
)

type options struct {
	log       *slog.Logger
	lookupEnv func(string) (string, bool)
}

// Option configures Parse.
type Option func(*options)

// WithLogger sets where Parse logs: Debug lines for the options it accepts
// and ignores (--trusted-host, --pre, --prefer-binary, --only-binary,
// --use-feature, --global-option, --config-settings), Warn lines for those
// that pyko cannot honour (--no-binary, a --hash with no requirement).
// Default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithLookupEnv sets where ${NAME} in the file is looked up. Default
// os.LookupEnv.
func WithLookupEnv(f func(string) (string, bool)) Option {
	return func(o *options) {
		if f != nil {
			o.lookupEnv = f
		}
	}
}

func defaultOptions() options {
	return options{log: slog.Default(), lookupEnv: os.LookupEnv}
}
