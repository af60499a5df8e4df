package install

import (
	"context"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func mustDeps(t *testing.T, s string) []apk.Dependency {
	t.Helper()
	d, err := apk.ParseDependencies(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestInstalledDBGolden pins the exact text of lib/apk/db/installed for
// two packages. The Z: values were computed with `openssl sha1 -binary |
// base64`, and the one for the libz.so.1 symlink is the one apko writes for
// Wolfi's zlib.
func TestInstalledDBGolden(t *testing.T) {
	base := &apk.Package{
		Name: "wolfi-baselayout", Version: "20230201-r23", Arch: "x86_64",
		Checksum: "Q15GKR2cusJFuJW5jYQBxRRQK9xTs=", Size: 13282, InstalledSize: 123541,
		Description: "baselayout data for Wolfi", License: "MIT", Origin: "wolfi-baselayout",
		Maintainer: "wolfi", BuildTime: 1752789152, Commit: "a2020bf03d408b2ef1585d7dc52c29ce88524a76",
		Provides: mustDeps(t, "merged-bin merged-lib"),
	}
	zlib := &apk.Package{
		Name: "zlib", Version: "1.3.1-r51", Arch: "x86_64",
		Checksum: "Q1/kfcansNYm3y06m+tgXyDJMjPqs=", Size: 67256, InstalledSize: 144477,
		Description: "a library implementing the zlib compression algorithms", URL: "https://zlib.net",
		License: "Zlib", Origin: "zlib", Maintainer: "wolfi", BuildTime: 1752770650, ProviderPriority: 10,
		Depends: mustDeps(t, "so:libc.so.6 wolfi-baselayout"), Provides: mustDeps(t, "so:libz.so.1=1"),
		Replaces: mustDeps(t, "zlib-compat"), ReplacesPriority: 5,
	}
	tr := New(t.TempDir())
	mustAdd(t, tr,
		base, tarOf(t,
			dir("etc"), file("etc/passwd", "root:x:0:0:root:/root:/bin/ash\n"),
			withMode(file("etc/shadow", "root:!::0:::::\n"), 0o600),
			symlink("lib", "usr/lib"), withMode(dir("tmp"), 0o1777), dir("usr"), dir("usr/lib")),
		zlib, tarOf(t,
			dir("lib"), symlink("lib/libz.so.1", "libz.so.1.3.1"),
			withMode(file("lib/libz.so.1.3.1", "zlib ELF bytes"), 0o755)),
	)
	if err := tr.Finish(context.Background(), Finish{}); err != nil {
		t.Fatal(err)
	}
	e, ok := flat(t, tr)["usr/lib/apk/db/installed"]
	if !ok || e.Owner != GeneratedOwner {
		t.Fatalf("usr/lib/apk/db/installed: present %v, owner %q", ok, e.Owner)
	}
	const want = `C:Q15GKR2cusJFuJW5jYQBxRRQK9xTs=
P:wolfi-baselayout
V:20230201-r23
A:x86_64
S:13282
I:123541
T:baselayout data for Wolfi
U:
L:MIT
o:wolfi-baselayout
m:wolfi
t:1752789152
c:a2020bf03d408b2ef1585d7dc52c29ce88524a76
p:merged-bin merged-lib
F:
R:lib
a:0:0:777
Z:Q1dYdZNlBN9zgRDwf2iIAxbFovM1g=
F:etc
R:passwd
Z:Q1PwxhH2v/M8EwCu1oBp6GttnGOaw=
R:shadow
a:0:0:600
Z:Q1jIlBDytxHCMBwm2Yax3lte6Hu3s=
F:tmp
M:0:0:1777
F:usr
F:usr/lib

C:Q1/kfcansNYm3y06m+tgXyDJMjPqs=
P:zlib
V:1.3.1-r51
A:x86_64
S:67256
I:144477
T:a library implementing the zlib compression algorithms
U:https://zlib.net
L:Zlib
o:zlib
m:wolfi
t:1752770650
k:10
D:so:libc.so.6 wolfi-baselayout
p:so:libz.so.1=1
r:zlib-compat
q:5
F:lib
R:libz.so.1
a:0:0:777
Z:Q1IdZs3QiCHWQV7Ve3k69boHQ4Skw=
R:libz.so.1.3.1
a:0:0:755
Z:Q1uc+joxOZjip7bAiBzxs2EEp2FVY=

`
	if got := content(t, e.Entry); got != want {
		t.Errorf("installed db:\n%s\nwant:\n%s", got, want)
	}
}
