// Package gitsource gives the tree of one git commit as files: the source
// of a git dependency, pinned by its commit. Repositories are cloned bare
// into a cache (one per URL, updated under a file lock when the commit is
// missing) with go-git, so no git binary is run; the commit's tree is
// then written out without a .git directory. Transports: https and http
// (credentials from the URL or ~/.netrc), ssh (the agent), git, file.
package gitsource

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pyko-dev/pyko/internal/filelock"
)

// Checkout writes the tree of commit in the repository at url, or of its
// subdirectory, into dest (which must not exist) and returns dest. The
// commit must be a full hex id: it is what pins the source.
func Checkout(ctx context.Context, log *slog.Logger, cacheDir, url, commit, subdir, dest string) error {
	repo, err := open(ctx, log, cacheDir, url, commit)
	if err != nil {
		return err
	}
	c, err := repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return fmt.Errorf("git %s: commit %s: %w", redact(url), commit, err)
	}
	if c.Hash.String() != commit {
		return fmt.Errorf("git %s: asked for commit %s, found %s", redact(url), commit, c.Hash)
	}
	tree, err := c.Tree()
	if err != nil {
		return fmt.Errorf("git %s: the tree of %s: %w", redact(url), commit, err)
	}
	if subdir != "" {
		if tree, err = tree.Tree(subdir); err != nil {
			return fmt.Errorf("git %s at %s: subdirectory %s: %w", redact(url), commit, subdir, err)
		}
	}
	if err := os.Mkdir(dest, 0o755); err != nil {
		return err
	}
	return writeTree(ctx, tree, dest)
}

// open returns the cached bare clone of url holding commit, fetching
// when it lacks it.
func open(ctx context.Context, log *slog.Logger, cacheDir, url, commit string) (*git.Repository, error) {
	sum := sha256.Sum256([]byte(url))
	dir := filepath.Join(cacheDir, "git", hex.EncodeToString(sum[:12])+".git")
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
		if repo, err = git.PlainInit(dir, true); err == nil {
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

// writeTree writes t's files under dir: regular and executable files,
// symbolic links; submodules are an error (their commits would have to
// be fetched too).
func writeTree(ctx context.Context, t *object.Tree, dir string) error {
	return t.Files().ForEach(func(f *object.File) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !filepath.IsLocal(f.Name) || path.Clean(f.Name) != f.Name {
			return fmt.Errorf("git tree path %q leaves the tree", f.Name)
		}
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		switch f.Mode {
		case filemode.Symlink:
			target, err := f.Contents()
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case filemode.Regular, filemode.Deprecated, filemode.Executable:
			return writeFile(f, dst)
		case filemode.Submodule:
			return fmt.Errorf("git submodule %s: pyko does not fetch submodules yet", f.Name)
		}
		return fmt.Errorf("git tree entry %s has mode %s", f.Name, f.Mode)
	})
}

func writeFile(f *object.File, dst string) error {
	perm := os.FileMode(0o644)
	if f.Mode == filemode.Executable {
		perm = 0o755
	}
	r, err := f.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
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
