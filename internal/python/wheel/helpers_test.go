package wheel

import (
	"archive/zip"
	"compress/flate"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

// testWheel describes a wheel to write with writeWheel. Unless told
// otherwise, it gets a METADATA, a WHEEL and an honest RECORD.
type testWheel struct {
	name, version string            // default "mypkg", "1.0"
	files         map[string]string // archive path → content
	exec          map[string]bool   // archive paths with mode 0755
	wheelFile     string            // WHEEL content, replacing the default
	metadata      string            // METADATA content, replacing the default
	recordHash    map[string]string // RECORD hash to write instead of the true one
	recordSize    map[string]string // RECORD size to write instead of the true one
	notInRecord   map[string]bool   // members left out of RECORD
	extraRows     []string          // RECORD rows for files not in the archive
	raw           []rawMember       // members written as given, not in RECORD
	big           *bigMember        // one large member, streamed
}

type rawMember struct {
	name string
	mode fs.FileMode
	data string
}

// bigMember is a file of size zero bytes, written and hashed without ever
// being held in memory.
type bigMember struct {
	name string
	size int64
}

func (w testWheel) distName() (string, string) {
	name, version := w.name, w.version
	if name == "" {
		name = "mypkg"
	}
	if version == "" {
		version = "1.0"
	}
	return name, version
}

// writeWheel writes w to dir and returns its path.
func writeWheel(t testing.TB, dir string, w testWheel) string {
	t.Helper()
	name, version := w.distName()
	distInfo := name + "-" + version + ".dist-info"
	files := map[string]string{
		distInfo + "/METADATA": "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\nA test package.\n",
		distInfo + "/WHEEL":    "Wheel-Version: 1.0\nGenerator: pyko-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
	}
	if w.metadata != "" {
		files[distInfo+"/METADATA"] = w.metadata
	}
	if w.wheelFile != "" {
		files[distInfo+"/WHEEL"] = w.wheelFile
	}
	for p, c := range w.files {
		files[p] = c
	}
	path := filepath.Join(dir, name+"-"+version+"-py3-none-any.whl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed) // for the 300 MB member
	})
	var rows []string
	row := func(p string, sum []byte, size int64) {
		if w.notInRecord[p] {
			return
		}
		hash := "sha256=" + base64.RawURLEncoding.EncodeToString(sum)
		sizeText := fmt.Sprint(size)
		if h, ok := w.recordHash[p]; ok {
			hash = h
		}
		if s, ok := w.recordSize[p]; ok {
			sizeText = s
		}
		rows = append(rows, p+","+hash+","+sizeText)
	}
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		mode := fs.FileMode(0o644)
		if w.exec[p] {
			mode = 0o755
		}
		create(t, zw, p, mode, files[p])
		sum := sha256.Sum256([]byte(files[p]))
		row(p, sum[:], int64(len(files[p])))
	}
	if b := w.big; b != nil {
		h := &zip.FileHeader{Name: b.name, Method: zip.Deflate}
		h.SetMode(0o644)
		zf, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.New()
		if _, err := io.CopyN(io.MultiWriter(zf, sum), zeros{}, b.size); err != nil {
			t.Fatal(err)
		}
		row(b.name, sum.Sum(nil), b.size)
	}
	for _, r := range w.raw {
		create(t, zw, r.name, r.mode, r.data)
	}
	rows = append(rows, w.extraRows...)
	rows = append(rows, distInfo+"/RECORD,,")
	create(t, zw, distInfo+"/RECORD", 0o644, strings.Join(rows, "\n")+"\n")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func create(t testing.TB, zw *zip.Writer, name string, mode fs.FileMode, data string) {
	t.Helper()
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(mode)
	zf, err := zw.CreateHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(zf, data); err != nil {
		t.Fatal(err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// readAll reads every regular entry through its Open, exactly Size bytes
// as the layer writer does, and returns the contents.
func readAll(t testing.TB, entries []layer.Entry) (map[string]string, error) {
	t.Helper()
	out := map[string]string{}
	for _, e := range entries {
		rc, err := e.Open()
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		_, err = io.CopyN(&b, rc, e.Size)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Path, err)
		}
		out[e.Path] = b.String()
	}
	return out, nil
}
