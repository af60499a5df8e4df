package simpleapi

import (
	"bufio"
	"reflect"
	"strings"
	"testing"
)

const (
	h64  = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	h64b = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
)

func TestParseHTML(t *testing.T) {
	const page = "https://idx.example/simple/flask/"
	for _, tc := range []struct {
		name, html string
		want       []File
		links      int
		version    string
	}{
		{
			name: "relative link, hash in the fragment, escaped attributes",
			html: `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"><title>Links for flask</title></head><body>
<a href="../../files/flask-3.0.3-py3-none-any.whl#sha256=` + strings.ToUpper(h64) + `" data-requires-python="&gt;=3.8" data-core-metadata="sha256=` + h64b + `">flask-3.0.3-py3-none-any.whl</a><br/>`,
			want: []File{{
				Filename: "flask-3.0.3-py3-none-any.whl", URL: "https://idx.example/files/flask-3.0.3-py3-none-any.whl",
				Hashes: map[string]string{"sha256": h64}, RequiresPython: ">=3.8",
				CoreMetadata: true, MetadataHashes: map[string]string{"sha256": h64b},
			}},
			links: 1, version: "1.1",
		},
		{
			name: "absolute link, yanked with and without reason, legacy metadata attribute",
			html: `<A HREF='https://files.example/p/a-1.tar.gz' DATA-YANKED>a-1.tar.gz</A>
<a href=https://files.example/p/a-2.tar.gz#md5=0123456789abcdef0123456789abcdef data-yanked="broken &amp; bad" data-dist-info-metadata=true>x</a>`,
			want: []File{
				{Filename: "a-1.tar.gz", URL: "https://files.example/p/a-1.tar.gz", Yanked: true},
				{Filename: "a-2.tar.gz", URL: "https://files.example/p/a-2.tar.gz", Hashes: map[string]string{"md5": "0123456789abcdef0123456789abcdef"}, Yanked: true, YankedReason: "broken & bad", CoreMetadata: true},
			},
			links: 2,
		},
		{
			name: "base href, core-metadata preferred over dist-info-metadata, false means none",
			html: `<base href="https://cdn.example/dl/"><base href="https://ignored.example/">
<a href="b-1-py3-none-any.whl" data-core-metadata="false" data-dist-info-metadata="sha256=` + h64 + `">b</a>`,
			want:  []File{{Filename: "b-1-py3-none-any.whl", URL: "https://cdn.example/dl/b-1-py3-none-any.whl"}},
			links: 1,
		},
		{
			name: "links that are not files, links in comments and scripts, a file: link on a remote page",
			html: `<!-- <a href="c-0.whl"> --><script>var s = "<a href='c-1.whl'>";</script><style>a{}</style>
<a href="../">parent</a><a name="top">no href</a><a href="?C=N;O=D">sort</a><a href="file:///etc/passwd">x</a>
<a href="mailto:x@example">mail</a><a href="c-2.whl#egg=c">c</a><a href="c%2Fd-3.whl">slash</a><a href="..">up</a>`,
			want:  []File{{Filename: "c-2.whl", URL: "https://idx.example/simple/flask/c-2.whl"}},
			links: 7,
		},
		{
			name:  "duplicate attributes keep the first, credentials are dropped",
			html:  `<a href="https://u:p@h.example/d-1.whl" href="https://evil.example/d-1.whl" data-requires-python=" >=3.9 ">d</a>`,
			want:  []File{{Filename: "d-1.whl", URL: "https://h.example/d-1.whl", RequiresPython: ">=3.9"}},
			links: 1,
		},
		{name: "an error page", html: `<html><body><h1>Sign in</h1></body></html>`},
		{name: "cut inside a tag", html: `<a href="e-1.whl">e</a><a href="e-2.whl`, want: []File{{Filename: "e-1.whl", URL: "https://idx.example/simple/flask/e-1.whl"}}, links: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parseHTML(strings.NewReader(tc.html), page)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.files, tc.want) && !(len(p.files) == 0 && len(tc.want) == 0) {
				t.Errorf("files\n%+v\nwant\n%+v", p.files, tc.want)
			}
			if p.links != tc.links || p.version != tc.version {
				t.Errorf("links %d, version %q; want %d, %q", p.links, p.version, tc.links, tc.version)
			}
		})
	}
}

func TestParseHTMLErrors(t *testing.T) {
	for name, html := range map[string]string{
		"short sha256":       `<a href="a-1.whl#sha256=abc">a</a>`,
		"non-hex sha256":     `<a href="a-1.whl#sha256=` + strings.Repeat("z", 64) + `">a</a>`,
		"bad metadata hash":  `<a href="a-1.whl" data-core-metadata="sha256=12">a</a>`,
		"repository version": `<meta name="pypi:repository-version" content="2.0">`,
		"unparsable link":    `<a href="http://[::1">a</a>`,
		"a tag without end":  `<a href="` + strings.Repeat("x", maxTag) + `">`,
	} {
		if _, err := parseHTML(strings.NewReader(html), "https://idx.example/simple/a/"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParseHTMLLocalPage(t *testing.T) {
	p, err := parseHTML(strings.NewReader(`<a href="w/a-1.whl">a</a><a href="file:///other/b-1.whl">b</a>`), "file:///srv/links.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.files) != 2 || p.files[0].URL != "file:///srv/w/a-1.whl" || p.files[1].URL != "file:///other/b-1.whl" {
		t.Errorf("files %+v", p.files)
	}
}

func TestScanTagsComments(t *testing.T) {
	var got []string
	html := `<!----><a href=1><!-- x --- y ---><a href=2><!DOCTYPE html><?xml?><TITLE><a href=no></TiTlE ><a href=3>< a href=no><a
href = "4" / >`
	err := scanTags(bufio.NewReader(strings.NewReader(html)), map[string]bool{"a": true}, func(_ string, attrs map[string]string) error {
		got = append(got, attrs["href"])
		return nil
	})
	if err != nil || strings.Join(got, ",") != "1,2,3,4" {
		t.Errorf("hrefs %q, error %v", got, err)
	}
}
