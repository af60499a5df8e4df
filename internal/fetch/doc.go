// Package fetch is pyko's downloader: HTTP(S) and local files into a cache
// directory, with retries, revalidation and verification.
//
// Two kinds of fetch share one cache:
//
//   - HTTPCache.Get, for resources that change behind a fixed URL (an
//     APKINDEX, a signing key, a Python index's project page): a GET with
//     If-None-Match / If-Modified-Since taken from the cached copy's
//     metadata. 304 keeps the cached copy, 200 replaces it. A server
//     without validators is asked again every time, but the copy still
//     serves --offline runs (apko cannot do that). The Accept header is
//     part of the entry's key (PEP 691 negotiates JSON or HTML at one URL)
//     and the Content-Type is kept, so a caller can tell what it got.
//     Client.Revalidate is Get on the client's own HTTPCache for a file
//     (an HTML answer there is an error page).
//   - Fetch, for immutable files named by what they contain (packages,
//     wheels): the caller gives a cache key, and a hit is returned without
//     touching the network after a cheap size check. A miss is downloaded to
//     a temporary file while it is hashed, checked (SHA-256, size, the
//     caller's Verify callback) and only then committed into the cache.
//
// Cache layout, under the directory given to New (default $PYKO_CACHE, else
// os.UserCacheDir()/pyko):
//
//	http/<sha256 of the URL [+ "\n" + Accept]>/body       the last copy of a revalidated URL
//	http/<sha256 of the URL [+ "\n" + Accept]>/meta.json  an Entry: URL, final URL, Accept, Content-Type,
//	                                                      ETag, Last-Modified, size, sha256
//	blobs/<key>                          content-addressed files, e.g.
//	                                     blobs/sha256/<hex>, blobs/apk/x86_64/<name>-<version>-<checksum>
//	tmp/                                 downloads in progress; "<hash>.part" (+ ".json")
//	                                     are interrupted downloads waiting to be resumed;
//	                                     New removes files there older than a day
//
// The URL hashed for http/ has no credentials in it, and no file of the
// cache holds them. Keys are relative slash-separated paths of a small
// character set (see CheckKey), so a key can never name a file outside
// blobs/.
//
// Every file lands in the cache through atomicfile (synced, renamed, the
// directory synced), so a reader never sees half a file, and processes
// sharing a cache are safe: concurrent fetches of one key each write their
// own temporary file and the last rename wins, with the same content. A
// body and its meta.json are two files; a meta.json whose size and sha256
// do not match the body is ignored. A body shorter than its
// Content-Length, a connection cut or a body that stalls for a minute is
// an error and is retried; it is never cached. An interrupted download
// whose server sent "Accept-Ranges: bytes" and a strong ETag is parked in
// tmp/ and resumed with Range and If-Range by the next attempt or the next
// run; any other is started again.
//
// Sources: https:// and http:// URLs, file:// URLs and absolute paths.
// Get and Revalidate return a local path as it is (there is nothing to revalidate);
// Fetch copies it into the cache after the same checks as a download, so
// the cache semantics hold whatever the source. Credentials in a URL
// (https://user:pass@host/...) are sent as HTTP basic auth and kept out of
// every error, log line and cache file name.
//
// References: RFC 9110 (conditional requests, Range, Retry-After),
// https://www.rfc-editor.org/rfc/rfc9110
package fetch
