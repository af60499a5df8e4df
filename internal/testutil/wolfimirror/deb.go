package wolfimirror

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// deb is one downloaded Debian package, unpacked.
type deb struct {
	name, version     string // Package and Version fields
	homepage, summary string
	buildTime         int64  // modification time of its data.tar member
	root              string // where its data archive is unpacked
}

// unpackDeb reads the metadata of the .deb at file and unpacks its data
// archive into dir with `dpkg-deb -x`.
func unpackDeb(ctx context.Context, file, dir string) (*deb, error) {
	out, err := run(ctx, "", "dpkg-deb", "--show", "--showformat=${Package}\t${Version}\t${Homepage}\t${binary:Summary}\n", file)
	if err != nil {
		return nil, err
	}
	f := strings.SplitN(strings.TrimRight(out, "\n"), "\t", 4)
	if len(f) != 4 || f[0] == "" || f[1] == "" {
		return nil, fmt.Errorf("reading the control fields of %s: unexpected output %q", filepath.Base(file), out)
	}
	ar, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Base(file), err)
	}
	mtime, err := dataTime(ar)
	ar.Close()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Base(file), err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("unpacking %s: %w", filepath.Base(file), err)
	}
	if _, err := run(ctx, "", "dpkg-deb", "-x", file, dir); err != nil {
		return nil, err
	}
	return &deb{name: f[0], version: f[1], homepage: f[2], summary: f[3], buildTime: mtime, root: dir}, nil
}

// dataTime returns the modification time recorded in the ar header of a
// .deb's data.tar.* member: when Debian built the package, a stable value
// for the mirror's build dates. The format is ar(5): a magic line, then
// members with 60-byte headers, each padded to an even size.
func dataTime(r io.ReadSeeker) (int64, error) {
	magic := make([]byte, 8)
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != "!<arch>\n" {
		return 0, errors.New("not an ar archive")
	}
	var hdr [60]byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return 0, fmt.Errorf("no data.tar member: %w", err)
		}
		name := strings.TrimRight(string(hdr[0:16]), " /")
		size, err := strconv.ParseInt(strings.TrimSpace(string(hdr[48:58])), 10, 64)
		if err != nil || size < 0 {
			return 0, fmt.Errorf("ar member %q: bad size %q", name, hdr[48:58])
		}
		if strings.HasPrefix(name, "data.tar") {
			mtime, err := strconv.ParseInt(strings.TrimSpace(string(hdr[16:28])), 10, 64)
			if err != nil || mtime < 0 {
				return 0, fmt.Errorf("ar member %q: bad time %q", name, hdr[16:28])
			}
			return mtime, nil
		}
		if _, err := r.Seek(size+size%2, io.SeekCurrent); err != nil {
			return 0, fmt.Errorf("ar member %q: %w", name, err)
		}
	}
}

// run runs a command in dir (the current one if empty) and returns its
// standard output; the error quotes the end of its standard error.
func run(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("running %s %s: %w: %s", name, args[len(args)-1], err, lastLines(stderr.String()+stdout.String(), 6))
	}
	return stdout.String(), nil
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
