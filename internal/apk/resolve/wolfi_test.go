package resolve

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

// wolfiLike is a small index shaped like Wolfi's around python-3.12: real
// sonames, the glibc ↔ libgcc cycle, older versions and other Pythons and
// shells as decoys.
func wolfiLike(t testing.TB) []*apk.Package {
	libc := "D:so:libc.so.6"
	return []*apk.Package{
		pkg(t, "wolfi-baselayout-20230201-r24"),
		pkg(t, "ca-certificates-bundle-20250619-r1"),
		pkg(t, "ld-linux-2.42-r3", "p:so:ld-linux-x86-64.so.2=2"),
		pkg(t, "ld-linux-2.41-r0", "p:so:ld-linux-x86-64.so.2=2"),
		pkg(t, "glibc-2.42-r3", "D:ld-linux wolfi-baselayout libgcc !musl",
			"p:so:libc.so.6=6 so:libm.so.6=6 so:libpthread.so.0=0 so:libdl.so.2=2"),
		pkg(t, "glibc-2.41-r0", "D:ld-linux wolfi-baselayout libgcc !musl", "p:so:libc.so.6=6 so:libm.so.6=6"),
		pkg(t, "glibc-locale-posix-2.42-r3", "D:glibc"),
		pkg(t, "libgcc-15.2.0-r2", libc, "p:so:libgcc_s.so.1=1"),
		pkg(t, "libffi-3.5.2-r0", libc, "p:so:libffi.so.8=8"),
		pkg(t, "zlib-1.3.1-r50", libc, "p:so:libz.so.1=1"),
		pkg(t, "libbz2-1-1.0.8-r20", libc, "p:so:libbz2.so.1=1"),
		pkg(t, "xz-5.8.1-r0", libc, "p:so:liblzma.so.5=5 cmd:xz=5.8.1-r0"),
		pkg(t, "libexpat1-2.7.1-r0", libc, "p:so:libexpat.so.1=1"),
		pkg(t, "libcrypto3-3.5.2-r0", libc, "p:so:libcrypto.so.3=3"),
		pkg(t, "libssl3-3.5.2-r0", "D:so:libc.so.6 so:libcrypto.so.3", "p:so:libssl.so.3=3"),
		pkg(t, "openssl-3.5.2-r0", "D:so:libssl.so.3 so:libcrypto.so.3", "p:cmd:openssl=3.5.2-r0"),
		pkg(t, "ncurses-terminfo-base-6.5-r5"),
		pkg(t, "ncurses-6.5-r5", "D:ncurses-terminfo-base so:libc.so.6", "p:so:libncursesw.so.6=6"),
		pkg(t, "readline-8.3-r0", "D:so:libncursesw.so.6 so:libc.so.6", "p:so:libreadline.so.8=8"),
		pkg(t, "sqlite-libs-3.50.4-r0", libc, "p:so:libsqlite3.so.0=0"),
		pkg(t, "py3-pip-wheel-25.2-r0"),
		pkg(t, "python-3.12-base-3.12.11-r2",
			"D:py3-pip-wheel so:libc.so.6 so:libffi.so.8 so:libz.so.1 so:libssl.so.3 so:libcrypto.so.3 so:libbz2.so.1 "+
				"so:liblzma.so.5 so:libexpat.so.1 so:libreadline.so.8 so:libncursesw.so.6 so:libsqlite3.so.0",
			"p:so:libpython3.12.so.1.0=1.0 cmd:python3.12=3.12.11-r2"),
		pkg(t, "python-3.12-3.12.11-r2", "D:python-3.12-base=3.12.11-r2 so:libpython3.12.so.1.0",
			"p:python3=3.12.11-r2 cmd:python3=3.12.11-r2"),
		pkg(t, "python-3.12-base-3.12.10-r0", "D:py3-pip-wheel so:libc.so.6 so:libffi.so.7", "p:so:libpython3.12.so.1.0=1.0"),
		pkg(t, "python-3.12-3.12.10-r0", "D:python-3.12-base=3.12.10-r0", "p:python3=3.12.10-r0 cmd:python3=3.12.10-r0"),
		pkg(t, "python-3.13-base-3.13.7-r0", "D:py3-pip-wheel so:libc.so.6 so:libffi.so.8 so:libz.so.1",
			"p:so:libpython3.13.so.1.0=1.0 cmd:python3.13=3.13.7-r0"),
		pkg(t, "python-3.13-3.13.7-r0", "D:python-3.13-base=3.13.7-r0", "p:python3=3.13.7-r0 cmd:python3=3.13.7-r0"),
		pkg(t, "python-3.12-doc-3.12.11-r2", "i:python-3.12=3.12.11-r2 docs"),
		pkg(t, "busybox-1.37.0-r50", "D:so:libc.so.6", "p:cmd:sh=1.37.0-r50", "k:10"),
		pkg(t, "toybox-0.8.12-r1", "D:so:libc.so.6", "p:cmd:sh=0.8.12-r1"),
	}
}

