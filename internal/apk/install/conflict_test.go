package install

import (
	"context"
	"errors"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func TestFileConflicts(t *testing.T) {
	withReplaces := func(p *apk.Package, prio int, deps ...string) *apk.Package {
		for _, d := range deps {
			dep, err := apk.ParseDependency(d)
			if err != nil {
				t.Fatal(err)
			}
			p.Replaces = append(p.Replaces, dep)
		}
		p.ReplacesPriority = prio
		return p
	}
	tests := []struct {
		name      string
		old, new  *apk.Package
		oldEntry  ent
		newEntry  ent
		want      string // content (or link target) left at the path
		wantOwner string
		conflict  bool
		typeErr   bool
	}{
		{name: "different content", old: pkg("a"), new: pkg("b"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), conflict: true},
		{name: "new replaces old", old: pkg("a"), new: withReplaces(pkg("b"), 0, "a"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), want: "B", wantOwner: "b"},
		{name: "old replaces new", old: withReplaces(pkg("a"), 0, "b"), new: pkg("b"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), want: "A", wantOwner: "a"},
		{name: "versioned replaces matches", old: pkg("a"), new: withReplaces(pkg("b"), 0, "a<2.0"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), want: "B", wantOwner: "b"},
		{name: "versioned replaces does not match", old: pkg("a"), new: withReplaces(pkg("b"), 0, "a<1.0"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), conflict: true},
		{name: "both replace, higher priority wins", old: withReplaces(pkg("a"), 10, "b"), new: withReplaces(pkg("b"), 5, "a"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), want: "A", wantOwner: "a"},
		{name: "both replace, equal priority: the new one", old: withReplaces(pkg("a"), 0, "b"), new: withReplaces(pkg("b"), 0, "a"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), want: "B", wantOwner: "b"},
		{name: "same origin", old: pkgOrigin("glibc", "glibc"), new: pkgOrigin("glibc-dev", "glibc"),
			oldEntry: file("f", "A"), newEntry: file("f", "B"), want: "B", wantOwner: "glibc-dev"},
		{name: "identical files", old: pkg("a"), new: pkg("b"),
			oldEntry: file("f", "same"), newEntry: file("f", "same"), want: "same", wantOwner: "a"},
		{name: "identical symlinks", old: pkg("a"), new: pkg("b"),
			oldEntry: symlink("f", "t"), newEntry: symlink("f", "t"), want: "t", wantOwner: "a"},
		{name: "symlink against file", old: pkg("a"), new: pkg("b"),
			oldEntry: symlink("f", "t"), newEntry: file("f", "t"), conflict: true},
		{name: "file where a directory is", old: pkg("a"), new: withReplaces(pkg("b"), 0, "a"),
			oldEntry: dir("f"), newEntry: file("f", "B"), typeErr: true},
		{name: "directory where a file is", old: pkg("a"), new: pkg("b"),
			oldEntry: file("f", "A"), newEntry: dir("f"), typeErr: true},
		{name: "symlink where a directory is", old: pkg("a"), new: pkg("b"),
			oldEntry: dir("f"), newEntry: symlink("f", "usr/f"), typeErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := New(t.TempDir())
			mustAdd(t, tr, tt.old, tarOf(t, tt.oldEntry))
			err := tr.Add(context.Background(), tt.new, tarOf(t, tt.newEntry))
			var fc *FileConflictError
			switch {
			case tt.conflict:
				if !errors.As(err, &fc) {
					t.Fatalf("err = %v, want a FileConflictError", err)
				}
				if fc.Path != "f" || fc.Packages != [2]string{tt.old.ID(), tt.new.ID()} {
					t.Errorf("conflict = %+v", fc)
				}
				return
			case tt.typeErr:
				if !errors.Is(err, ErrTypeConflict) {
					t.Fatalf("err = %v, want ErrTypeConflict", err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			e := flat(t, tr)["f"]
			got := e.Link
			if !isSymlink(e.Entry) {
				got = content(t, e.Entry)
			}
			if got != tt.want || e.Owner != tt.wantOwner {
				t.Errorf("f = %q owned by %s, want %q owned by %s", got, e.Owner, tt.want, tt.wantOwner)
			}
			// The installed database lists the file under its owner only.
			for _, r := range tr.pkgs {
				listed := false
				for _, d := range r.dirs {
					for _, f := range d.files {
						listed = listed || (f.name == "f" && !f.removed)
					}
				}
				if listed != (r.pkg.Name == tt.wantOwner) {
					t.Errorf("installed db: %s lists f = %v", r.pkg.Name, listed)
				}
			}
		})
	}
}

func TestFileConflictErrorText(t *testing.T) {
	tr := New(t.TempDir())
	a, b := pkg("openssl"), pkg("libressl")
	b.Version = "3.9.2-r1"
	mustAdd(t, tr, a, tarOf(t, dir("usr"), dir("usr/lib"), file("usr/lib/libssl.so.3", "openssl")))
	err := tr.Add(context.Background(), b, tarOf(t, dir("lib"), file("lib/libssl.so.3", "libressl")))
	want := `package libressl-3.9.2-r1: "lib/libssl.so.3": file /usr/lib/libssl.so.3 is in both openssl-1.0-r0 and ` +
		`libressl-3.9.2-r1 with different content: leave one of them out, or use a version where one declares "replaces" on the other`
	// lib is not a symlink here (no baselayout), so the paths differ: add it.
	if err != nil {
		t.Fatalf("lib/ and usr/lib/ are different directories without a baselayout: %v", err)
	}
	tr = New(t.TempDir())
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t), a, tarOf(t, dir("usr"), dir("usr/lib"), file("usr/lib/libssl.so.3", "openssl")))
	err = tr.Add(context.Background(), b, tarOf(t, dir("lib"), file("lib/libssl.so.3", "libressl")))
	if err == nil || err.Error() != want {
		t.Errorf("error text:\n got %v\nwant %s", err, want)
	}
}
