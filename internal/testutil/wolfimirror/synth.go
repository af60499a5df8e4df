package wolfimirror

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// The baselayout has no Debian package to take a version and date from.
const (
	baselayoutVersion = "20230201-r0"
	baselayoutTime    = 1675209600 // 2023-02-01T00:00:00Z
)

// baselayout is wolfi-baselayout: the merged-usr symlinks, the world
// writable temporary directories, the accounts root..nobody and
// /etc/os-release. (No nonroot account: pyko adds it, as apko does.)
func baselayout(*builder) ([]apkrepo.File, error) {
	dir := func(p string, mode fs.FileMode) apkrepo.File { return apkrepo.File{Path: p, Mode: fs.ModeDir | mode} }
	link := func(p, to string) apkrepo.File { return apkrepo.File{Path: p, Mode: fs.ModeSymlink | 0o777, Link: to} }
	text := func(p, s string) apkrepo.File { return apkrepo.File{Path: p, Mode: 0o644, Content: []byte(s)} }
	return []apkrepo.File{
		link("bin", "usr/bin"), link("sbin", "usr/bin"), link("lib", "usr/lib"), link("lib64", "usr/lib"),
		dir("usr/bin", 0o755), dir("usr/lib", 0o755), dir("usr/local/bin", 0o755),
		dir("dev", 0o755), dir("proc", 0o555), dir("sys", 0o555), dir("run", 0o755),
		dir("home", 0o755), dir("root", 0o700), dir("var/lib", 0o755), dir("var/cache", 0o755),
		dir("tmp", fs.ModeSticky|0o777), dir("var/tmp", fs.ModeSticky|0o777),
		text("etc/os-release", `ID=wolfi
NAME="Wolfi"
PRETTY_NAME="Wolfi"
VERSION_ID="20230201"
HOME_URL="https://wolfi.dev"
# Not Wolfi: pyko's offline test mirror, Debian 12 binaries under Wolfi's names.
`),
		text("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n"),
		text("etc/group", "root:x:0:root\nnobody:x:65534:\n"),
		text("etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n"),
	}, nil
}

// ldSoConf is glibc's /etc/ld.so.conf, for whoever builds ld.so.cache: it
// includes Debian's multiarch directories from /etc/ld.so.conf.d.
func ldSoConf(*builder) ([]apkrepo.File, error) {
	return []apkrepo.File{{Path: "etc/ld.so.conf", Mode: 0o644, Content: []byte("include /etc/ld.so.conf.d/*.conf\n/usr/local/lib\n/usr/lib\n")}}, nil
}

// opensslDir makes Debian's OPENSSLDIR (/usr/lib/ssl), where libcrypto
// looks for its default CA file and directory, point at the bundle, as
// Debian's openssl package does, so Python finds it without SSL_CERT_FILE.
func opensslDir(*builder) ([]apkrepo.File, error) {
	return []apkrepo.File{
		{Path: "usr/lib/ssl/cert.pem", Mode: fs.ModeSymlink | 0o777, Link: "/etc/ssl/certs/ca-certificates.crt"},
		{Path: "usr/lib/ssl/certs", Mode: fs.ModeSymlink | 0o777, Link: "/etc/ssl/certs"},
	}, nil
}

// pythonLinks are python-3.11's own files: python3 and python.
func pythonLinks(*builder) ([]apkrepo.File, error) {
	return []apkrepo.File{
		{Path: "usr/bin/python3", Mode: fs.ModeSymlink | 0o777, Link: "python3.11"},
		{Path: "usr/bin/python", Mode: fs.ModeSymlink | 0o777, Link: "python3"},
	}, nil
}

// caBundle is what update-ca-certificates writes with every certificate
// enabled: /usr/share/ca-certificates/**/*.crt concatenated in path order,
// each ending in a newline.
func caBundle(b *builder) ([]apkrepo.File, error) {
	d, err := b.deb("ca-certificates")
	if err != nil {
		return nil, err
	}
	var certs []string
	src := filepath.Join(d.root, "usr", "share", "ca-certificates")
	err = filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".crt") {
			certs = append(certs, p)
		}
		return err
	})
	if err != nil || len(certs) == 0 {
		return nil, fmt.Errorf("building the CA bundle: no certificates under %s: %v", src, err)
	}
	slices.Sort(certs)
	var bundle bytes.Buffer
	for _, c := range certs {
		pem, err := os.ReadFile(c)
		if err != nil {
			return nil, fmt.Errorf("building the CA bundle: %w", err)
		}
		bundle.Write(pem)
		if len(pem) > 0 && pem[len(pem)-1] != '\n' {
			bundle.WriteByte('\n')
		}
	}
	return []apkrepo.File{{Path: "etc/ssl/certs/ca-certificates.crt", Mode: 0o644, Content: bundle.Bytes()}}, nil
}

// busyboxPaths is /etc/busybox-paths.d/busybox: the applet paths, one per
// line, from which an installer makes the applet symlinks (busybox's
// trigger would run `busybox --install -s`).
func busyboxPaths(b *builder) ([]apkrepo.File, error) {
	applets, err := b.busyboxApplets()
	if err != nil {
		return nil, err
	}
	var s strings.Builder
	for _, a := range applets {
		s.WriteString("usr/bin/" + a + "\n")
	}
	return []apkrepo.File{{Path: "etc/busybox-paths.d/busybox", Mode: 0o644, Content: []byte(s.String())}}, nil
}

// busyboxProvides is cmd:<applet> for every applet with a plain name (not
// "[" or "[[").
func busyboxProvides(b *builder, version string) []string {
	applets, _ := b.busyboxApplets() // busyboxPaths already failed on an error
	var out []string
	for _, a := range applets {
		if strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-") == "" {
			out = append(out, "cmd:"+a+"="+version)
		}
	}
	return out
}

// ccLink is /usr/bin/cc, which Debian makes with update-alternatives.
func ccLink(*builder) ([]apkrepo.File, error) {
	return []apkrepo.File{{Path: "usr/bin/cc", Mode: fs.ModeSymlink | 0o777, Link: "gcc"}}, nil
}

// noFiles is the content of a meta package.
func noFiles(*builder) ([]apkrepo.File, error) { return nil, nil }
