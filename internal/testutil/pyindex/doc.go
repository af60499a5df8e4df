// Package pyindex serves a folder of wheels and sdists as a Python package
// index on loopback, for tests: the PEP 503 HTML and PEP 691 JSON simple
// API chosen by the Accept header, PEP 658/714 core metadata, PEP 592
// yanking and PEP 700 sizes and upload times, so that pyko's index client
// is tested through real HTTP.
//
// Layout (base URL = Server.URL; index URL = Server.IndexURL()):
//
//	/simple/                    the project list
//	/simple/<normalized-name>/  a project page; other spellings redirect (301)
//	/files/<filename>           a file; its page links it relatively with its sha256
//	/files/<filename>.metadata  a wheel's METADATA (PEP 658)
//	/links/                     a flat page of every file, for --find-links
//
// The folder is read on every request, so a test may add files after
// Serve. Pages carry an ETag (the SHA-256 of the body) and Last-Modified
// (the newest file), and honour If-None-Match and If-Modified-Since. The
// server counts requests per path, so that a test can assert "no wheel was
// downloaded" (FileRequests) or "the page was revalidated".
//
// Options inject the failures a client must report clearly: a 404 or 500
// for a project, a flaky project page, an HTML error page where JSON was
// asked for, a file body cut short, HTTP basic auth.
//
// References: https://peps.python.org/pep-0503/, https://peps.python.org/pep-0691/,
// https://peps.python.org/pep-0658/, https://peps.python.org/pep-0714/,
// https://peps.python.org/pep-0592/, https://peps.python.org/pep-0700/
package pyindex
