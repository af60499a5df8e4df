package wheels

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func sample() Wheel {
	return Wheel{
		Name: "Foo.Bar", Version: "1.2.0",
		Files: []File{
			{Path: "foo_bar/__init__.py", Content: []byte("X = 1\n")},
			{Path: "foo_bar/a,b.py", Content: []byte("# comma in the name\n")},
			{Path: "foo_bar/link.py", Content: []byte("__init__.py"), Mode: fs.ModeSymlink},
		},
		Data:        []File{{Path: "scripts/foo", Content: []byte("#!python\nprint(1)\n"), Mode: 0o755}},
		Metadata:    []string{"Requires-Dist: click>=8", "Requires-Python: >=3.8"},
		EntryPoints: "[console_scripts]\nfoo = foo_bar:main\n",
	}
}

// readWheel returns the archive's entries in order and their contents.
func readWheel(t *testing.T, path string) ([]*zip.File, map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { zr.Close() })
	data := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return zr.File, data
}

// lies returns the RECORD lines whose hash or size disagree with the
// archive, and the entries RECORD does not list.
func lies(t *testing.T, distInfo string, data map[string][]byte) []string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(string(data[distInfo+"/RECORD"]))).ReadAll()
	if err != nil {
		t.Fatalf("parsing RECORD: %v", err)
	}
	var bad []string
	listed := map[string]bool{}
	for _, r := range rows {
		listed[r[0]] = true
		if r[0] == distInfo+"/RECORD" {
			if r[1] != "" || r[2] != "" {
				bad = append(bad, "RECORD lists itself with a hash")
			}
			continue
		}
		content, ok := data[r[0]]
		if !ok || r[1] != Hash(content) || r[2] != strconv.Itoa(len(content)) {
			bad = append(bad, r[0])
		}
	}
	for name := range data {
		if !listed[name] {
			bad = append(bad, "unlisted "+name)
		}
	}
	return bad
}

func TestWrite(t *testing.T) {
	w := sample()
	path, sum, err := Write(t.TempDir(), w)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := filepath.Base(path), "foo_bar-1.2.0-py3-none-any.whl"; got != want {
		t.Errorf("file name %s, want %s", got, want)
	}
	b, _ := os.ReadFile(path)
	if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != sum {
		t.Errorf("returned sha256 %s is not the file's", sum)
	}
	files, data := readWheel(t, path)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if !f.Modified.Equal(epoch) {
			t.Errorf("%s: mtime %v", f.Name, f.Modified)
		}
	}
	want := []string{
		"foo_bar-1.2.0.data/scripts/foo", "foo_bar/__init__.py", "foo_bar/a,b.py", "foo_bar/link.py",
		"foo_bar-1.2.0.dist-info/METADATA", "foo_bar-1.2.0.dist-info/WHEEL",
		"foo_bar-1.2.0.dist-info/entry_points.txt", "foo_bar-1.2.0.dist-info/RECORD",
	}
	if !slices.Equal(names, want) {
		t.Errorf("entries\n%q\nwant\n%q", names, want)
	}
	if bad := lies(t, w.DistInfo(), data); len(bad) > 0 {
		t.Errorf("RECORD disagrees with the archive: %q", bad)
	}
	for name, mode := range map[string]fs.FileMode{
		"foo_bar-1.2.0.data/scripts/foo": 0o755, "foo_bar/__init__.py": 0o644, "foo_bar/link.py": fs.ModeSymlink | 0o777,
	} {
		i := slices.Index(names, name)
		if got := files[i].Mode(); got != mode {
			t.Errorf("%s: mode %v, want %v", name, got, mode)
		}
	}
	meta := string(data["foo_bar-1.2.0.dist-info/METADATA"])
	for _, line := range []string{"Name: Foo.Bar\n", "Version: 1.2.0\n", "Requires-Dist: click>=8\n", "Requires-Python: >=3.8\n"} {
		if !strings.Contains(meta, line) {
			t.Errorf("METADATA lacks %q:\n%s", line, meta)
		}
	}
	if wheel := string(data["foo_bar-1.2.0.dist-info/WHEEL"]); !strings.Contains(wheel, "Root-Is-Purelib: true\nTag: py3-none-any\n") {
		t.Errorf("WHEEL:\n%s", wheel)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	_, a, err := Write(t.TempDir(), sample())
	if err != nil {
		t.Fatal(err)
	}
	_, b, err := Write(t.TempDir(), sample())
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("two writes differ: %s, %s", a, b)
	}
	other := sample()
	other.Files[0].Content = []byte("X = 2\n")
	if _, c, _ := Write(t.TempDir(), other); c == a {
		t.Error("a different wheel has the same digest")
	}
}

func TestBadRecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    Wheel
		lie  string
	}{
		{"payload", Wheel{Name: "a", Version: "1", BadRecord: true, Files: []File{{Path: "a.py", Content: []byte("x")}}}, "a.py"},
		{"no payload", Wheel{Name: "a", Version: "1", BadRecord: true}, "a-1.dist-info/METADATA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, _, err := Write(t.TempDir(), tc.w)
			if err != nil {
				t.Fatal(err)
			}
			_, data := readWheel(t, path)
			if bad := lies(t, tc.w.DistInfo(), data); !slices.Equal(bad, []string{tc.lie}) {
				t.Errorf("RECORD lies about %q, want only %q", bad, tc.lie)
			}
		})
	}
}

func TestUnsafePaths(t *testing.T) {
	for _, p := range []string{"../escape.py", "/etc/evil", `a\b.py`, "a//b", "./a", ""} {
		w := Wheel{Name: "a", Version: "1", Files: []File{{Path: p}}}
		if _, _, err := Write(t.TempDir(), w); err == nil {
			t.Errorf("path %q: no error", p)
		}
		w.AllowUnsafePaths = true
		path, _, err := Write(t.TempDir(), w)
		if err != nil {
			t.Fatalf("path %q with AllowUnsafePaths: %v", p, err)
		}
		if _, data := readWheel(t, path); data[p] == nil {
			t.Errorf("path %q is not in the archive", p)
		}
	}
	dup := Wheel{Name: "a", Version: "1", Files: []File{{Path: "x.py"}, {Path: "x.py"}}}
	if _, _, err := Write(t.TempDir(), dup); err == nil {
		t.Error("a duplicate path gave no error")
	}
	clash := Wheel{Name: "a", Version: "1", Files: []File{{Path: "a-1.dist-info/METADATA"}}}
	if _, _, err := Write(t.TempDir(), clash); err == nil {
		t.Error("a file over METADATA gave no error")
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		w    Wheel
		want string
	}{
		{Wheel{Name: "Flask", Version: "3.0.3"}, "flask-3.0.3-py3-none-any.whl"},
		{Wheel{Name: "zope.interface", Version: "6.0", Tags: "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64"}, "zope_interface-6.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{Wheel{Name: "a-b_c", Version: "1.0", Build: "2"}, "a_b_c-1.0-2-py3-none-any.whl"},
	} {
		if got := tc.w.Filename(); got != tc.want {
			t.Errorf("Filename(%s) = %s, want %s", tc.w.Name, got, tc.want)
		}
	}
	got := ExpandTags("py2.py3-none-manylinux1_x86_64.manylinux_2_5_x86_64")
	want := []string{"py2-none-manylinux1_x86_64", "py2-none-manylinux_2_5_x86_64", "py3-none-manylinux1_x86_64", "py3-none-manylinux_2_5_x86_64"}
	if !slices.Equal(got, want) {
		t.Errorf("ExpandTags = %q", got)
	}
}
