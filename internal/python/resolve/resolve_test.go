package resolve

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/testutil/debwheels"
	"github.com/pyko-dev/pyko/internal/testutil/faultproxy"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

var amd64 = target.Target{Machine: "x86_64", APKArch: "x86_64", Python: "3.11.2", Glibc: "2.36"}

// debIndex serves the Debian-made wheels (real dependency graphs).
func debIndex(t testing.TB, opts ...pyindex.Option) *pyindex.Server {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, err := debwheels.Build(ctx, "", "amd64")
	if err != nil {
		t.Fatalf("building the Debian wheels: %v", err)
	}
	return pyindex.Serve(t, dir, opts...)
}

func options(t testing.TB, indexURL string, tgt target.Target) Options {
	return optionsIn(t, indexURL, tgt, t.TempDir())
}

// optionsIn is options with the download cache in dir.
func optionsIn(t testing.TB, indexURL string, tgt target.Target, dir string) Options {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	fc, err := fetch.New(dir, fetch.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := simpleapi.New(fc, []simpleapi.Index{{URL: indexURL}})
	if err != nil {
		t.Fatal(err)
	}
	return Options{Index: idx, Fetch: fc, Target: tgt, Log: log}
}

func reqs(t testing.TB, lines ...string) []pep508.Requirement {
	t.Helper()
	var out []pep508.Requirement
	for _, l := range lines {
		r, err := pep508.ParseRequirement(l)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func names(pkgs []lock.Package) string {
	var s []string
	for _, p := range pkgs {
		s = append(s, p.Name+"=="+p.Version)
	}
	return strings.Join(s, " ")
}

// TestResolveDebianFlask resolves Flask against the real graph of the
// Debian-made wheels, with PEP 658 metadata and without (the wheels are
// then downloaded into the cache).
func TestResolveDebianFlask(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []pyindex.Option
	}{{"metadata files", nil}, {"wheels only", []pyindex.Option{pyindex.NoMetadata()}}} {
		t.Run(tc.name, func(t *testing.T) {
			idx := debIndex(t, tc.opts...)
			got, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, "Flask>=2")}, options(t, idx.IndexURL(), amd64))
			if err != nil {
				t.Fatal(err)
			}
			want := "click==8.1.3 flask==2.2.2 itsdangerous==2.1.2 jinja2==3.1.2 markupsafe==2.1.2 werkzeug==2.2.2"
			if names(got) != want {
				t.Errorf("resolved %s\nwant     %s", names(got), want)
			}
		})
	}
}

// TestResolveExplains: a resolution that fails says why, naming the chain.
func TestResolveExplains(t *testing.T) {
	idx := debIndex(t)
	for _, tc := range []struct {
		name string
		reqs []string
		tgt  target.Target
		want []string
	}{
		{"no such version", []string{"flask>=99"}, amd64, []string{"only flask 2.2.2 exists", "pyproject.toml depends on flask>=99"}},
		{"unknown package", []string{"no-such-thing"}, amd64, []string{`package "no-such-thing" not found`}},
		{"conflicting pin", []string{"flask", "werkzeug<2"}, amd64, []string{"only werkzeug 2.2.2 exists", "pyproject.toml depends on werkzeug<2"}},
		{"Requires-Python", []string{"flask"}, target.Target{Machine: "x86_64", Python: "3.6.15", Glibc: "2.36"}, []string{"Python"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, tc.reqs...)}, options(t, idx.IndexURL(), tc.tgt))
			if err == nil {
				t.Fatal("resolved; want an explanation")
			}
			t.Logf("%v", err)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("explanation lacks %q", w)
				}
			}
		})
	}
}

// BenchmarkResolveFlask resolves Flask and requests against the Debian
// wheels' index: warm (one cache, pages revalidated) and cold (a new cache
// each time).
func BenchmarkResolveFlask(b *testing.B) {
	idx := debIndex(b)
	root := Root{Name: "pyproject.toml", Requirements: reqs(b, "Flask>=2", "requests", "chardet")}
	b.Run("warm", func(b *testing.B) {
		o := options(b, idx.IndexURL(), amd64)
		for b.Loop() {
			if _, err := Resolve(context.Background(), root, o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			o := optionsIn(b, idx.IndexURL(), amd64, b.TempDir())
			if _, err := Resolve(context.Background(), root, o); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestResolveReadsWheelsByRanges: an index without PEP 658 files has its
// wheels' METADATA read by byte ranges; no wheel is downloaded whole.
func TestResolveReadsWheelsByRanges(t *testing.T) {
	idx := debIndex(t, pyindex.NoMetadata())
	p := faultproxy.New(t, idx.URL)
	cache := t.TempDir()
	got, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, "Flask>=2")}, optionsIn(t, p.URL+"/simple/", amd64, cache))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Errorf("resolved %s", names(got))
	}
	if n := p.RangeRequests(`\.whl$`); n < 6 {
		t.Errorf("%d range requests for wheels, want at least one per package", n)
	}
	if n := p.Requests("GET", `\.whl$`) - p.RangeRequests(`\.whl$`); n != 0 {
		t.Errorf("%d wheels were downloaded whole", n)
	}
}
