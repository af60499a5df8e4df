package lock

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// fakeLock is what the fake formats open: it records which format opened
// which input.
type fakeLock struct {
	format string
	in     Input
}

func (l *fakeLock) Path() string                                          { return l.in.Path }
func (l *fakeLock) Indexes() Indexes                                      { return Indexes{} }
func (l *fakeLock) Select(pep508.Environment, Options) ([]Package, error) { return nil, nil }
func (l *fakeLock) RequireHashes() bool                                   { return false }

func fake(name string, prio int, files, patterns []string, fallback bool) Format {
	return Format{Name: name, Files: files, Patterns: patterns, Priority: prio, Fallback: fallback,
		Open: func(_ context.Context, in Input) (Lockfile, error) { return &fakeLock{format: name, in: in}, nil }}
}

// fakes are deliberately not in priority order.
func fakes() []Format {
	return []Format{
		fake("reqs", 50, []string{"requirements.txt"}, nil, true),
		fake("std", 10, []string{"std.lock"}, []string{"std.*.lock"}, false),
		fake("tool", 20, []string{"tool.lock", "tool-legacy.lock"}, nil, false),
		fake("wide", 30, nil, []string{"*.lock"}, false),
	}
}

func TestNewRegistryErrors(t *testing.T) {
	ok := func(_ context.Context, _ Input) (Lockfile, error) { return nil, nil }
	tests := []struct {
		name    string
		formats []Format
		wantErr string
	}{
		{"no name", []Format{{Open: ok}}, "lock format with no name"},
		{"no open", []Format{{Name: "a"}}, "lock format a: no Open"},
		{"same name", []Format{{Name: "a", Open: ok}, {Name: "a", Priority: 1, Open: ok}}, "lock format a: registered twice"},
		{"same priority", []Format{{Name: "a", Open: ok}, {Name: "b", Open: ok}}, "lock format b: priority 0 is also a's"},
		{"two fallbacks", []Format{{Name: "a", Fallback: true, Open: ok}, {Name: "b", Priority: 1, Fallback: true, Open: ok}},
			"lock format b: a is already the fallback"},
		{"same file", []Format{{Name: "a", Files: []string{"x.lock"}, Open: ok}, {Name: "b", Priority: 1, Files: []string{"x.lock"}, Open: ok}},
			"lock format b: file name x.lock is also a's"},
		{"bad pattern", []Format{{Name: "a", Patterns: []string{"[x"}, Open: ok}}, `lock format a: pattern "[x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewRegistry(tt.formats...); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewRegistry() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestRegistryOrder(t *testing.T) {
	r, err := NewRegistry(fakes()...)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range r.Formats() {
		order = append(order, f.Name)
	}
	if got := strings.Join(order, " "); got != "std tool wide reqs" {
		t.Errorf("Formats() order = %s", got)
	}
	if got := strings.Join(r.Names(), " "); got != "std.lock std.*.lock tool.lock tool-legacy.lock *.lock requirements.txt" {
		t.Errorf("Names() = %s", got)
	}
	r.Formats()[0].Files[0] = "changed"
	if r.Names()[0] != "std.lock" {
		t.Error("Formats() shares the registry's slices")
	}
}

func TestLookup(t *testing.T) {
	r, err := NewRegistry(fakes()...)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{"std.lock", "std"},
		{"/p/std.dev.lock", "std"}, // both std's and wide's pattern: the first in search order
		{"tool-legacy.lock", "tool"},
		{"/p/other.lock", "wide"},
		{"requirements.txt", "reqs"},
		{"reqs/base.in", "reqs"},
		{"tool.lock.bak", "reqs"},
		{"STD.lock", "wide"}, // names are case-sensitive
	}
	for _, tt := range tests {
		if f, ok := r.Lookup(tt.path); !ok || f.Name != tt.want {
			t.Errorf("Lookup(%q) = %s, %v; want %s", tt.path, f.Name, ok, tt.want)
		}
	}
	noFallback, err := NewRegistry(fakes()[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := noFallback.Lookup("requirements.txt"); ok {
		t.Errorf("Lookup without a fallback = %s", f.Name)
	}
}

// write creates the files (a name ending in "/" a directory) under a new
// directory and returns it.
func write(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		p := filepath.Join(dir, n)
		var err error
		if strings.HasSuffix(n, "/") {
			err = os.MkdirAll(p, 0o755)
		} else if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, nil, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFind(t *testing.T) {
	r, err := NewRegistry(fakes()...)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files []string
		want  string // "" for none
	}{
		{"all", []string{"requirements.txt", "tool-legacy.lock", "tool.lock", "std.lock"}, "std.lock"},
		{"by priority", []string{"requirements.txt", "tool-legacy.lock"}, "tool-legacy.lock"},
		{"a format's files in order", []string{"tool-legacy.lock", "tool.lock"}, "tool.lock"},
		{"last", []string{"requirements.txt"}, "requirements.txt"},
		{"patterns are not searched", []string{"std.dev.lock", "other.lock"}, ""},
		{"a directory is not a lockfile", []string{"std.lock/", "tool.lock"}, "tool.lock"},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := write(t, tt.files...)
			got, err := r.Find(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" {
				tt.want = filepath.Join(dir, tt.want)
			}
			if got != tt.want {
				t.Errorf("Find() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	r, err := NewRegistry(fakes()...)
	if err != nil {
		t.Fatal(err)
	}
	dir := write(t, "std.lock", "reqs/base.in", "sub/")
	tests := []struct {
		path, want, wantErr string
	}{
		{path: "std.lock", want: "std"},
		{path: "reqs/base.in", want: "reqs"},
		{path: "missing.lock", wantErr: "lockfile " + filepath.Join(dir, "missing.lock") + ": no such file or directory"},
		{path: "sub", wantErr: "lockfile " + filepath.Join(dir, "sub") + " is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := filepath.Join(dir, tt.path)
			lf, err := r.Open(context.Background(), Input{Path: p, Pyproject: "/p/pyproject.toml"})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Open() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := lf.(*fakeLock)
			if got.format != tt.want || got.in != (Input{Path: p, Pyproject: "/p/pyproject.toml"}) {
				t.Errorf("Open() = %+v, want format %s", got, tt.want)
			}
		})
	}
	if _, err := r.Open(context.Background(), Input{Path: filepath.Join(dir, "missing.lock")}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) error %v is not fs.ErrNotExist", err)
	}
	noFallback, err := NewRegistry(fakes()[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = noFallback.Open(context.Background(), Input{Path: filepath.Join(dir, "reqs/base.in")})
	if want := "not a name pyko reads (std.lock, std.*.lock, tool.lock, tool-legacy.lock, *.lock)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Open(unclaimed) error = %v, want one containing %q", err, want)
	}
}

func FuzzLookup(f *testing.F) {
	r, err := NewRegistry(fakes()...)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"std.lock", "std.x.lock", "a/b.lock", "requirements.txt", "[", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got, ok := r.Lookup(path)
		if !ok {
			t.Fatalf("Lookup(%q) found nothing despite a fallback", path)
		}
		for _, fm := range r.Formats() {
			if exact, _ := fm.claims(filepath.Base(path)); exact && got.Name != fm.Name {
				t.Fatalf("Lookup(%q) = %s, but it is %s's file name", path, got.Name, fm.Name)
			}
		}
	})
}
