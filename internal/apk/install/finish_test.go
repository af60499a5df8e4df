package install

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

var nonroot = Account{Name: "nonroot", UID: 65532, GID: 65532, Home: "/home/nonroot"}

func busybox(t *testing.T) (any, any) {
	t.Helper()
	return pkg("busybox"), tarOf(t,
		dir("usr"), dir("usr/bin"), withMode(file("usr/bin/busybox", "busybox ELF"), 0o755),
		dir("etc"), dir("etc/busybox-paths.d"),
		// Lists name paths absolute or, as busybox --list-full prints them, relative.
		file("etc/busybox-paths.d/busybox", "/bin/sh\nbin/ls\n/usr/bin/env\nusr/sbin/chroot /bin/busybox\n/bin/true\n"),
		withMode(file("usr/bin/true", "a real true"), 0o755),
	)
}

func TestFinishAccounts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shell bool
	}{{"no shell", false}, {"with busybox", true}} {
		t.Run(tc.name, func(t *testing.T) {
			tr := New(t.TempDir())
			mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t))
			wantShell := "/sbin/nologin"
			if tc.shell {
				bb, data := busybox(t)
				mustAdd(t, tr, bb, data)
				wantShell = "/bin/sh"
			}
			if err := tr.Finish(context.Background(), Finish{Account: nonroot}); err != nil {
				t.Fatal(err)
			}
			got := flat(t, tr)
			passwd := "root:x:0:0:root:/root:/bin/ash\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n" +
				"nonroot:x:65532:65532::/home/nonroot:" + wantShell + "\n"
			if p := got["etc/passwd"]; content(t, p.Entry) != passwd || p.Owner != GeneratedOwner {
				t.Errorf("etc/passwd (owner %s):\n%s\nwant:\n%s", p.Owner, content(t, p.Entry), passwd)
			}
			if g := content(t, got["etc/group"].Entry); g != "root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n" {
				t.Errorf("etc/group:\n%s", g)
			}
			h := got["home/nonroot"]
			if h.Mode != fs.ModeDir|0o755 || h.UID != 65532 || h.GID != 65532 || h.Owner != GeneratedOwner {
				t.Errorf("home/nonroot: %v %d:%d owner %s", h.Mode, h.UID, h.GID, h.Owner)
			}
			if home := got["home"]; home.Mode != fs.ModeDir|0o755 || home.UID != 0 {
				t.Errorf("home: %v %d", home.Mode, home.UID)
			}
		})
	}
}

func TestFinishAccountAlreadyThere(t *testing.T) {
	tr := New(t.TempDir())
	const passwd = "root:x:0:0::/root:/bin/sh\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n"
	mustAdd(t, tr, pkg("base"), tarOf(t, dir("etc"), file("etc/passwd", passwd), file("etc/group", "nonroot:x:65532:\n")))
	if err := tr.Finish(context.Background(), Finish{Account: nonroot}); err != nil {
		t.Fatal(err)
	}
	got := flat(t, tr)
	if p := got["etc/passwd"]; content(t, p.Entry) != passwd || p.Owner != "base" {
		t.Errorf("etc/passwd was rewritten (owner %s):\n%s", p.Owner, content(t, p.Entry))
	}
}

func TestFinishAccountWithoutBaselayout(t *testing.T) {
	tr := New(t.TempDir())
	if err := tr.Finish(context.Background(), Finish{Account: nonroot}); err != nil {
		t.Fatal(err)
	}
	got := flat(t, tr)
	if p := content(t, got["etc/passwd"].Entry); p != "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n" {
		t.Errorf("etc/passwd: %q", p)
	}
	if _, ok := got["etc/ld.so.cache"]; ok {
		t.Error("ld.so.cache written without glibc")
	}
}

