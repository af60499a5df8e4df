package debwheels

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// unpackAll extracts every .deb in debDir into dest/<package> with
// `dpkg-deb -x` and returns them by package name, checking that each is
// for arch or architecture-independent.
func unpackAll(ctx context.Context, debDir, dest, arch string) (map[string]deb, error) {
	files, err := filepath.Glob(filepath.Join(debDir, "*.deb"))
	if err != nil {
		return nil, fmt.Errorf("listing downloaded packages: %w", err)
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, fmt.Errorf("creating unpack dir: %w", err)
	}
	debs := make(map[string]deb, len(files))
	for _, f := range files {
		out, err := dpkgDeb(ctx, "--show", "--showformat=${Package}\t${Version}\t${Architecture}", f)
		if err != nil {
			return nil, err
		}
		fields := strings.Split(strings.TrimSpace(out), "\t")
		if len(fields) != 3 {
			return nil, fmt.Errorf("reading control fields of %s: got %q", filepath.Base(f), out)
		}
		pkg, version, a := fields[0], fields[1], fields[2]
		if a != "all" && a != arch {
			return nil, fmt.Errorf("package %s is for %s, want %s or all", filepath.Base(f), a, arch)
		}
		if _, dup := debs[pkg]; dup {
			return nil, fmt.Errorf("package %s downloaded twice", pkg)
		}
		dir := filepath.Join(dest, pkg)
		if _, err := dpkgDeb(ctx, "-x", f, dir); err != nil {
			return nil, err
		}
		debs[pkg] = deb{version: version, dir: dir}
	}
	return debs, nil
}

// dpkgDeb runs dpkg-deb with args and returns its standard output.
func dpkgDeb(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "dpkg-deb", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("running dpkg-deb %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
