// Package gitsource gives the tree of one git commit as files: the source
// of a git dependency, pinned by its commit. Repositories are cloned bare
// into a cache (one per URL, updated under a file lock when the commit is
// missing) with go-git, so no git binary is run; the commit's tree is
// then written out without a .git directory. Transports: https and http
// (credentials from the URL or ~/.netrc), ssh (the agent), git, file.
package gitsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/pyko-dev/pyko/internal/filelock"
)

// Checkout writes the tree of commit in the repository at url, or of its
// subdirectory, into dest (which must not exist) and returns dest. The
// commit must be a full hex id: it is what pins the source.
func Checkout(ctx context.Context, log *slog.Logger, cacheDir, url, commit, subdir, dest string) error {
	err := checkout(ctx, log, cacheDir, url, commit, subdir, dest)
	var bad *corruptError
	if !errors.As(err, &bad) {
		return err
	}
	// A cached object whose bytes no longer hash to its id: the clone is
	// dropped and fetched again, never used.
	log.Warn("a cached git repository is damaged: cloning it again", "url", redact(url), "error", err)
	if err := os.RemoveAll(filepath.Join(cacheDir, "git", cacheName(url))); err != nil {
		return err
	}
	if err := os.RemoveAll(dest); err != nil {
		return err
	}
	return checkout(ctx, log, cacheDir, url, commit, subdir, dest)
}

func checkout(ctx context.Context, log *slog.Logger, cacheDir, url, commit, subdir, dest string) error {
	repo, err := open(ctx, log, cacheDir, url, commit)
	if err != nil {
		return err
	}
	// Only ids read from verified objects are trusted: go-git gives a
	// decoded object the hash of the bytes it read, so an id is checked
	// against the bytes before they are used.
	v := verifier{repo.Storer}
	if err := v.check(plumbing.CommitObject, plumbing.NewHash(commit)); err != nil {
		return err
	}
	c, err := repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return fmt.Errorf("git %s: commit %s: %w", redact(url), commit, err)
	}
	root := c.TreeHash
	if subdir != "" {
		if err := v.check(plumbing.TreeObject, root); err != nil {
			return err
		}
		t, err := repo.TreeObject(root)
		if err != nil {
			return fmt.Errorf("git %s: the tree of %s: %w", redact(url), commit, err)
		}
		e, err := t.FindEntry(subdir)
		if err != nil || e.Mode != filemode.Dir {
			return fmt.Errorf("git %s at %s: subdirectory %s: not a directory of the commit (%v)", redact(url), commit, subdir, err)
		}
		root = e.Hash
	}
	if err := os.Mkdir(dest, 0o755); err != nil {
		return err
	}
	return v.writeTree(ctx, repo, root, dest)
}

// open returns the cached bare clone of url holding commit, fetching
// when it lacks it.
func open(ctx context.Context, log *slog.Logger, cacheDir, url, commit string) (*git.Repository, error) {
	dir := filepath.Join(cacheDir, "git", cacheName(url))
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	l, err := filelock.Acquire(ctx, dir+".lock")
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	repo, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		repo, err = git.PlainInit(dir, true)
	}
	if err == nil {
		// A run killed between init and this leaves a clone without its
		// remote: add it whenever it is missing.
		if _, rerr := repo.Remote("origin"); errors.Is(rerr, git.ErrRemoteNotFound) {
			_, err = repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{url}})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("git cache %s: %w", dir, err)
	}
	if _, err := repo.CommitObject(plumbing.NewHash(commit)); err == nil {
		return repo, nil
	}
	log.Info("fetching git repository", "url", redact(url), "commit", commit)
	err = repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", Tags: git.AllTags, Force: true,
		RefSpecs: []config.RefSpec{"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"}, Auth: auth(url)})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil, fmt.Errorf("fetching git %s: %w", redact(url), err)
	}
	if _, err := repo.CommitObject(plumbing.NewHash(commit)); err != nil {
		return nil, fmt.Errorf("git %s has no commit %s on its branches and tags (was it force-pushed away?): re-lock", redact(url), commit)
	}
	return repo, nil
}

// cacheName is the bare clone's directory name in the cache.
func cacheName(url string) string {
	sum := sha256.Sum256([]byte(url))
	return hex.EncodeToString(sum[:12]) + ".git"
}

// writeTree writes the tree id (checked) under dir: regular and
// executable files and symbolic links, each blob checked against its id
// as it is written; submodules are an error (their commits would have to
// be fetched too).
func (v verifier) writeTree(ctx context.Context, repo *git.Repository, id plumbing.Hash, dir string) error {
	if err := v.check(plumbing.TreeObject, id); err != nil {
		return err
	}
	t, err := repo.TreeObject(id)
	if err != nil {
		return err
	}
	for _, e := range t.Entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !filepath.IsLocal(e.Name) || strings.ContainsAny(e.Name, `/\`) {
			return fmt.Errorf("git tree entry %q leaves the tree", e.Name)
		}
		dst := filepath.Join(dir, e.Name)
		switch e.Mode {
		case filemode.Dir:
			if err := os.Mkdir(dst, 0o755); err != nil {
				return err
			}
			err = v.writeTree(ctx, repo, e.Hash, dst)
		case filemode.Symlink:
			var target bytes.Buffer
			if err = v.blob(e.Hash, &target); err == nil {
				err = os.Symlink(target.String(), dst)
			}
		case filemode.Regular, filemode.Deprecated, filemode.Executable:
			err = v.writeFile(e.Hash, e.Mode == filemode.Executable, dst)
		case filemode.Submodule:
			return fmt.Errorf("git submodule %s: pyko does not fetch submodules yet", e.Name)
		default:
			return fmt.Errorf("git tree entry %s has mode %s", e.Name, e.Mode)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (v verifier) writeFile(id plumbing.Hash, exec bool, dst string) error {
	perm := os.FileMode(0o644)
	if exec {
		perm = 0o755
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if err := v.blob(id, out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// redact drops a URL's password or token for messages.
func redact(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok || scheme == "ssh" {
		return u
	}
	host, p, _ := strings.Cut(rest, "/")
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	return scheme + "://" + host + "/" + p
}
