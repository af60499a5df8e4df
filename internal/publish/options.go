package publish

import (
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Option configures a Publisher.
type Option func(*options)

type options struct {
	jobs       int
	insecure   []string
	keychain   authn.Keychain
	userAgent  string
	transport  http.RoundTripper
	dockerHost string
	platform   v1.Platform
	logger     *slog.Logger
	timeout    time.Duration
	progress   Progress
}

// defaultDockerHost is the Docker Engine's socket when no host is given.
const defaultDockerHost = "unix:///var/run/docker.sock"

func makeOptions(opts []Option) options {
	o := options{
		jobs:       4,
		keychain:   authn.DefaultKeychain,
		userAgent:  "pyko",
		dockerHost: defaultDockerHost,
		platform:   v1.Platform{OS: "linux", Architecture: runtime.GOARCH},
		logger:     slog.Default(),
		timeout:    time.Minute,
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithJobs sets how many blobs are uploaded or written at once. The default
// is 4; values below 1 mean 1.
func WithJobs(n int) Option {
	return func(o *options) { o.jobs = max(n, 1) }
}

// WithInsecureRegistries lists registry hosts ("host" or "host:port") that are
// reached over plain HTTP or over TLS without certificate verification, as
// package insecure matches them. The default is none; loopback and
// private-network registries already use plain HTTP.
func WithInsecureRegistries(hosts ...string) Option {
	return func(o *options) { o.insecure = append(o.insecure, hosts...) }
}

// WithKeychain sets where registry credentials come from. The default is
// authn.DefaultKeychain: ~/.docker/config.json ($DOCKER_CONFIG) and its
// credential helpers.
func WithKeychain(k authn.Keychain) Option {
	return func(o *options) { o.keychain = k }
}

// WithTransport sets the HTTP transport for registry requests, for tests and
// proxies. The default is ggcr's remote.DefaultTransport. With a custom
// transport, insecure registries get plain HTTP but no TLS-verification skip.
func WithTransport(t http.RoundTripper) Option {
	return func(o *options) { o.transport = t }
}

// WithTimeout cuts a registry exchange that sends and receives nothing for
// d (package silence); such a request is retried like a 5xx. Default: a
// minute. d <= 0 keeps the default.
func WithTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// WithDockerHost sets the Docker Engine API address for the daemon sink, in
// DOCKER_HOST form (unix:///run/podman/podman.sock, tcp://host:2375). The
// caller reads DOCKER_HOST; the default is unix:///var/run/docker.sock.
// An empty host keeps the default.
func WithDockerHost(host string) Option {
	return func(o *options) {
		if host != "" {
			o.dockerHost = host
		}
	}
}

// WithPlatform sets which image of a multi-platform result the single-image
// sinks (docker-archive, daemon) take. The default is linux on the
// architecture pyko runs on (runtime.GOARCH).
func WithPlatform(p v1.Platform) Option {
	return func(o *options) { o.platform = p }
}

// WithLogger sets the logger for progress lines. The default is
// slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}