func TestResolveWolfiLike(t *testing.T) {
	w := world(t, "python-3.12 ca-certificates-bundle wolfi-baselayout")
	got, err := Resolve(w, wolfiLike(t), WithArch("x86_64"))
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	want := []string{
		"ca-certificates-bundle-20250619-r1", "ld-linux-2.42-r3", "ncurses-terminfo-base-6.5-r5",
		"py3-pip-wheel-25.2-r0", "wolfi-baselayout-20230201-r24",
		"glibc-2.42-r3", "libgcc-15.2.0-r2", // a cycle, entered at glibc
		"libbz2-1-1.0.8-r20", "libcrypto3-3.5.2-r0", "libexpat1-2.7.1-r0", "libffi-3.5.2-r0", "libssl3-3.5.2-r0",
		"ncurses-6.5-r5", "readline-8.3-r0", "sqlite-libs-3.50.4-r0", "xz-5.8.1-r0", "zlib-1.3.1-r50",
		"python-3.12-base-3.12.11-r2", "python-3.12-3.12.11-r2",
	}
	if !slices.Equal(ids(got), want) {
		t.Errorf("Resolve =\n%q\nwant\n%q", ids(got), want)
	}
	if err := checkSet(w, got); err != nil {
		t.Errorf("result is inconsistent: %v", err)
	}
}

func TestResolveWolfiLikeVariants(t *testing.T) {
	tests := []struct {
		world   string
		has     []string
		hasNo   []string
		wantErr string
	}{
		{world: "python3", has: []string{"python-3.13-3.13.7-r0"}, hasNo: []string{"python-3.12-3.12.11-r2"}},
		{world: "python3<3.13", has: []string{"python-3.12-3.12.11-r2"}, hasNo: []string{"python-3.13-3.13.7-r0"}},
		{world: "python-3.12 cmd:sh", has: []string{"busybox-1.37.0-r50"}, hasNo: []string{"toybox-0.8.12-r1"}},
		{world: "python-3.12 docs", wantErr: "docs (world): nothing provides it"},
		{world: "python-3.12 !busybox cmd:sh", has: []string{"toybox-0.8.12-r1"}, hasNo: []string{"busybox-1.37.0-r50"}},
		{world: "python-3.12 glibc<2.42", has: []string{"glibc-2.41-r0", "ld-linux-2.42-r3"}, hasNo: []string{"glibc-2.42-r3"}},
	}
	for _, tt := range tests {
		t.Run(tt.world, func(t *testing.T) {
			w := world(t, tt.world)
			got, err := Resolve(w, wolfiLike(t))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Resolve = %q, %v; want error %q", ids(got), err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			for _, id := range tt.has {
				if !slices.Contains(ids(got), id) {
					t.Errorf("%s missing from %q", id, ids(got))
				}
			}
			for _, id := range tt.hasNo {
				if slices.Contains(ids(got), id) {
					t.Errorf("%s in %q", id, ids(got))
				}
			}
			if err := checkSet(w, got); err != nil {
				t.Errorf("result is inconsistent: %v", err)
			}
		})
	}
}

// TestResolveDeterministic shuffles the available packages and the world:
// the set and its order must not move.
func TestResolveDeterministic(t *testing.T) {
	avail := wolfiLike(t)
	avail = append(avail, pkg(t, "docs-1-r0"), pkg(t, "foo-1-r0", "p:binsh"), pkg(t, "bar-1-r0", "p:binsh"))
	w := world(t, "python-3.12 ca-certificates-bundle wolfi-baselayout docs binsh cmd:sh")
	want, err := Resolve(w, avail)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	if !slices.Contains(ids(want), "python-3.12-doc-3.12.11-r2") {
		t.Fatalf("install_if package missing from %q", ids(want))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		r.Shuffle(len(avail), func(i, j int) { avail[i], avail[j] = avail[j], avail[i] })
		r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
		got, err := Resolve(w, avail)
		if err != nil {
			t.Fatalf("shuffle %d: Resolve: %v", i, err)
		}
		if !slices.Equal(ids(got), ids(want)) {
			t.Fatalf("shuffle %d: Resolve =\n%q\nwant\n%q", i, ids(got), ids(want))
		}
	}
}
