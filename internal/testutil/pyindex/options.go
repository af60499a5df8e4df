package pyindex

import "github.com/pyko-dev/pyko/internal/python/pep503"

// Option changes how the server answers. By default every file is served,
// wheels with PEP 658 metadata under both attribute names (PEP 714's
// data-core-metadata and the older data-dist-info-metadata), JSON or HTML
// as the client asks, without authentication.
type Option func(*config)

type config struct {
	notFound    map[string]bool   // normalized project → 404
	serverError map[string]bool   // normalized project → 500
	htmlError   map[string]int    // normalized project → status of an HTML error page
	flaky       map[string]int    // normalized project → 503s before a good answer
	truncate    map[string]bool   // filename → body cut short
	yanked      map[string]string // filename → reason
	metadata    map[string][]byte // filename → the .metadata file served instead
	user, pass  string
	noMetadata  bool
	legacyMeta  bool
	htmlOnly    bool
}

func newConfig(opts []Option) config {
	c := config{
		notFound: map[string]bool{}, serverError: map[string]bool{}, htmlError: map[string]int{},
		flaky: map[string]int{}, truncate: map[string]bool{}, yanked: map[string]string{},
		metadata: map[string][]byte{},
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// NotFound answers 404 for project's page, as if it did not exist.
func NotFound(project string) Option {
	return func(c *config) { c.notFound[pep503.Normalize(project)] = true }
}

// ServerError answers 500 for project's page, every time.
func ServerError(project string) Option {
	return func(c *config) { c.serverError[pep503.Normalize(project)] = true }
}

// Flaky answers 503 for the first n requests of project's page, then
// serves it.
func Flaky(project string, n int) Option {
	return func(c *config) { c.flaky[pep503.Normalize(project)] = n }
}

// HTMLErrorPage answers project's page with an HTML error page (no links)
// and the given status, whatever the Accept header: a proxy, a login form
// or a captive portal. Status 200 is the hardest case for a client.
func HTMLErrorPage(project string, status int) Option {
	return func(c *config) { c.htmlError[pep503.Normalize(project)] = status }
}

// TruncateFile sends half of filename's body under its full
// Content-Length, then drops the connection.
func TruncateFile(filename string) Option {
	return func(c *config) { c.truncate[filename] = true }
}

// Yank marks filename as yanked (PEP 592) with reason, which may be empty.
func Yank(filename, reason string) Option {
	return func(c *config) { c.yanked[filename] = reason }
}

// BasicAuth requires HTTP basic auth with user and pass on every path;
// anything else gets 401.
func BasicAuth(user, pass string) Option {
	return func(c *config) { c.user, c.pass = user, pass }
}

// NoMetadata advertises and serves no PEP 658 metadata.
func NoMetadata() Option { return func(c *config) { c.noMetadata = true } }

// LegacyMetadata advertises metadata only under the pre-PEP 714 names
// (data-dist-info-metadata, "dist-info-metadata"), as older servers do.
func LegacyMetadata() Option { return func(c *config) { c.legacyMeta = true } }

// HTMLOnly serves PEP 503 HTML only, as an index without PEP 691 does:
// the JSON media types are never chosen.
func HTMLOnly() Option { return func(c *config) { c.htmlOnly = true } }

// WrongMetadata serves meta as the PEP 658 metadata of wheel filename (with
// its own hash on the page), a .metadata file that disagrees with the
// wheel it stands for.
func WrongMetadata(filename string, meta []byte) Option {
	return func(c *config) { c.metadata[filename] = meta }
}
