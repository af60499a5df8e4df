package debroot

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// listsMaxAge is how long downloaded package lists are trusted before
// `apt-get update` runs again.
const listsMaxAge = 24 * time.Hour

// apt runs apt-get with a private state directory, leaving the host's apt
// lists, archive cache and dpkg status alone. The caller holds the lock for
// arch, since Debug::NoLocking turns off apt's own locking.
type apt struct {
	dir  string // private state: lists/, cache/, status, updated
	arch string
}

// options returns the apt-get options that select the private state.
func (a apt) options() []string {
	opts := []string{
		"-o", "APT::Architecture=" + a.arch,
		"-o", "APT::Architectures=" + a.arch,
		"-o", "Dir::State::Lists=" + filepath.Join(a.dir, "lists"),
		"-o", "Dir::Cache=" + filepath.Join(a.dir, "cache"),
		"-o", "Dir::State::status=" + filepath.Join(a.dir, "status"),
		"-o", "Debug::NoLocking=1",
		// Only the Packages indexes are needed, not AppStream metadata.
		"-o", "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false",
		"-o", "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false",
		"-o", "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false",
		"-o", "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false",
		"-q",
	}
	if os.Geteuid() == 0 {
		// The _apt user cannot write into root's private dirs; download as
		// root instead of warning about it.
		opts = append(opts, "-o", "APT::Sandbox::User=root")
	}
	return opts
}

// download fetches the .deb files of pkgs (no dependency resolution: pkgs is
// the complete set) into dest. It runs `apt-get update` first when the
// private lists are missing or older than [listsMaxAge], and once more when a
// download fails with lists that were not fresh from this run (the archive
// may have replaced a version since).
func (a apt) download(ctx context.Context, dest string, pkgs []string) error {
	for _, d := range []string{"lists/partial", "cache/archives/partial"} {
		if err := os.MkdirAll(filepath.Join(a.dir, d), 0o755); err != nil {
			return fmt.Errorf("creating private apt state: %w", err)
		}
	}
	status := filepath.Join(a.dir, "status")
	if _, err := os.Stat(status); err != nil {
		if err := os.WriteFile(status, nil, 0o644); err != nil {
			return fmt.Errorf("creating private dpkg status: %w", err)
		}
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return fmt.Errorf("creating download dir: %w", err)
	}
	updated := false
	if !a.fresh() {
		if err := a.update(ctx); err != nil {
			return err
		}
		updated = true
	}
	err := a.run(ctx, dest, append([]string{"download"}, pkgs...)...)
	if err != nil && !updated && ctx.Err() == nil {
		if err := a.update(ctx); err != nil {
			return err
		}
		err = a.run(ctx, dest, append([]string{"download"}, pkgs...)...)
	}
	if err != nil {
		return fmt.Errorf("downloading debian packages: %w", err)
	}
	return nil
}

// fresh reports whether the private lists were updated less than
// [listsMaxAge] ago.
func (a apt) fresh() bool {
	fi, err := os.Stat(filepath.Join(a.dir, "updated"))
	return err == nil && time.Since(fi.ModTime()) < listsMaxAge
}

// update runs `apt-get update` and records when it succeeded.
func (a apt) update(ctx context.Context) error {
	if err := a.run(ctx, a.dir, "update"); err != nil {
		return fmt.Errorf("updating private apt lists: %w", err)
	}
	if err := os.WriteFile(filepath.Join(a.dir, "updated"), []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return fmt.Errorf("recording apt update time: %w", err)
	}
	return nil
}

// run runs apt-get with the private options in dir.
func (a apt) run(ctx context.Context, dir string, args ...string) error {
	cmd := exec.CommandContext(ctx, "apt-get", append(a.options(), args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "DEBIAN_FRONTEND=noninteractive")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("apt-get %s: %w: %s", args[0], err, lastLines(out.String(), 8))
	}
	return nil
}

// lastLines returns the last n non-empty lines of s, joined by " | ".
func lastLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// Download fetches the .deb files of pkgs for arch into dest with apt-get
// and a private apt state in stateDir (lists refreshed once a day), leaving
// the host's apt alone. The caller holds a lock for stateDir (see Lock):
// apt's own locking is off.
func Download(ctx context.Context, stateDir, arch, dest string, pkgs []string) error {
	return apt{dir: stateDir, arch: arch}.download(ctx, dest, pkgs)
}
