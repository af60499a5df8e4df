package resolve

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name  string
		world string
		pkgs  []*apk.Package
		opts  []Option
		want  []string // install order
	}{{
		name:  "chain, dependencies first",
		world: "a",
		pkgs:  []*apk.Package{pkg(t, "a-1-r0", "D:b"), pkg(t, "b-1-r0", "D:c"), pkg(t, "c-1-r0"), pkg(t, "d-1-r0")},
		want:  []string{"c-1-r0", "b-1-r0", "a-1-r0"},
	}, {
		name:  "so: provide",
		world: "app",
		pkgs: []*apk.Package{
			pkg(t, "app-1-r0", "D:so:libfoo.so.1"),
			pkg(t, "libfoo-1.2-r0", "p:so:libfoo.so.1=1"),
			pkg(t, "libbar-1-r0", "p:so:libbar.so.1=1"),
		},
		want: []string{"libfoo-1.2-r0", "app-1-r0"},
	}, {
		name:  "cmd: provide, newest provided version",
		world: "cmd:python3",
		pkgs: []*apk.Package{
			pkg(t, "python-3.11-3.11.9-r0", "p:cmd:python3=3.11.9-r0"),
			pkg(t, "python-3.12-3.12.1-r0", "p:cmd:python3=3.12.1-r0"),
		},
		want: []string{"python-3.12-3.12.1-r0"},
	}, {
		name:  "newest version wins",
		world: "foo",
		pkgs:  []*apk.Package{pkg(t, "foo-1.2-r0"), pkg(t, "foo-1.10-r0"), pkg(t, "foo-1.9-r3"), pkg(t, "foo-1.10_rc1-r9")},
		want:  []string{"foo-1.10-r0"},
	}, {
		name:  "pin =",
		world: "foo=1.9-r3",
		pkgs:  []*apk.Package{pkg(t, "foo-1.2-r0"), pkg(t, "foo-1.10-r0"), pkg(t, "foo-1.9-r3")},
		want:  []string{"foo-1.9-r3"},
	}, {
		name:  "pin <",
		world: "foo<1.10",
		pkgs:  []*apk.Package{pkg(t, "foo-1.2-r0"), pkg(t, "foo-1.10-r0"), pkg(t, "foo-1.9-r3")},
		want:  []string{"foo-1.9-r3"},
	}, {
		name:  "pin > and <= together",
		world: "foo>1.2-r0 foo<=1.9-r3",
		pkgs:  []*apk.Package{pkg(t, "foo-1.2-r0"), pkg(t, "foo-1.10-r0"), pkg(t, "foo-1.9-r3"), pkg(t, "foo-1.9-r0")},
		want:  []string{"foo-1.9-r3"},
	}, {
		name:  "fuzzy ~ matches whole components",
		world: "python-3.12~3.12.1",
		pkgs: []*apk.Package{
			pkg(t, "python-3.12-3.12.1-r0"), pkg(t, "python-3.12-3.12.1-r3"), pkg(t, "python-3.12-3.12.10-r0"),
		},
		want: []string{"python-3.12-3.12.1-r3"},
	}, {
		name:  "versioned virtual: the higher provided version wins, as in apk-tools",
		world: "cmd:sh",
		pkgs: []*apk.Package{
			pkg(t, "toybox-0.8.11-r0", "p:cmd:sh=0.8.11-r0", "k:100"),
			pkg(t, "busybox-1.36.1-r0", "p:cmd:sh=1.36.1-r0"),
		},
		want: []string{"busybox-1.36.1-r0"},
	}, {
		name:  "unversioned virtual: provider_priority decides",
		world: "binsh",
		pkgs: []*apk.Package{
			pkg(t, "toybox-0.8.11-r0", "p:binsh"),
			pkg(t, "busybox-1.36.1-r0", "p:binsh", "k:10"),
			pkg(t, "dash-0.5.12-r0", "p:binsh", "k:5"),
		},
		want: []string{"busybox-1.36.1-r0"},
	}, {
		name:  "same provided version: provider_priority beats a newer package",
		world: "py3-foo",
		pkgs: []*apk.Package{
			pkg(t, "py3.12-foo-1.0-r5", "p:py3-foo=1.0-r0", "k:312"),
			pkg(t, "py3.13-foo-1.0-r0", "p:py3-foo=1.0-r0", "k:313"),
		},
		want: []string{"py3.13-foo-1.0-r0"},
	}, {
		name:  "world conflict steers a virtual",
		world: "cmd:sh !busybox",
		pkgs: []*apk.Package{
			pkg(t, "toybox-0.8.11-r0", "p:cmd:sh=0.8.11-r0"),
			pkg(t, "busybox-1.36.1-r0", "p:cmd:sh=1.36.1-r0"),
		},
		want: []string{"toybox-0.8.11-r0"},
	}, {
		name:  "a renamed package providing its old name at a newer version wins",
		world: "oldname",
		pkgs:  []*apk.Package{pkg(t, "oldname-1.0-r0"), pkg(t, "newname-2.0-r0", "p:oldname=2.0-r0")},
		want:  []string{"newname-2.0-r0"},
	}, {
		name:  "the real package wins a tie on version over a provider with priority",
		world: "foo",
		pkgs:  []*apk.Package{pkg(t, "bar-1-r0", "p:foo=1.0-r0", "k:50"), pkg(t, "foo-1.0-r0")},
		want:  []string{"foo-1.0-r0"},
	}, {
		name:  "an already selected provider is kept",
		world: "a b",
		pkgs: []*apk.Package{
			pkg(t, "a-1-r0", "D:libx-old"),
			pkg(t, "b-1-r0", "D:so:libx.so.1"),
			pkg(t, "libx-new-2-r0", "p:so:libx.so.1=1", "k:10"),
			pkg(t, "libx-old-1-r0", "p:so:libx.so.1=1"),
		},
		want: []string{"libx-old-1-r0", "a-1-r0", "b-1-r0"},
	}, {
		name:  "a provider choice is revisited when a later dependency needs the other",
		world: "a b",
		pkgs: []*apk.Package{
			pkg(t, "a-1-r0", "D:so:libx.so.1"),
			pkg(t, "b-1-r0", "D:libx-old"),
			pkg(t, "libx-new-2-r0", "p:so:libx.so.1=1", "k:10"),
			pkg(t, "libx-old-1-r0", "p:so:libx.so.1=1"),
		},
		// a's so:libx.so.1 comes first and takes libx-new; then b needs
		// libx-old, which cannot share so:libx.so.1: the search goes back.
		want: []string{"libx-old-1-r0", "a-1-r0", "b-1-r0"},
	}, {
		name:  "unversioned provides coexist",
		world: "a b c",
		pkgs:  []*apk.Package{pkg(t, "a-1-r0", "p:foo"), pkg(t, "b-1-r0", "p:foo"), pkg(t, "c-1-r0", "D:foo")},
		want:  []string{"a-1-r0", "b-1-r0", "c-1-r0"},
	}, {
		name:  "backtracking: a world pin forces an older python",
		world: "python-3.12 libx<2",
		pkgs: []*apk.Package{
			pkg(t, "python-3.12-3.12.2-r0", "D:libx>=2"),
			pkg(t, "python-3.12-3.12.1-r0", "D:libx"),
			pkg(t, "libx-2.0-r0"), pkg(t, "libx-1.5-r0"),
		},
		want: []string{"libx-1.5-r0", "python-3.12-3.12.1-r0"},
	}, {
		name:  "backtracking: two packages' dependencies disagree",
		world: "a b",
		pkgs: []*apk.Package{
			pkg(t, "a-2-r0", "D:c>=2"), pkg(t, "a-1-r0", "D:c"),
			pkg(t, "b-1-r0", "D:c<2"),
			pkg(t, "c-2-r0"), pkg(t, "c-1-r0"),
		},
		want: []string{"c-1-r0", "a-1-r0", "b-1-r0"},
	}, {
		name:  "backtracking: the preferred provider's dependency is missing",
		world: "app",
		pkgs: []*apk.Package{
			pkg(t, "app-1-r0", "D:so:libfoo.so.1"),
			pkg(t, "libfoo-ng-2-r0", "p:so:libfoo.so.1=1", "k:10", "D:missing"),
			pkg(t, "libfoo-1-r0", "p:so:libfoo.so.1=1"),
		},
		want: []string{"libfoo-1-r0", "app-1-r0"},
	}, {
		name:  "backtracking: a package conflicts with a later choice",
		world: "a b",
		pkgs: []*apk.Package{
			pkg(t, "a-2-r0", "D:!b"), pkg(t, "a-1-r0"),
			pkg(t, "b-1-r0"),
		},
		want: []string{"a-1-r0", "b-1-r0"},
	}, {
		name:  "install_if to a fixpoint",
		world: "foo docs lang",
		pkgs: []*apk.Package{
			pkg(t, "foo-1-r0"), pkg(t, "docs-1-r0"), pkg(t, "lang-1-r0"),
			pkg(t, "foo-doc-1-r0", "i:foo docs"),
			pkg(t, "foo-doc-fr-1-r0", "i:foo-doc lang"),
			pkg(t, "bar-doc-1-r0", "i:bar docs"),
			pkg(t, "foo-broken-1-r0", "i:foo", "D:nothing-provides-this"),
			pkg(t, "foo-old-doc-1-r0", "i:foo=0.9-r0 docs"),
		},
		want: []string{"docs-1-r0", "foo-1-r0", "foo-doc-1-r0", "lang-1-r0", "foo-doc-fr-1-r0"},
	}, {
		name:  "install_if picks the newest triggered version",
		world: "foo docs",
		pkgs: []*apk.Package{
			pkg(t, "foo-1-r0"), pkg(t, "docs-1-r0"),
			pkg(t, "foo-doc-1-r0", "i:foo docs"), pkg(t, "foo-doc-2-r0", "i:foo docs"),
		},
		want: []string{"docs-1-r0", "foo-1-r0", "foo-doc-2-r0"},
	}, {
		name:  "cycle: ordered as a unit, entered at the smallest name",
		world: "app",
		pkgs: []*apk.Package{
			pkg(t, "app-1-r0", "D:glibc"),
			pkg(t, "glibc-2.40-r0", "D:ld-linux wolfi-baselayout"),
			pkg(t, "ld-linux-2.40-r0", "D:glibc"),
			pkg(t, "wolfi-baselayout-1-r0"),
		},
		want: []string{"wolfi-baselayout-1-r0", "glibc-2.40-r0", "ld-linux-2.40-r0", "app-1-r0"},
	}, {
		name:  "arch filter keeps noarch",
		world: "a",
		opts:  []Option{WithArch("x86_64")},
		pkgs: []*apk.Package{
			pkg(t, "a-2-r0", "A:aarch64"), pkg(t, "a-1-r0", "D:b"),
			pkg(t, "b-1-r0", "A:noarch"),
		},
		want: []string{"b-1-r0", "a-1-r0"},
	}, {
		name:  "empty world",
		world: "",
		pkgs:  []*apk.Package{pkg(t, "a-1-r0")},
		want:  []string{},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(world(t, tt.world), tt.pkgs, tt.opts...)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("Resolve = %q, want %q", ids(got), tt.want)
			}
			if err := checkSet(world(t, tt.world), got); err != nil {
				t.Errorf("result is inconsistent: %v", err)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name  string
		world string
		pkgs  []*apk.Package
		opts  []Option
		chain []string
		want  string // the whole message
	}{{
		name:  "missing dependency names the chain",
		world: "python-3.11",
		pkgs: []*apk.Package{
			pkg(t, "python-3.11-3.11.9-r0", "D:python-3.11-base=3.11.9-r0"),
			pkg(t, "python-3.11-base-3.11.9-r0", "D:so:libc.so.6 so:libffi.so.8"),
			pkg(t, "glibc-2.40-r0", "p:so:libc.so.6=6"),
		},
		chain: []string{"python-3.11 (world)", "python-3.11-3.11.9-r0", "python-3.11-base-3.11.9-r0", "so:libffi.so.8"},
		want:  "python-3.11 (world) → python-3.11-3.11.9-r0 → python-3.11-base-3.11.9-r0 → so:libffi.so.8: nothing provides it",
	}, {
		name:  "missing world entry",
		world: "nope",
		pkgs:  []*apk.Package{pkg(t, "a-1-r0")},
		chain: []string{"nope (world)"},
		want:  "nope (world): nothing provides it",
	}, {
		name:  "only an older version is available",
		world: "app",
		pkgs:  []*apk.Package{pkg(t, "app-1-r0", "D:glibc>=2.40"), pkg(t, "glibc-2.38-r0")},
		chain: []string{"app (world)", "app-1-r0", "glibc>=2.40"},
		want:  "app (world) → app-1-r0 → glibc>=2.40: only glibc-2.38-r0 is available",
	}, {
		name:  "an unversioned provide cannot meet a versioned dependency",
		world: "app",
		pkgs:  []*apk.Package{pkg(t, "app-1-r0", "D:foo>=1"), pkg(t, "bar-1-r0", "p:foo")},
		chain: []string{"app (world)", "app-1-r0", "foo>=1"},
		want:  "app (world) → app-1-r0 → foo>=1: only bar-1-r0 (provides foo without a version) is available",
	}, {
		name:  "conflict names both sides",
		world: "busybox foo",
		pkgs: []*apk.Package{
			pkg(t, "busybox-1.36.1-r0"),
			pkg(t, "foo-1-r0", "D:toybox"),
			pkg(t, "toybox-0.8.11-r0", "D:!busybox"),
		},
		chain: []string{"foo (world)", "foo-1-r0", "toybox"},
		want: "foo (world) → foo-1-r0 → toybox: toybox-0.8.11-r0 conflicts with busybox-1.36.1-r0 " +
			"(!busybox; both needed: toybox ← foo-1-r0, busybox ← world)",
	}, {
		name:  "conflict declared by the package already selected",
		world: "busybox foo",
		pkgs: []*apk.Package{
			pkg(t, "busybox-1.36.1-r0", "D:!toybox"),
			pkg(t, "foo-1-r0", "D:toybox"),
			pkg(t, "toybox-0.8.11-r0"),
		},
		chain: []string{"foo (world)", "foo-1-r0", "toybox"},
		want: "foo (world) → foo-1-r0 → toybox: busybox-1.36.1-r0 conflicts with toybox-0.8.11-r0 " +
			"(!toybox; both needed: busybox ← world, toybox ← foo-1-r0)",
	}, {
		name:  "the world excludes a dependency",
		world: "foo !bar",
		pkgs:  []*apk.Package{pkg(t, "foo-1-r0", "D:bar"), pkg(t, "bar-1-r0")},
		chain: []string{"foo (world)", "foo-1-r0", "bar"},
		want:  "foo (world) → foo-1-r0 → bar: bar-1-r0 is excluded by !bar (world)",
	}, {
		name:  "incompatible versions of one name",
		world: "app glibc<2.40",
		pkgs:  []*apk.Package{pkg(t, "app-1-r0", "D:glibc>=2.40"), pkg(t, "glibc-2.40-r0"), pkg(t, "glibc-2.38-r0")},
		chain: []string{"glibc<2.40 (world)"},
		want:  "glibc<2.40 (world): glibc-2.38-r0 does not satisfy glibc>=2.40 ← app-1-r0",
	}, {
		name:  "two versions asked by two packages",
		world: "a b",
		pkgs:  []*apk.Package{pkg(t, "a-1-r0", "D:c=1-r0"), pkg(t, "b-1-r0", "D:x"), pkg(t, "x-1-r0", "D:c=2-r0"), pkg(t, "c-1-r0"), pkg(t, "c-2-r0")},
		chain: []string{"b (world)", "b-1-r0", "x"},
		want:  "b (world) → b-1-r0 → x: x-1-r0 needs c=2-r0, but c-1-r0 is selected (for c=1-r0 ← a-1-r0)",
	}, {
		name:  "two packages cannot share a versioned provide",
		world: "libssl-a libssl-b",
		pkgs:  []*apk.Package{pkg(t, "libssl-a-1-r0", "p:so:libssl.so.3=3"), pkg(t, "libssl-b-1-r0", "p:so:libssl.so.3=3")},
		chain: []string{"libssl-b (world)"},
		want: "libssl-b (world): libssl-b-1-r0 and libssl-a-1-r0 both provide so:libssl.so.3, and only one may " +
			"(libssl-a-1-r0 was selected for libssl-a ← world)",
	}, {
		name:  "other arches are not candidates",
		world: "a",
		opts:  []Option{WithArch("x86_64")},
		pkgs:  []*apk.Package{pkg(t, "a-1-r0", "A:aarch64")},
		chain: []string{"a (world)"},
		want:  "a (world): nothing provides it",
	}, {
		name:  "step bound",
		world: "python-3.12 libx<2",
		opts:  []Option{WithMaxSteps(1)},
		pkgs: []*apk.Package{
			pkg(t, "python-3.12-3.12.2-r0", "D:libx>=2"),
			pkg(t, "python-3.12-3.12.1-r0", "D:libx"),
			pkg(t, "libx-2.0-r0"), pkg(t, "libx-1.5-r0"),
		},
		want: "resolving packages: gave up after trying 1 candidates (see WithMaxSteps)",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(world(t, tt.world), tt.pkgs, tt.opts...)
			if err == nil {
				t.Fatalf("Resolve = %q, want an error", ids(got))
			}
			var re *Error
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not *Error: %v", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
			if !slices.Equal(re.Chain, tt.chain) {
				t.Errorf("Chain = %q, want %q", re.Chain, tt.chain)
			}
		})
	}
}

// TestResolveBackjumps checks that the search goes straight back to the
// choice a dead end depends on: twelve unrelated packages with five
// versions each lie between the choice of a and the dead end its newest
// version leads to, so trying their versions in turn would take 5^12 steps.
func TestResolveBackjumps(t *testing.T) {
	avail := []*apk.Package{
		pkg(t, "a-2-r0", "D:c>=2"), pkg(t, "a-1-r0", "D:c"),
		pkg(t, "z-1-r0", "D:c<2"),
		pkg(t, "c-2-r0"), pkg(t, "c-1-r0"),
	}
	w := "a z"
	for m := range 12 {
		for v := range 5 {
			avail = append(avail, pkg(t, fmt.Sprintf("m%02d-%d-r0", m, v+1)))
		}
		w += fmt.Sprintf(" m%02d", m)
	}
	got, err := Resolve(world(t, w), avail, WithMaxSteps(100))
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	for _, id := range []string{"a-1-r0", "c-1-r0", "m00-5-r0", "m11-5-r0"} {
		if !slices.Contains(ids(got), id) {
			t.Errorf("%s missing from %q", id, ids(got))
		}
	}
}
