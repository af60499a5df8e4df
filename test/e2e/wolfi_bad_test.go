package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// wolfiBadCase is one bad repository or request. setup changes the test's
// own clone of the mirror and returns extra build flags and, when not "",
// the keyring to pass instead of the mirror's key.
type wolfiBadCase struct {
	name  string
	setup func(t *testing.T, repo string) (extra []string, keyring string)
	// The error line names at least one of any, and all of all
	// (case-insensitive).
	any, all []string
}

// TestWolfiBadInput checks that each bad index, key, package or request
// ends the build with exit 1, one error line naming the culprit, and no
// output left behind. Every case has its own clone and an empty download
// cache, so each package is fetched, and checked, afresh.
func TestWolfiBadInput(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	for _, tt := range wolfiBadCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			repo := wolfiClone(t)
			extra, keyring := tt.setup(t, repo)
			if keyring == "" {
				keyring = wolfiKeyFile(repo)
			}
			dir := t.TempDir()
			outDir := filepath.Join(dir, "out-oci")
			outTar := filepath.Join(dir, "out.tar")
			args := wolfiBuildArgs(helloDir(), repo, keyring, append(extra, "-o", "oci:"+outDir+":x", "-o", "docker-archive:"+outTar)...)
			r := runPyko(t, wolfiCache(t), args...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing on failure", r.stdout)
			}
			mention := tt.any
			if len(mention) == 0 {
				mention = tt.all
			}
			checkErrorLine(t, r.stderr, mention)
			line := strings.ToLower(lastErrorLine(r.stderr))
			for _, m := range tt.all {
				if !strings.Contains(line, strings.ToLower(m)) {
					t.Errorf("error line %q does not name %q", line, m)
				}
			}
			t.Logf("error line: %s", lastErrorLine(r.stderr))
			// One error, one line: nothing of it spills onto a next line.
			if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); lines[len(lines)-1] != lastErrorLine(r.stderr) {
				t.Errorf("stderr goes on after the error line:\n%s", r.stderr)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
				t.Errorf("the failed build left %v behind", left)
			}
		})
	}
}

// badPackage is a package named name holding file, written with opts.
func badPackage(name string, file apkrepo.File, opts ...apkrepo.Option) apkrepo.Package {
	return apkrepo.Package{
		Info: apk.Package{Name: name, Version: "1.0-r0", Description: "a bad package for pyko's tests",
			License: "MIT", Origin: name, BuildTime: 1700000000},
		Files:   []apkrepo.File{file},
		Options: opts,
	}
}

// addPackages adds pkgs to the clone's x86_64 index, re-signed with the
// mirror's key unless opts say otherwise.
func addPackages(t *testing.T, repo string, pkgs []apkrepo.Package, opts ...apkrepo.Option) {
	t.Helper()
	if err := apkrepo.AddPackages(repo, "x86_64", pkgs, wolfiKey(t), append([]apkrepo.Option{apkrepo.IndexSHA1()}, opts...)...); err != nil {
		t.Fatal(err)
	}
}

// flipInMember flips one byte in the middle of gzip member n (0-based) of
// file. The file is replaced, not written in place: a clone's files are
// hard links into the shared cache.
func flipInMember(t *testing.T, file string, n int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	starts := gzipMembers(t, b)
	if n >= len(starts) {
		t.Fatalf("%s has %d gzip members, want at least %d", file, len(starts), n+1)
	}
	end := len(b)
	if n+1 < len(starts) {
		end = starts[n+1]
	}
	b = slices.Clone(b)
	b[(starts[n]+end)/2] ^= 0x01
	if err := atomicfile.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gzipMembers returns the offsets at which the gzip members of b start.
func gzipMembers(t *testing.T, b []byte) []int {
	t.Helper()
	r := bytes.NewReader(b) // an io.ByteReader: gzip reads no further than each member
	var starts []int
	for r.Len() > 0 {
		starts = append(starts, len(b)-r.Len())
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("gzip member at offset %d: %v", starts[len(starts)-1], err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatalf("gzip member at offset %d: %v", starts[len(starts)-1], err)
		}
	}
	return starts
}

// lastErrorLine returns the last stderr line that reports an error.
func lastErrorLine(stderr string) string {
	var last string
	for _, l := range strings.Split(stderr, "\n") {
		if errorLine.MatchString(l) {
			last = l
		}
	}
	return last
}
