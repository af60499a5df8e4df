package expand

import (
	"bytes"
	"context"
	"testing"
)

func FuzzExpand(f *testing.F) {
	f.Add(buildAPK(f, buildOpts{}).bytes())
	f.Add(buildAPK(f, buildOpts{sigFile: ".SIGN.RSA." + keyName}).bytes())
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Expand(context.Background(), bytes.NewReader(b), dir, testKeyring(), WithMaxDataSize(1<<20))
		if err != nil {
			return
		}
		// Anything accepted hashes to its own datahash and reads back.
		if p.DataHash == "" || p.Info == nil {
			t.Fatalf("accepted without hashes: %+v", p)
		}
		if rc, err := p.Data(); err == nil {
			rc.Close()
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
