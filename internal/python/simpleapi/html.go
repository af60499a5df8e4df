package simpleapi

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// htmlPage is what a PEP 503 page (or a flat --find-links page) holds.
type htmlPage struct {
	files   []File
	links   int    // anchors with an href, distribution files or not
	version string // PEP 629's pypi:repository-version, if given
}

// parseHTML reads the anchors of an HTML page at pageURL. Links are
// resolved against the page's first <base href>, else pageURL. A link is
// kept as a file when its URL's last path segment is a plausible file name
// and its scheme is http(s), or file on a local page: a remote page never
// makes pyko read a local file. Spec traps handled: attribute values are
// HTML-escaped (data-requires-python="&gt;=3.8"); data-yanked may be
// present with no value; the hash is in the URL fragment; PEP 714 renamed
// data-dist-info-metadata to data-core-metadata and both are seen in the
// wild.
func parseHTML(r io.Reader, pageURL string) (*htmlPage, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("parsing the page URL: %w", err)
	}
	local := base.Scheme == "file"
	p := &htmlPage{}
	sawBase := false
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	err = scanTags(br, map[string]bool{"a": true, "base": true, "meta": true}, func(name string, attrs map[string]string) error {
		switch name {
		case "base":
			href, ok := attrs["href"]
			if !ok || sawBase {
				return nil
			}
			sawBase = true
			u, err := base.Parse(strings.TrimSpace(href))
			if err != nil {
				return fmt.Errorf("<base href=%q>: %w", href, err)
			}
			base = u
		case "meta":
			if attrs["name"] == "pypi:repository-version" {
				p.version = attrs["content"]
				if major, _, _ := strings.Cut(p.version, "."); major != "1" {
					return fmt.Errorf("the page is in version %q of the simple API; pyko reads version 1", p.version)
				}
			}
		case "a":
			href, ok := attrs["href"]
			if !ok {
				return nil
			}
			p.links++
			f, err := anchorFile(base, local, href, attrs)
			if err != nil {
				return err
			}
			if f != nil {
				p.files = append(p.files, *f)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// anchorFile makes a File of a link, or returns nil for a link to no file
// (a directory, another scheme).
func anchorFile(base *url.URL, local bool, href string, attrs map[string]string) (*File, error) {
	u, err := base.Parse(strings.TrimSpace(href))
	if err != nil {
		return nil, fmt.Errorf("link %q: %w", href, err)
	}
	if !allowedScheme(u.Scheme, local) {
		return nil, nil
	}
	// The last segment of the path as sent, then unescaped: "a%2Fb.whl"
	// is a file named "a/b.whl" (not a file name), not "b.whl".
	escaped := u.EscapedPath()
	filename, err := url.PathUnescape(escaped[strings.LastIndex(escaped, "/")+1:])
	if err != nil || !validFilename(filename) {
		return nil, nil
	}
	f := &File{Filename: filename, RequiresPython: strings.TrimSpace(attrs["data-requires-python"])}
	if f.Hashes, err = fragmentHashes(u.Fragment); err != nil {
		return nil, fmt.Errorf("link to %s: %w", filename, err)
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	f.URL = u.String()
	if reason, ok := attrs["data-yanked"]; ok {
		f.Yanked, f.YankedReason = true, reason
	}
	meta, ok := attrs["data-core-metadata"]
	if !ok {
		meta = attrs["data-dist-info-metadata"]
	}
	if f.CoreMetadata, f.MetadataHashes, err = metadataAttr(meta); err != nil {
		return nil, fmt.Errorf("link to %s: %w", filename, err)
	}
	return f, nil
}

// allowedScheme: http(s) links anywhere, file links on local pages only.
func allowedScheme(scheme string, local bool) bool {
	return scheme == "https" || scheme == "http" || scheme == "file" && local
}

// validFilename: a name, not a path, that can be written as it is.
func validFilename(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\\\x00")
}
