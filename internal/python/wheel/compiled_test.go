package wheel

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

func TestAddCompiled(t *testing.T) {
	got, err := Install(context.Background(), writeWheel(t, t.TempDir(), fullWheel()), testLayout)
	if err != nil {
		t.Fatal(err)
	}
	site := testLayout.SitePackages() + "/"
	pyc := "pyc bytes"
	added := []layer.Entry{{Path: site + "mypkg/__pycache__/gui.cpython-312.pyc", Mode: 0o644, Size: int64(len(pyc)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(pyc)), nil }}}
	es, err := AddCompiled(got.Entries, testLayout, added)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(got.Entries)+1 || !slices.IsSortedFunc(es, func(a, b layer.Entry) int { return strings.Compare(a.Path, b.Path) }) {
		t.Fatalf("%d entries (want %d), sorted: %v", len(es), len(got.Entries)+1, es)
	}
	content, err := readAll(t, es)
	if err != nil {
		t.Fatal(err)
	}
	record := content[site+"mypkg-1.0.dist-info/RECORD"]
	// sha256 of "pyc bytes", urlsafe base64 without padding.
	row := "mypkg/__pycache__/gui.cpython-312.pyc,sha256=" + sha256Of([]byte(pyc))[len("sha256="):] + ",9\n"
	if !strings.Contains(record, row) || !strings.Contains(record, "mypkg/gui.py,sha256=") {
		t.Errorf("RECORD lacks %q or the sources:\n%s", row, record)
	}
	if content[site+"mypkg/__pycache__/gui.cpython-312.pyc"] != pyc {
		t.Error("the pyc's content is not the one given")
	}
	if _, err := AddCompiled(got.Entries[:1], testLayout, added); err == nil {
		t.Error("entries without a RECORD: no error")
	}
}
