package wheels

import (
	"archive/zip"
	"io"
	"time"
)

// epoch is every entry's modification time: the earliest a zip's MS-DOS
// date can say, so that no build time leaks into the archive.
var epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip writes entries in order. Symlinks are stored, everything else
// deflated.
func writeZip(out io.Writer, entries []entry) error {
	zw := zip.NewWriter(out)
	for _, e := range entries {
		hdr := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: epoch}
		hdr.SetMode(e.mode)
		if !e.mode.IsRegular() {
			hdr.Method = zip.Store
		}
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := w.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
