package project

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// GitInfo describes the git checkout a project directory is in. It is read
// from the repository files (https://git-scm.com/docs/gitrepository-layout);
// git itself is not run.
type GitInfo struct {
	// Revision is the full commit id of HEAD: 40 hex digits, or 64 in a
	// SHA-256 repository. It is empty on a branch with no commits yet, and
	// when refs are kept in the reftable format, which pyko does not read.
	Revision string
	// Source is the URL of the remote "origin" with any userinfo
	// (credentials) removed, or "" when there is no such remote.
	Source string
}

// readGit finds the git directory of dir (in dir or a parent) and reads
// HEAD and the origin URL from it. It returns nil when dir is not in a
// checkout.
func readGit(ctx context.Context, dir string) (*GitInfo, error) {
	gitDir, err := findGitDir(ctx, dir)
	if gitDir == "" || err != nil {
		return nil, err
	}
	commonDir, err := readCommonDir(gitDir)
	if err != nil {
		return nil, err
	}
	rev, err := readHead(gitDir, commonDir)
	if err != nil {
		return nil, err
	}
	source, err := readOriginURL(filepath.Join(commonDir, "config"))
	if err != nil {
		return nil, err
	}
	return &GitInfo{Revision: rev, Source: stripUserinfo(source)}, nil
}

// findGitDir returns the git directory for dir: the nearest ".git" in dir
// or a parent, either a directory or a file saying "gitdir: PATH" (linked
// worktrees and submodules). A ".git" directory without HEAD is skipped, as
// git does. It returns "" when there is none.
func findGitDir(ctx context.Context, dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		dotGit := filepath.Join(d, ".git")
		fi, err := os.Stat(dotGit)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return "", fmt.Errorf("reading %s: %w", dotGit, err)
		case fi.IsDir():
			if isGitDir(dotGit) {
				return dotGit, nil
			}
		default:
			return readGitFile(dotGit)
		}
		if parent := filepath.Dir(d); parent == d {
			return "", nil
		}
	}
}

// readGitFile reads a ".git" file: "gitdir: PATH", PATH relative to the file.
func readGitFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	rest, ok := strings.CutPrefix(string(data), "gitdir:")
	target := strings.TrimSpace(rest)
	if !ok || target == "" {
		return "", fmt.Errorf("parsing %s: want \"gitdir: PATH\"", path)
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(path), target)
	}
	if !isGitDir(target) {
		return "", fmt.Errorf("parsing %s: %s is not a git directory", path, target)
	}
	return target, nil
}

func isGitDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "HEAD"))
	return err == nil
}

// readCommonDir returns the directory that holds the shared refs and config
// of gitDir: the one named by its "commondir" file (linked worktrees), else
// gitDir itself.
func readCommonDir(gitDir string) (string, error) {
	path := filepath.Join(gitDir, "commondir")
	data, err := readOptional(path)
	if data == nil || err != nil {
		return gitDir, err
	}
	dir := strings.TrimSpace(string(data))
	if dir == "" {
		return "", fmt.Errorf("parsing %s: empty", path)
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(gitDir, dir)
	}
	return dir, nil
}

// readOriginURL returns the first remote.origin.url in the git config file
// at path, or "" when the file or the key is absent.
func readOriginURL(path string) (string, error) {
	data, err := readOptional(path)
	if data == nil || err != nil {
		return "", err
	}
	entries, err := parseGitConfig(string(data))
	if err != nil {
		return "", fmt.Errorf("parsing %s: %w", path, err)
	}
	for _, e := range entries {
		if e.Section == "remote" && e.Subsection == "origin" && e.Key == "url" {
			return e.Value, nil
		}
	}
	return "", nil
}

// stripUserinfo removes credentials from a URL remote such as
// https://user:token@host/repo. scp-like remotes (git@host:repo) and paths
// carry no secret and are returned as is. A URL that does not parse is
// dropped rather than risk leaking what it holds.
func stripUserinfo(remote string) string {
	if !strings.Contains(remote, "://") {
		return remote
	}
	u, err := url.Parse(remote)
	if err != nil {
		return ""
	}
	u.User = nil
	return u.String()
}