func TestFinishBusyboxLinks(t *testing.T) {
	tr := New(t.TempDir())
	bb, data := busybox(t)
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t), bb, data)
	if err := tr.Finish(context.Background(), Finish{}); err != nil {
		t.Fatal(err)
	}
	got := flat(t, tr)
	for _, p := range []string{"usr/bin/sh", "usr/bin/ls", "usr/bin/env", "usr/bin/chroot"} {
		e := got[p]
		if !isSymlink(e.Entry) || e.Link != "/bin/busybox" || e.Owner != GeneratedOwner {
			t.Errorf("%s: mode %v -> %q owner %s, want a link to /bin/busybox owned by pyko", p, e.Mode, e.Link, e.Owner)
		}
	}
	if e := got["usr/bin/true"]; isSymlink(e.Entry) || e.Owner != "busybox" {
		t.Error("a file the package ships was replaced by an applet link")
	}
	if e := got["usr/bin/busybox"]; isSymlink(e.Entry) {
		t.Error("busybox itself became a link")
	}
	for _, p := range []string{"bin/sh", "usr/sbin/chroot"} {
		if _, ok := got[p]; ok {
			t.Errorf("%s exists: a merged-/usr symlink was replaced", p)
		}
	}
	// The installed db lists busybox's own files, not the generated links.
	db := content(t, got["usr/lib/apk/db/installed"].Entry)
	if strings.Contains(db, "R:sh\n") || !strings.Contains(db, "R:busybox\n") {
		t.Errorf("installed db:\n%s", db)
	}
}

func TestFinishApkConfig(t *testing.T) {
	world := []string{"python-3.12", "ca-certificates-bundle", "python-3.12"}
	finish := Finish{World: world, Repositories: []string{"https://packages.wolfi.dev/os"},
		Keys: map[string][]byte{"wolfi-signing.rsa.pub": []byte("PEM")}}
	for _, withApk := range []bool{false, true} {
		tr := New(t.TempDir())
		mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t))
		if withApk {
			mustAdd(t, tr, pkg("apk-tools"), tarOf(t, dir("usr"), dir("usr/bin"), file("usr/bin/apk", "apk")))
		}
		if err := tr.Finish(context.Background(), finish); err != nil {
			t.Fatal(err)
		}
		got := flat(t, tr)
		if w := content(t, got["etc/apk/world"].Entry); w != "ca-certificates-bundle\npython-3.12\n" {
			t.Errorf("world: %q", w)
		}
		_, repos := got["etc/apk/repositories"]
		_, key := got["etc/apk/keys/wolfi-signing.rsa.pub"]
		if repos != withApk || key != withApk {
			t.Errorf("apk-tools installed %v: repositories %v, key %v", withApk, repos, key)
		}
	}
	tr := New(t.TempDir())
	if err := tr.Finish(context.Background(), Finish{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := flat(t, tr)["etc/apk/world"]; ok {
		t.Error("etc/apk/world written for a nil World")
	}
}

func TestEntriesGroupsAndAncestors(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t),
		pkg("app"), tarOf(t, withMode(dir("tmp"), 0o755), dir("tmp/app"), file("tmp/app/x", "x")))
	if err := tr.Finish(context.Background(), Finish{Account: nonroot}); err != nil {
		t.Fatal(err)
	}
	groups := tr.Entries()
	var owners []string
	for _, g := range groups {
		owners = append(owners, g.Owner)
		if !slices.IsSortedFunc(g.Entries, func(a, b entryT) int { return strings.Compare(a.Path, b.Path) }) {
			t.Errorf("%s: entries not sorted", g.Owner)
		}
	}
	if !slices.Equal(owners, []string{"wolfi-baselayout", "app", GeneratedOwner}) {
		t.Errorf("owners %v", owners)
	}
	app := groups[1].Entries
	i := slices.IndexFunc(app, func(e entryT) bool { return e.Path == "tmp" })
	if i < 0 || app[i].Mode != fs.ModeDir|fs.ModeSticky|0o777 {
		t.Errorf("the app group must carry /tmp as the baselayout made it (first mode wins): %+v", app)
	}
}

// entryT shortens the sort and search callbacks.
type entryT = layer.Entry
