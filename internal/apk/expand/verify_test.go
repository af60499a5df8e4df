package expand

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func TestVerifyAgainst(t *testing.T) {
	a := buildAPK(t, buildOpts{sigFile: ".SIGN.RSA256." + keyName})
	p, err := expandBytes(t, a.bytes(), WithName("hello-1.0-r0.apk"))
	if err != nil {
		t.Fatal(err)
	}
	q2 := sha256.Sum256(a.control)
	tests := []struct {
		name   string
		mutate func(idx *apk.Package)
		want   string
	}{
		{"q1", func(*apk.Package) {}, ""},
		{"q2", func(i *apk.Package) { i.Checksum = "Q2" + base64.StdEncoding.EncodeToString(q2[:]) }, ""},
		{"q2 unpadded", func(i *apk.Package) { i.Checksum = "Q2" + base64.RawStdEncoding.EncodeToString(q2[:]) }, ""},
		{"other checksum", func(i *apk.Package) { i.Checksum = "Q1" + base64.StdEncoding.EncodeToString(make([]byte, 20)) }, "does not match the index checksum"},
		{"sha256 under Q1", func(i *apk.Package) { i.Checksum = "Q1" + base64.StdEncoding.EncodeToString(q2[:]) }, "malformed"},
		{"malformed", func(i *apk.Package) { i.Checksum = "Q1!!" }, "malformed"},
		{"unknown kind", func(i *apk.Package) { i.Checksum = "abc" }, "want Q1"},
		{"none", func(i *apk.Package) { i.Checksum = "" }, "no C: checksum"},
		{"other name", func(i *apk.Package) { i.Name = "goodbye" }, "it is hello-1.0-r0 but the index entry is goodbye-1.0-r0"},
		{"other version", func(i *apk.Package) { i.Version = "1.0-r1" }, "it is hello-1.0-r0 but the index entry is hello-1.0-r1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := a.index()
			tt.mutate(idx)
			err := p.VerifyAgainst(idx)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "hello-1.0-r0.apk") {
				t.Fatalf("err = %v, want it to name the file and contain %q", err, tt.want)
			}
		})
	}
}
