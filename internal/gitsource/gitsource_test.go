package gitsource

import (
	"context"
	"log/slog"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// newRepo makes a repository with files (a name ending in "@" is made a
// symlink to its content, one ending in "*" executable) and returns its
// path and the commit.
func newRepo(t *testing.T, dir string, files map[string]string) (string, *git.Repository) {
	t.Helper()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return commit(t, repo, dir, files), repo
}

func commit(t *testing.T, repo *git.Repository, dir string, files map[string]string) string {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		p := filepath.Join(dir, strings.TrimRight(name, "@*"))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(name, "@"):
			err = os.Symlink(content, p)
		case strings.HasSuffix(name, "*"):
			err = os.WriteFile(p, []byte(content), 0o755)
		default:
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(strings.TrimRight(name, "@*")); err != nil {
			t.Fatal(err)
		}
	}
	h, err := wt.Commit("commit", &git.CommitOptions{Author: &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

func TestCheckout(t *testing.T) {
	src := t.TempDir()
	first, repo := newRepo(t, src, map[string]string{"pyproject.toml": "[project]\n", "pkg/mod.py": "X = 1\n", "run.sh*": "#!/bin/sh\n", "link@": "pkg/mod.py"})
	cache, log := t.TempDir(), slog.New(slog.DiscardHandler)
	ctx := context.Background()
	url := "file://" + src

	dest := filepath.Join(t.TempDir(), "out")
	if err := Checkout(ctx, log, cache, url, first, "", dest); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "pkg/mod.py")); err != nil || string(b) != "X = 1\n" {
		t.Errorf("pkg/mod.py: %q, %v", b, err)
	}
	if fi, err := os.Stat(filepath.Join(dest, "run.sh")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("run.sh: %v, %v", fi, err)
	}
	if l, err := os.Readlink(filepath.Join(dest, "link")); err != nil || l != "pkg/mod.py" {
		t.Errorf("link: %q, %v", l, err)
	}
	if _, err := os.Stat(filepath.Join(dest, ".git")); !os.IsNotExist(err) {
		t.Errorf(".git was written: %v", err)
	}

	// A later commit is fetched into the cache; the subdirectory alone.
	second := commit(t, repo, src, map[string]string{"pkg/mod.py": "X = 2\n"})
	sub := filepath.Join(t.TempDir(), "sub")
	if err := Checkout(ctx, log, cache, url, second, "pkg", sub); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(sub, "mod.py")); err != nil || string(b) != "X = 2\n" {
		t.Errorf("mod.py at the second commit: %q, %v", b, err)
	}
	// The first commit still comes from the cache, unchanged.
	again := filepath.Join(t.TempDir(), "again")
	if err := Checkout(ctx, log, cache, url, first, "", again); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(again, "pkg/mod.py")); string(b) != "X = 1\n" {
		t.Errorf("first commit again: %q", b)
	}

	for name, tc := range map[string]struct{ commit, sub, want string }{
		"unknown commit":       {strings.Repeat("ab", 20), "", "has no commit"},
		"missing subdirectory": {first, "nope", "subdirectory nope"},
	} {
		err := Checkout(ctx, log, cache, url, tc.commit, tc.sub, filepath.Join(t.TempDir(), "x"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
}

// TestCheckoutHTTP fetches over git's smart HTTP protocol, served by
// git http-backend on loopback, as GitHub or GitLab serve https (only
// TLS differs).
func TestCheckoutHTTP(t *testing.T) {
	tools.Require(t, "git")
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	backend := filepath.Join(strings.TrimSpace(string(out)), "git-http-backend")
	root := t.TempDir()
	first, _ := newRepo(t, filepath.Join(root, "repo"), map[string]string{"pkg/mod.py": "X = 'http'\n"})
	srv := httptest.NewServer(&cgi.Handler{Path: backend, Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"}})
	defer srv.Close()
	dest := filepath.Join(t.TempDir(), "out")
	if err := Checkout(context.Background(), slog.New(slog.DiscardHandler), t.TempDir(), srv.URL+"/repo", first, "pkg", dest); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "mod.py")); err != nil || string(b) != "X = 'http'\n" {
		t.Errorf("mod.py over http: %q, %v", b, err)
	}
}

// TestCheckoutHealsCache: a cached clone (here one left without its
// remote) holding an object whose bytes are another object's is dropped
// and cloned again; the checkout has the right content.
func TestCheckoutHealsCache(t *testing.T) {
	src := t.TempDir()
	first, repo := newRepo(t, src, map[string]string{"a.py": "A = 1\n", "b.py": "B = 2\n"})
	cache, ctx := t.TempDir(), context.Background()
	url := "file://" + src
	// The cache holds a copy of the repository's objects, without remote.
	clone := filepath.Join(cache, "git", cacheName(url))
	if err := os.CopyFS(clone, os.DirFS(filepath.Join(src, ".git"))); err != nil {
		t.Fatal(err)
	}
	c, _ := repo.CommitObject(plumbing.NewHash(first))
	tree, _ := c.Tree()
	a, _ := tree.File("a.py")
	b, _ := tree.File("b.py")
	loose := func(h plumbing.Hash) string {
		return filepath.Join(clone, "objects", h.String()[:2], h.String()[2:])
	}
	data, err := os.ReadFile(loose(b.Hash))
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(loose(a.Hash), 0o644)
	if err := os.WriteFile(loose(a.Hash), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	dest := filepath.Join(t.TempDir(), "out")
	if err := Checkout(ctx, slog.New(slog.NewTextHandler(&logs, nil)), cache, url, first, "", dest); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "a.py")); string(got) != "A = 1\n" {
		t.Errorf("a.py = %q after healing", got)
	}
	if !strings.Contains(logs.String(), "damaged") {
		t.Errorf("no warning about the damaged clone: %s", logs.String())
	}
}
