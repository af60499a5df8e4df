package debwheels

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestWriteWheelDeterministic(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "mod.py")
	if err := os.WriteFile(src, []byte("print('hi')\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	files := []file{
		{name: "pkg/__init__.py", data: []byte("")},
		{name: "pkg/mod.py", src: src},
		{name: "pkg/tool,with comma.sh", data: []byte("#!/bin/sh\n"), exec: true},
		{name: "pkg-1.0.dist-info/METADATA", data: []byte("Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n")},
	}
	var sums [2][32]byte
	for i := range sums {
		w := filepath.Join(dir, strconv.Itoa(i)+".whl")
		// Different file times must not matter.
		if err := os.Chtimes(src, zipEpoch.AddDate(i, 0, 0), zipEpoch.AddDate(i, 0, 0)); err != nil {
			t.Fatal(err)
		}
		if err := writeWheel(w, files, "pkg-1.0.dist-info"); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(w)
		if err != nil {
			t.Fatal(err)
		}
		sums[i] = sha256.Sum256(b)
	}
	if sums[0] != sums[1] {
		t.Error("two wheels from the same files differ")
	}
	checkRecord(t, filepath.Join(dir, "0.whl"), "pkg-1.0.dist-info/RECORD")
}

func TestWriteWheelBadName(t *testing.T) {
	for _, name := range []string{"", "/abs", "../up", "a/../../b"} {
		dst := filepath.Join(t.TempDir(), "x.whl")
		if err := writeWheel(dst, []file{{name: name}}, "x-1.dist-info"); err == nil {
			t.Errorf("writeWheel with entry %q: want an error", name)
		}
		if _, err := os.Stat(dst); err == nil {
			t.Errorf("writeWheel with entry %q left %s behind", name, dst)
		}
	}
}

// checkRecord opens the wheel at path and checks that RECORD lists every
// other entry with its sha256 and size, itself with empty fields, and that
// entries have the fixed time and modes.
func checkRecord(t *testing.T, path, recordName string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	defer zr.Close()
	contents := map[string][]byte{}
	for _, f := range zr.File {
		if !f.Modified.Equal(zipEpoch) {
			t.Errorf("%s: %s has time %v", path, f.Name, f.Modified)
		}
		if m := f.Mode().Perm(); m != 0o644 && m != 0o755 {
			t.Errorf("%s: %s has mode %v", path, f.Name, f.Mode())
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: reading %s: %v", path, f.Name, err)
		}
		contents[f.Name] = b
	}
	if last := zr.File[len(zr.File)-1].Name; last != recordName {
		t.Errorf("%s: last entry is %s, want %s", path, last, recordName)
	}
	rows, err := csv.NewReader(bytes.NewReader(contents[recordName])).ReadAll()
	if err != nil {
		t.Fatalf("%s: parsing RECORD: %v", path, err)
	}
	if len(rows) != len(contents) {
		t.Errorf("%s: RECORD has %d rows for %d entries", path, len(rows), len(contents))
	}
	for _, row := range rows {
		b, ok := contents[row[0]]
		switch {
		case !ok:
			t.Errorf("%s: RECORD lists %s, which is not in the wheel", path, row[0])
		case row[0] == recordName:
			if row[1] != "" || row[2] != "" {
				t.Errorf("%s: RECORD's own row is %q", path, row)
			}
		default:
			sum := sha256.Sum256(b)
			if want := "sha256=" + base64.RawURLEncoding.EncodeToString(sum[:]); row[1] != want {
				t.Errorf("%s: RECORD says %s for %s, content hashes to %s", path, row[1], row[0], want)
			}
			if want := strconv.Itoa(len(b)); row[2] != want {
				t.Errorf("%s: RECORD says size %s for %s, content is %s bytes", path, row[2], row[0], want)
			}
		}
	}
}
