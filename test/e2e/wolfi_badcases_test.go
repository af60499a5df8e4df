package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// wolfiBadCases are the cases of TestWolfiBadInput: bad indexes, keys and
// packages, each added to the test's own clone, and impossible requests.
func wolfiBadCases() []wolfiBadCase {
	return []wolfiBadCase{
		{
			name: "index signature does not match",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, nil, apkrepo.TamperIndex())
				return nil, ""
			},
			any: []string{apkrepo.IndexName, "x86_64"},
		},
		{
			name: "index bytes flipped",
			setup: func(t *testing.T, repo string) ([]string, string) {
				flipInMember(t, filepath.Join(repo, "x86_64", apkrepo.IndexName), 1)
				return nil, ""
			},
			any: []string{apkrepo.IndexName, "x86_64"},
		},
		{
			name: "index unsigned",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, nil, apkrepo.Unsigned())
				return nil, ""
			},
			any: []string{apkrepo.IndexName, "x86_64"},
		},
		{
			name: "index signed by an unknown key",
			setup: func(t *testing.T, _ string) ([]string, string) {
				other, err := apkrepo.NewKey("other.rsa.pub")
				if err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(t.TempDir(), other.Name)
				if err := os.WriteFile(p, other.PublicPEM(), 0o644); err != nil {
					t.Fatal(err)
				}
				return nil, p
			},
			all: []string{wolfiKeyName}, // the key it was signed with
		},
		{
			name: "package data flipped",
			setup: func(t *testing.T, repo string) ([]string, string) {
				apks, _ := filepath.Glob(filepath.Join(repo, "x86_64", "zlib-[0-9]*.apk"))
				if len(apks) != 1 {
					t.Fatalf("want one zlib package in the mirror, found %v", apks)
				}
				flipInMember(t, apks[0], 2)
				return nil, ""
			},
			all: []string{"zlib"},
		},
		{
			name: "package data differs from its datahash",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, []apkrepo.Package{
					badPackage("tampered-data", apkrepo.File{Path: "usr/share/tampered/data", Content: []byte("payload")}, apkrepo.TamperData()),
				})
				return []string{"--package", "tampered-data"}, ""
			},
			all: []string{"tampered-data"},
		},
		{
			name: "no such package",
			setup: func(*testing.T, string) ([]string, string) {
				return []string{"--package", "does-not-exist"}, ""
			},
			all: []string{"does-not-exist"},
		},
		{
			name: "unsatisfiable dependency",
			setup: func(t *testing.T, repo string) ([]string, string) {
				p := badPackage("needs-missing", apkrepo.File{Path: "usr/share/needs-missing/readme", Content: []byte("x")})
				p.Info.Depends = []apk.Dependency{{Name: "so:libnothere.so.1"}}
				addPackages(t, repo, []apkrepo.Package{p})
				return []string{"--package", "needs-missing"}, ""
			},
			all: []string{"needs-missing", "libnothere.so.1"},
		},
		{
			name: "two packages own one file",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, []apkrepo.Package{
					badPackage("conflict-a", apkrepo.File{Path: "usr/share/pyko-conflict/data", Content: []byte("a\n")}),
					badPackage("conflict-b", apkrepo.File{Path: "usr/share/pyko-conflict/data", Content: []byte("b\n")}),
				})
				return []string{"--package", "conflict-a", "--package", "conflict-b"}, ""
			},
			any: []string{"conflict-a", "conflict-b"},
			all: []string{"usr/share/pyko-conflict/data"},
		},
		{
			name: "dot-dot path",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, []apkrepo.Package{
					badPackage("evil-dotdot", apkrepo.File{Path: "../escape", Content: []byte("x")}, apkrepo.AllowUnsafePaths()),
				})
				return []string{"--package", "evil-dotdot"}, ""
			},
			all: []string{"evil-dotdot"},
		},
		{
			name: "absolute path",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, []apkrepo.Package{
					badPackage("evil-abs", apkrepo.File{Path: "/etc/evil", Content: []byte("x")}, apkrepo.AllowUnsafePaths()),
				})
				return []string{"--package", "evil-abs"}, ""
			},
			all: []string{"evil-abs"},
		},
		{
			name: "file through a symlink out of the root",
			setup: func(t *testing.T, repo string) ([]string, string) {
				p := badPackage("evil-symlink", apkrepo.File{Path: "usr/share/out", Mode: fs.ModeSymlink, Link: "../../../../../../tmp"})
				p.Files = append(p.Files, apkrepo.File{Path: "usr/share/out/pwned", Content: []byte("x")})
				p.Options = []apkrepo.Option{apkrepo.AllowUnsafePaths()}
				addPackages(t, repo, []apkrepo.Package{p})
				return []string{"--package", "evil-symlink"}, ""
			},
			all: []string{"evil-symlink"},
		},
		{
			name: "hard link out of the root",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, []apkrepo.Package{
					badPackage("evil-hardlink", apkrepo.File{Path: "usr/share/evil-hardlink", Link: "../../../etc/passwd"}, apkrepo.AllowUnsafePaths()),
				})
				return []string{"--package", "evil-hardlink"}, ""
			},
			all: []string{"evil-hardlink", "../../../etc/passwd"},
		},
		{
			name: "absurd size",
			setup: func(t *testing.T, repo string) ([]string, string) {
				addPackages(t, repo, []apkrepo.Package{
					badPackage("evil-size", apkrepo.File{Path: "usr/share/evil-size/big", Content: []byte("small")},
						apkrepo.DeclareSize("usr/share/evil-size/big", 1<<42)),
				})
				return []string{"--package", "evil-size"}, ""
			},
			all: []string{"evil-size"},
		},
	}
}
