package debroot

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/md5" //nolint:gosec // dpkg's md5sums format
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// build unpacks every .deb in debs into rootfs and recreates the effects of
// maintainer scripts that tests rely on.
func build(ctx context.Context, debs, rootfs string, caCerts bool) error {
	files, err := filepath.Glob(filepath.Join(debs, "*.deb"))
	if err != nil {
		return fmt.Errorf("listing downloaded packages: %w", err)
	}
	if len(files) == 0 {
		return fmt.Errorf("no .deb files in %s", debs)
	}
	if err := os.MkdirAll(rootfs, 0o755); err != nil {
		return fmt.Errorf("creating rootfs: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		if err := unpack(ctx, f, rootfs); err != nil {
			return err
		}
	}
	if err := dpkgStatus(ctx, files, rootfs); err != nil {
		return err
	}
	if err := dpkgInfo(ctx, files, rootfs); err != nil {
		return err
	}
	if err := osRelease(rootfs); err != nil {
		return err
	}
	if caCerts {
		if err := caBundle(rootfs); err != nil {
			return err
		}
	}
	if err := tmpDir(rootfs); err != nil {
		return err
	}
	return accounts(rootfs)
}

// unpack extracts one .deb's data archive into rootfs with `dpkg-deb -x`.
func unpack(ctx context.Context, deb, rootfs string) error {
	cmd := exec.CommandContext(ctx, "dpkg-deb", "-x", deb, rootfs)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("unpacking %s: %w: %s", filepath.Base(deb), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// caBundle writes /etc/ssl/certs/ca-certificates.crt as
// update-ca-certificates would with every certificate enabled: the
// concatenation of /usr/share/ca-certificates/**/*.crt in sorted path order,
// each ending in a newline.
func caBundle(rootfs string) error {
	src := filepath.Join(rootfs, "usr", "share", "ca-certificates")
	var certs []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".crt") {
			certs = append(certs, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing CA certificates: %w", err)
	}
	if len(certs) == 0 {
		return fmt.Errorf("building CA bundle: no certificates under %s", src)
	}
	slices.Sort(certs)
	var bundle bytes.Buffer
	for _, c := range certs {
		b, err := os.ReadFile(c)
		if err != nil {
			return fmt.Errorf("reading CA certificate: %w", err)
		}
		bundle.Write(b)
		if len(b) > 0 && b[len(b)-1] != '\n' {
			bundle.WriteByte('\n')
		}
	}
	dir := filepath.Join(rootfs, "etc", "ssl", "certs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca-certificates.crt"), bundle.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing CA bundle: %w", err)
	}
	return nil
}

// tmpDir makes sure /tmp exists with mode 1777.
func tmpDir(rootfs string) error {
	p := filepath.Join(rootfs, "tmp")
	if err := os.MkdirAll(p, 0o755); err != nil {
		return fmt.Errorf("creating /tmp: %w", err)
	}
	if err := os.Chmod(p, fs.ModeSticky|0o777); err != nil {
		return fmt.Errorf("setting mode of /tmp: %w", err)
	}
	return nil
}

// accounts writes the root entries of /etc/passwd and /etc/group that
// base-passwd provides on a Debian system, unless a package shipped them.
func accounts(rootfs string) error {
	files := []struct{ name, content string }{
		{"passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\n"},
		{"group", "root:x:0:\n"},
	}
	for _, f := range files {
		p := filepath.Join(rootfs, "etc", f.name)
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("creating /etc: %w", err)
		}
		if err := os.WriteFile(p, []byte(f.content), 0o644); err != nil {
			return fmt.Errorf("writing /etc/%s: %w", f.name, err)
		}
	}
	return nil
}

// dpkgStatus writes var/lib/dpkg/status as dpkg would after installing
// the packages: one stanza each with the control file's fields and
// "Status: install ok installed". Scanners and pyko read versions (glibc,
// python) from it.
func dpkgStatus(ctx context.Context, debs []string, rootfs string) error {
	var b bytes.Buffer
	for _, deb := range debs {
		out, err := exec.CommandContext(ctx, "dpkg-deb", "-f", deb).Output()
		if err != nil {
			return fmt.Errorf("reading the control fields of %s: %w", filepath.Base(deb), err)
		}
		lines := strings.SplitN(string(bytes.TrimSpace(out)), "\n", 2)
		b.WriteString(lines[0] + "\nStatus: install ok installed\n")
		if len(lines) > 1 {
			b.WriteString(lines[1] + "\n")
		}
		b.WriteString("\n")
	}
	dir := filepath.Join(rootfs, "var", "lib", "dpkg")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "status"), b.Bytes(), 0o644)
}

// dpkgInfo writes var/lib/dpkg/info/PACKAGE.list and .md5sums
// (PACKAGE:ARCH.* for Multi-Arch: same packages) as dpkg does when it
// installs: every path of the package and each file's MD5, so that
// scanners (syft, trivy) know which package owns a file, as in a real
// Debian image.
func dpkgInfo(ctx context.Context, debs []string, rootfs string) error {
	dir := filepath.Join(rootfs, "var", "lib", "dpkg", "info")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, deb := range debs {
		fields, err := exec.CommandContext(ctx, "dpkg-deb", "-f", deb, "Package", "Architecture", "Multi-Arch").Output()
		if err != nil {
			return fmt.Errorf("reading the control fields of %s: %w", filepath.Base(deb), err)
		}
		f := map[string]string{}
		for _, l := range strings.Split(string(fields), "\n") {
			if k, v, ok := strings.Cut(l, ": "); ok {
				f[k] = strings.TrimSpace(v)
			}
		}
		name := f["Package"]
		if f["Multi-Arch"] == "same" {
			name += ":" + f["Architecture"]
		}
		out, err := exec.CommandContext(ctx, "dpkg-deb", "--fsys-tarfile", deb).Output()
		if err != nil {
			return fmt.Errorf("reading %s: %w", filepath.Base(deb), err)
		}
		var list, sums strings.Builder
		tr := tar.NewReader(bytes.NewReader(out))
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("reading %s: %w", filepath.Base(deb), err)
			}
			p := "/" + strings.Trim(strings.TrimPrefix(h.Name, "."), "/")
			if p == "/" {
				p = "/."
			}
			list.WriteString(p + "\n")
			if h.Typeflag == tar.TypeReg {
				sum := md5.New() //nolint:gosec // dpkg's md5sums format
				if _, err := io.Copy(sum, tr); err != nil {
					return err
				}
				fmt.Fprintf(&sums, "%x  %s\n", sum.Sum(nil), strings.TrimPrefix(p, "/"))
			}
		}
		for ext, b := range map[string]string{".list": list.String(), ".md5sums": sums.String()} {
			if err := os.WriteFile(filepath.Join(dir, name+ext), []byte(b), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// osRelease writes /usr/lib/os-release and the /etc/os-release link to
// it as Debian 12's base-files ships them: scanners name the
// distribution from it.
func osRelease(rootfs string) error {
	const text = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`
	if err := os.MkdirAll(filepath.Join(rootfs, "usr", "lib"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(rootfs, "usr", "lib", "os-release"), []byte(text), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(rootfs, "etc"), 0o755); err != nil {
		return err
	}
	link := filepath.Join(rootfs, "etc", "os-release")
	if _, err := os.Lstat(link); err == nil {
		return nil
	}
	return os.Symlink("../usr/lib/os-release", link)
}
