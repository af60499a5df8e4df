package wolfimirror

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// listsMaxAge is how long downloaded package lists are trusted before
// `apt-get update` runs again.
const listsMaxAge = 24 * time.Hour

// download fetches the .deb files of pkgs for arch into dest with apt-get
// and a private apt state under state (lists, archive cache, dpkg status),
// so the host's apt is untouched; only its sources and keyrings are read.
// It mirrors internal/testutil/debroot's unexported helper, which this
// package cannot call. The caller holds the lock for state.
func download(ctx context.Context, state, arch, dest string, pkgs []string) error {
	for _, d := range []string{"lists/partial", "cache/archives/partial", dest} {
		if !filepath.IsAbs(d) {
			d = filepath.Join(state, d)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("creating private apt state: %w", err)
		}
	}
	status := filepath.Join(state, "status")
	if _, err := os.Stat(status); err != nil {
		if err := os.WriteFile(status, nil, 0o644); err != nil {
			return fmt.Errorf("creating private dpkg status: %w", err)
		}
	}
	stamp := filepath.Join(state, "updated")
	fresh := false
	if fi, err := os.Stat(stamp); err == nil && time.Since(fi.ModTime()) < listsMaxAge {
		fresh = true
	}
	update := func() error {
		if _, err := aptGet(ctx, state, arch, state, "update"); err != nil {
			return fmt.Errorf("updating private apt lists: %w", err)
		}
		return os.WriteFile(stamp, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
	}
	if !fresh {
		if err := update(); err != nil {
			return err
		}
	}
	_, err := aptGet(ctx, state, arch, dest, append([]string{"download"}, pkgs...)...)
	if err != nil && fresh && ctx.Err() == nil {
		// The archive may have replaced a version since the lists were
		// fetched.
		if err := update(); err != nil {
			return err
		}
		_, err = aptGet(ctx, state, arch, dest, append([]string{"download"}, pkgs...)...)
	}
	if err != nil {
		return fmt.Errorf("downloading debian packages: %w", err)
	}
	return nil
}

// aptGet runs apt-get in dir with the options that select the private state.
func aptGet(ctx context.Context, state, arch, dir string, args ...string) (string, error) {
	opts := []string{
		"-o", "APT::Architecture=" + arch,
		"-o", "APT::Architectures=" + arch,
		"-o", "Dir::State::Lists=" + filepath.Join(state, "lists"),
		"-o", "Dir::Cache=" + filepath.Join(state, "cache"),
		"-o", "Dir::State::status=" + filepath.Join(state, "status"),
		"-o", "Debug::NoLocking=1",
		"-o", "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false",
		"-o", "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false",
		"-o", "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false",
		"-o", "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false",
		"-q",
	}
	if os.Geteuid() == 0 {
		// The _apt user cannot write into root's private dirs.
		opts = append(opts, "-o", "APT::Sandbox::User=root")
	}
	return run(ctx, dir, "apt-get", append(opts, args...)...)
}
