package pipfile

import "os"

type options struct {
	lookupEnv func(string) (string, bool)
}

// Option configures Parse.
type Option func(*options)

// WithLookupEnv sets where ${VAR} and $VAR in source URLs are looked up.
// Default os.LookupEnv.
func WithLookupEnv(f func(string) (string, bool)) Option {
	return func(o *options) {
		if f != nil {
			o.lookupEnv = f
		}
	}
}

func defaultOptions() options { return options{lookupEnv: os.LookupEnv} }
