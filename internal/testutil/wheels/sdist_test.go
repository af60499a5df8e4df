package wheels

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWriteSdist(t *testing.T) {
	s := Sdist{Name: "My.Pkg", Version: "0.1", Files: []File{{Path: "src/my_pkg/__init__.py", Content: []byte("")}}, Metadata: []string{"Requires-Python: >=3.9"}}
	path, sum, err := WriteSdist(t.TempDir(), s)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "my_pkg-0.1.tar.gz" {
		t.Errorf("file name %s", filepath.Base(path))
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	var pkgInfo string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.Name == "my_pkg-0.1/PKG-INFO" {
			b, _ := io.ReadAll(tr)
			pkgInfo = string(b)
		}
	}
	if want := []string{"my_pkg-0.1/PKG-INFO", "my_pkg-0.1/pyproject.toml", "my_pkg-0.1/src/my_pkg/__init__.py"}; !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
	if !strings.Contains(pkgInfo, "Name: My.Pkg\n") || !strings.Contains(pkgInfo, "Requires-Python: >=3.9\n") {
		t.Errorf("PKG-INFO:\n%s", pkgInfo)
	}
	_, again, err := WriteSdist(t.TempDir(), s)
	if err != nil || again != sum {
		t.Errorf("second write: %s, %v; first %s", again, err, sum)
	}
	if _, _, err := WriteSdist(t.TempDir(), Sdist{Name: "a", Version: "1", Files: []File{{Path: "../x"}}}); err == nil {
		t.Error("an unsafe path gave no error")
	}
}
