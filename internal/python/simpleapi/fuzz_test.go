package simpleapi

import (
	"net/url"
	"strings"
	"testing"
)

// checkFiles asserts what every parsed File promises.
func checkFiles(t *testing.T, files []File) {
	t.Helper()
	for _, f := range files {
		if !validFilename(f.Filename) {
			t.Fatalf("file name %q", f.Filename)
		}
		u, err := url.Parse(f.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Fragment != "" {
			t.Fatalf("URL %q of a remote page: %v", f.URL, err)
		}
		for _, hs := range []map[string]string{f.Hashes, f.MetadataHashes} {
			for alg, h := range hs {
				if len(h) != hexLen(alg) || strings.ToLower(h) != h {
					t.Fatalf("hash %s=%q", alg, h)
				}
			}
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, seed := range []string{
		`<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"></head><body><a href="../../f/a-1-py3-none-any.whl#sha256=` + h64 + `" data-requires-python="&gt;=3.8" data-yanked="" data-core-metadata="sha256=` + h64b + `">a</a><br/></body></html>`,
		`<base href="https://cdn.example/"><A HREF=x-1.tar.gz DATA-DIST-INFO-METADATA=true>x</A><!-- <a href=y> --><script><a href=z></script>`,
		`<a href='https://u:p@h/a%2Fb.whl#md5=0123' data-yanked>`,
		`<a href="`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, page string) {
		p, err := parseHTML(strings.NewReader(page), "https://idx.example/simple/a/")
		if err != nil {
			return
		}
		if len(p.files) > p.links {
			t.Fatalf("%d files from %d links", len(p.files), p.links)
		}
		checkFiles(t, p.files)
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, seed := range []string{
		`{"meta":{"api-version":"1.1"},"name":"a","files":[{"filename":"a-1-py3-none-any.whl","url":"../../f/a-1-py3-none-any.whl","hashes":{"sha256":"` + h64 + `"},"requires-python":">=3.8","core-metadata":{"sha256":"` + h64b + `"},"yanked":"bad","size":10,"upload-time":"2024-01-01T00:00:00Z"}]}`,
		`{"meta":{"api-version":"1.0"},"name":"a","files":[{"filename":"a-1.tar.gz","url":"https://h/a-1.tar.gz","hashes":{},"dist-info-metadata":true,"yanked":true}]}`,
		`{"meta":{"api-version":"1.0"},"files":[{"filename":"a","url":"file:///x"}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, page string) {
		p, err := parseJSON(strings.NewReader(page), "https://idx.example/simple/a/")
		if err != nil {
			return
		}
		checkFiles(t, p.files)
	})
}

func FuzzNetrc(f *testing.F) {
	f.Add("machine a login b password \"c\\\"d\"\nmacdef m\nx\n\ndefault login e password f\n")
	f.Add("# c\nmachine a\n")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseNetrc(s)
		if err != nil {
			return
		}
		n.lookup("a")
	})
}
