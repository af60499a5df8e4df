// Package simpleapi is pyko's client of Python package indexes: the
// "simple" repository API that PyPI, devpi, Artifactory, Nexus, GitLab and
// plain web servers speak, plus --find-links locations.
//
// A project page is asked for as JSON first, HTML second:
//
//	GET <index>/<normalized-name>/
//	Accept: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01
//
// and read by its Content-Type: PEP 691 JSON, or PEP 503 HTML (anchors
// whose href ends in "#<hash>=<hex>", with PEP 592's data-yanked, PEP 503's
// data-requires-python and PEP 658/714's data-core-metadata, falling back
// to data-dist-info-metadata). PEP 700's size and upload-time are read from
// JSON. Relative URLs are resolved against the page's final URL (after
// redirects) or its <base href>. A page in a major version other than 1
// (PEP 629's meta tag, PEP 691's meta.api-version) is refused.
//
// # Several indexes: the first that has the project wins
//
// pip merges every index's files and picks the best version among them.
// That is how dependency confusion works: a name published on PyPI with a
// higher version shadows the private package of the same name. pyko does
// what uv does by default (its "first-index" strategy): indexes are asked
// in order, and the first one that knows the project (any answer but 404
// or 410) is the only one whose files are used. And, as in uv, the extra
// indexes come before the default one (see Order): a private package on an
// --extra-index-url is never taken from PyPI. An index that fails (5xx
// after retries, 401, an error page, a malformed page) is an error, not a
// miss: falling through to the next index would hand the name to it.
// --find-links locations are not indexes: their files matching the project
// are always added, after the index's.
//
// # Caching
//
// Project pages go through the fetch client's revalidating cache
// (fetch.HTTPCache, in <fetch cache>/http/ unless WithCacheDir), one entry
// per URL and Accept header, with the response's validators and
// Content-Type. The next request is conditional (If-None-Match,
// If-Modified-Since); a 304 reuses the copy, and an --offline fetch client
// uses it whatever its age. Pages are asked for with HTML allowed (an HTML
// page is a valid answer of this API), gzip transfer and a 512 MiB cap.
// Files (wheels, sdists, PEP 658 metadata) are content-addressed by their
// sha256 and go through fetch.Client.Fetch: see Client.Want and
// Client.Metadata.
//
// # Credentials
//
// The index URL's userinfo (https://user:token@host/simple/), else the
// .netrc entry of the host ($NETRC, else ~/.netrc; WithNetrc). They are
// sent as HTTP basic auth to the index's scheme and host only (files on
// another host get that host's .netrc entry, if any), and never written to
// an error, a log line, a cache file or a File.
//
// References: https://peps.python.org/pep-0503/, https://peps.python.org/pep-0691/,
// https://peps.python.org/pep-0658/, https://peps.python.org/pep-0714/,
// https://peps.python.org/pep-0592/, https://peps.python.org/pep-0629/,
// https://peps.python.org/pep-0700/,
// https://packaging.python.org/en/latest/specifications/simple-repository-api/,
// uv's index strategy: https://docs.astral.sh/uv/configuration/indexes/#searching-across-multiple-indexes
package simpleapi
