package projectdist

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// WriteWheel writes the project's metadata wheel into dir and returns its
// path. The wheel is deterministic: the same Spec gives the same bytes.
func WriteWheel(dir string, s Spec) (string, error) {
	dist := strings.ReplaceAll(pep503.Normalize(s.Name), "-", "_")
	version := s.Version
	if version == "" {
		version = "0"
	}
	info := dist + "-" + version + ".dist-info/"
	files := map[string][]byte{
		"_pyko_" + dist + ".pth": []byte(s.CodeRoot + "\n"),
		info + "METADATA":        metadata(s, version),
		info + "WHEEL":           []byte("Wheel-Version: 1.0\nGenerator: pyko\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
	}
	if ep := entryPoints(s); ep != "" {
		files[info+"entry_points.txt"] = []byte(ep)
	}
	names := slices.Sorted(maps.Keys(files))
	var record strings.Builder
	for _, n := range names {
		sum := sha256.Sum256(files[n])
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", n, base64.RawURLEncoding.EncodeToString(sum[:]), len(files[n]))
	}
	record.WriteString(info + "RECORD,,\n")
	files[info+"RECORD"] = []byte(record.String())
	names = append(names, info+"RECORD")

	path := filepath.Join(dir, dist+"-"+version+"-py3-none-any.whl")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	zw := zip.NewWriter(f)
	for _, n := range names {
		if err := add(zw, n, files[n]); err != nil {
			f.Close()
			return "", err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

func add(zw *zip.Writer, name string, data []byte) error {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.SetMode(0o644)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, strings.NewReader(string(data)))
	return err
}

func metadata(s Spec, version string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "Metadata-Version: 2.1\nName: %s\nVersion: %s\n", s.Name, version)
	if s.RequiresPython != "" {
		fmt.Fprintf(&b, "Requires-Python: %s\n", s.RequiresPython)
	}
	for _, d := range s.Dependencies {
		fmt.Fprintf(&b, "Requires-Dist: %s\n", d)
	}
	return []byte(b.String())
}

func entryPoints(s Spec) string {
	var b strings.Builder
	for _, sec := range []struct {
		name    string
		scripts map[string]string
	}{{"console_scripts", s.Scripts}, {"gui_scripts", s.GUIScripts}} {
		if len(sec.scripts) == 0 {
			continue
		}
		fmt.Fprintf(&b, "[%s]\n", sec.name)
		for _, k := range slices.Sorted(maps.Keys(sec.scripts)) {
			fmt.Fprintf(&b, "%s = %s\n", k, sec.scripts[k])
		}
	}
	return b.String()
}
