package executor

import (
	"crypto/sha512"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
)

// TestCheckWheelHashes: for each algorithm a wheel lists, the file's
// digest must be one of those listed.
func TestCheckWheelHashes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a-1-py3-none-any.whl")
	if err := os.WriteFile(path, []byte("wheel bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	s384 := sha512.Sum384([]byte("wheel bytes"))
	s512 := sha512.Sum512([]byte("wheel bytes"))
	h384, h512 := "sha384:"+hex.EncodeToString(s384[:]), "sha512:"+hex.EncodeToString(s512[:])
	other := "sha512:" + strings.Repeat("0", 128)
	tests := []struct {
		name   string
		hashes []string
		err    string
	}{
		{"none", nil, ""},
		{"sha512", []string{h512}, ""},
		{"one of two sha512", []string{other, h512}, ""},
		{"sha384 and sha512", []string{h384, h512}, ""},
		{"wrong sha512", []string{h384, other}, "has sha512 " + h512[len("sha512:"):] + ", which is not among the pinned sha512 hashes"},
		{"unknown algorithm", []string{"md5:00"}, "pyko checks sha256, sha384 and sha512"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkWheelHashes(path, plan.Wheel{Name: "a", Version: "1", Filename: filepath.Base(path), Hashes: tt.hashes})
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("checkWheelHashes = %v, want %q", err, tt.err)
			}
		})
	}
}
