package simpleapi

import (
	"bufio"
	"bytes"
	"fmt"
	"mime"
	"os"
	"strings"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// pageKind is how a page is written.
type pageKind int

const (
	kindHTML pageKind = iota
	kindJSON
)

// kindOf reads a page's kind from its Content-Type, checked against its
// first byte: an HTML body under a JSON type is an error page (a proxy's,
// a login form), and a page without a known type is sniffed.
func kindOf(contentType string, body *bufio.Reader) (pageKind, error) {
	first := firstByte(body)
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/json" || strings.HasPrefix(mt, "application/vnd.pypi.simple.") && strings.HasSuffix(mt, "+json"):
		if first == '<' {
			return 0, fmt.Errorf("the index sent an HTML page (an error page, a login form or a proxy?) labelled %s, where PEP 691 JSON was expected", mt)
		}
		return kindJSON, nil
	case mt == "text/html" || mt == "application/xhtml+xml" || strings.HasPrefix(mt, "application/vnd.pypi.simple.") && strings.HasSuffix(mt, "+html"):
		return kindHTML, nil
	case first == '{':
		return kindJSON, nil
	case first == '<':
		return kindHTML, nil
	}
	return 0, fmt.Errorf("the index sent a page of type %q, neither PEP 691 JSON nor HTML", contentType)
}

// firstByte peeks at the first byte of body that is not white space or a
// UTF-8 byte order mark; 0 if none is found early.
func firstByte(body *bufio.Reader) byte {
	b, _ := body.Peek(512)
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// openPage opens a cached page's body; the caller closes f.
func openPage(e *fetch.Entry) (f *os.File, body *bufio.Reader, err error) {
	f, err = os.Open(e.Path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the cached page of %s: %w", e.URL, err)
	}
	return f, bufio.NewReaderSize(f, 64<<10), nil
}

// parseProject parses a cached project page of the project norm.
func parseProject(e *fetch.Entry, norm string) ([]File, error) {
	f, body, err := openPage(e)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	kind, err := kindOf(e.ContentType, body)
	if err != nil {
		return nil, err
	}
	base := e.BaseURL()
	if kind == kindJSON {
		jp, err := parseJSON(body, base)
		if err != nil {
			return nil, fmt.Errorf("parsing the PEP 691 JSON page %s: %w", base, err)
		}
		if jp.name != "" && pep503.Normalize(jp.name) != norm {
			return nil, fmt.Errorf("the page %s is for project %q", base, jp.name)
		}
		return jp.files, nil
	}
	hp, err := parseHTML(body, base)
	if err != nil {
		return nil, fmt.Errorf("parsing the HTML page %s: %w", base, err)
	}
	if len(hp.files) == 0 && hp.links == 0 && hp.version == "" {
		return nil, errNotSimplePage
	}
	return hp.files, nil
}

// parseLinks parses a cached --find-links page: HTML links to files of any
// project.
func parseLinks(e *fetch.Entry) ([]File, error) {
	f, body, err := openPage(e)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	base := e.BaseURL()
	if kind, err := kindOf(e.ContentType, body); err != nil || kind != kindHTML {
		return nil, fmt.Errorf("the page %s is not HTML (%s)", base, e.ContentType)
	}
	hp, err := parseHTML(body, base)
	if err != nil {
		return nil, fmt.Errorf("parsing the HTML page %s: %w", base, err)
	}
	return hp.files, nil
}
