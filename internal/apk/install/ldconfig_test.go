package install

import (
	"archive/tar"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/ldcache"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

const hostLibDir = "/usr/lib/x86_64-linux-gnu"

// hostLibs picks the host's small shared libraries (and the symlinks to
// them) so the test stays fast: a few hundred real ELF files, linker
// scripts among them.
func hostLibs(t *testing.T) (files, links []string) {
	t.Helper()
	des, err := os.ReadDir(hostLibDir)
	if err != nil {
		tools.Unavailable(t, "no %s: %v", hostLibDir, err)
	}
	picked := map[string]bool{}
	for _, de := range des {
		info, err := de.Info()
		name := de.Name()
		if err != nil || !(strings.HasPrefix(name, "lib") || strings.HasPrefix(name, "ld-")) || !strings.Contains(name, ".so") {
			continue
		}
		if info.Mode().IsRegular() && info.Size() < 200<<10 {
			files = append(files, name)
			picked[name] = true
		}
	}
	for _, de := range des {
		if de.Type()&os.ModeSymlink == 0 {
			continue
		}
		target, err := os.Readlink(filepath.Join(hostLibDir, de.Name()))
		if err == nil && picked[target] {
			links = append(links, de.Name())
		}
	}
	if len(files) < 20 {
		tools.Unavailable(t, "only %d small libraries in %s", len(files), hostLibDir)
	}
	return files, links
}

const (
	ldConf      = "include /etc/ld.so.conf.d/*.conf\n"
	ldConfMulti = "# Multiarch support\n" + hostLibDir + "\n"
)

// hostGlibcTar streams a "glibc" package holding the chosen host libraries
// under usr/lib/x86_64-linux-gnu, addressed through the merged lib/.
func hostGlibcTar(t *testing.T, files, links []string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		put := func(h *tar.Header, r io.Reader) error {
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			if r != nil {
				_, err := io.Copy(tw, r)
				return err
			}
			return nil
		}
		err := func() error {
			for _, d := range []string{"etc/", "etc/ld.so.conf.d/", "lib/", "lib/x86_64-linux-gnu/"} {
				if err := put(&tar.Header{Name: d, Typeflag: tar.TypeDir, Mode: 0o755}, nil); err != nil {
					return err
				}
			}
			for name, body := range map[string]string{"etc/ld.so.conf": ldConf, "etc/ld.so.conf.d/x86_64.conf": ldConfMulti} {
				if err := put(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(body))}, strings.NewReader(body)); err != nil {
					return err
				}
			}
			for _, name := range files {
				f, err := os.Open(filepath.Join(hostLibDir, name))
				if err != nil {
					return err
				}
				info, _ := f.Stat()
				err = put(&tar.Header{Name: "lib/x86_64-linux-gnu/" + name, Typeflag: tar.TypeReg, Mode: 0o755, Size: info.Size()}, f)
				f.Close()
				if err != nil {
					return err
				}
			}
			for _, name := range links {
				target, _ := os.Readlink(filepath.Join(hostLibDir, name))
				if err := put(&tar.Header{Name: "lib/x86_64-linux-gnu/" + name, Typeflag: tar.TypeSymlink, Linkname: target, Mode: 0o777}, nil); err != nil {
					return err
				}
			}
			return tw.Close()
		}()
		pw.CloseWithError(err)
	}()
	return pr
}

// TestLdSoCacheFromHostLibraries builds ld.so.cache from real libraries and
// has glibc judge it: `ldconfig -C <ours> -p` must list what Parse reads,
// and (as root) glibc's ldconfig run on the same root must produce the
// same entries in the same order.
func TestLdSoCacheFromHostLibraries(t *testing.T) {
	tools.Require(t, "ldconfig")
	files, links := hostLibs(t)
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t), pkg("glibc"), hostGlibcTar(t, files, links))
	if err := tr.Finish(context.Background(), Finish{Arch: "x86_64"}); err != nil {
		t.Fatal(err)
	}
	e, ok := flat(t, tr)["etc/ld.so.cache"]
	if !ok || e.Owner != GeneratedOwner {
		t.Fatalf("etc/ld.so.cache: present %v owner %q", ok, e.Owner)
	}
	ours := filepath.Join(t.TempDir(), "ld.so.cache")
	if err := os.WriteFile(ours, []byte(content(t, e.Entry)), 0o644); err != nil {
		t.Fatal(err)
	}
	parsed, err := ldcache.Parse(strings.NewReader(content(t, e.Entry)))
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed) < len(files)/2 {
		t.Errorf("only %d entries for %d libraries", len(parsed), len(files))
	}
	got := ldconfigPrint(t, ours)
	var want []string
	for _, p := range parsed {
		want = append(want, p.Key+" (libc6,x86-64) => "+p.Path)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ldconfig -p disagrees with Parse:\n%s\n---\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	t.Run("same as glibc's ldconfig", func(t *testing.T) {
		tools.RequireRoot(t) // ldconfig -r chroots
		root := t.TempDir()
		libdir := filepath.Join(root, hostLibDir)
		for _, d := range []string{libdir, filepath.Join(root, "etc/ld.so.conf.d"), filepath.Join(root, "var/cache/ldconfig")} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, l := range [][2]string{{"usr/lib", "lib"}, {"usr/lib", "lib64"}} {
			if err := os.Symlink(l[0], filepath.Join(root, l[1])); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range files {
			data, err := os.ReadFile(filepath.Join(hostLibDir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(libdir, name), data, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range links {
			target, _ := os.Readlink(filepath.Join(hostLibDir, name))
			if err := os.Symlink(target, filepath.Join(libdir, name)); err != nil {
				t.Fatal(err)
			}
		}
		_ = os.WriteFile(filepath.Join(root, "etc/ld.so.conf"), []byte(ldConf), 0o644)
		_ = os.WriteFile(filepath.Join(root, "etc/ld.so.conf.d/x86_64.conf"), []byte(ldConfMulti), 0o644)
		cmd := exec.Command("ldconfig", "-i", "-r", root, "-C", "/etc/ld.so.cache", "-f", "/etc/ld.so.conf")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", cmd, err, out)
		}
		real := ldconfigPrint(t, filepath.Join(root, "etc/ld.so.cache"))
		t.Logf("%d libraries and %d links gave %d cache entries; glibc's ldconfig gave %d", len(files), len(links), len(got), len(real))
		if !slices.Equal(got, real) {
			t.Errorf("ours (%d entries) and glibc's ldconfig (%d) differ:\n%s", len(got), len(real), diffLines(got, real))
		}
	})
}

func ldconfigPrint(t *testing.T, cache string) []string {
	t.Helper()
	out, err := exec.Command("ldconfig", "-C", cache, "-p").CombinedOutput()
	if err != nil {
		t.Fatalf("ldconfig -C %s -p: %v\n%s", cache, err, out)
	}
	return ldcache.PrintedEntries(string(out))
}

func diffLines(a, b []string) string {
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, "only ours:   "+l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			out = append(out, "only glibc's: "+l)
		}
	}
	if len(out) == 0 {
		return "same lines, different order"
	}
	return strings.Join(out, "\n")
}
