package wolfimirror

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk/version"
)

// arFile builds an ar archive with the given members (name, mtime, size).
func arFile(members ...[3]any) []byte {
	var b bytes.Buffer
	b.WriteString("!<arch>\n")
	for _, m := range members {
		size := m[2].(int)
		fmt.Fprintf(&b, "%-16s%-12d%-6d%-6d%-8s%-10d`\n", m[0], m[1], 0, 0, "100644", size)
		b.Write(bytes.Repeat([]byte{'x'}, size+size%2))
	}
	return b.Bytes()
}

func TestDataTime(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want int64
		err  string
	}{
		{"deb", arFile([3]any{"debian-binary", 1, 4}, [3]any{"control.tar.xz", 2, 7}, [3]any{"data.tar.xz", 1700000000, 3}), 1700000000, ""},
		{"gnu names", arFile([3]any{"debian-binary/", 1, 4}, [3]any{"data.tar.zst/", 42, 1}), 42, ""},
		{"no data", arFile([3]any{"debian-binary", 1, 4}), 0, "no data.tar"},
		{"not ar", []byte("PK\x03\x04"), 0, "not an ar archive"},
		{"bad size", []byte("!<arch>\n" + strings.Repeat("z", 60)), 0, "bad size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dataTime(bytes.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("dataTime = %d, %v; want an error containing %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("dataTime = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func FuzzDataTime(f *testing.F) {
	f.Add(arFile([3]any{"debian-binary", 1, 4}, [3]any{"data.tar.xz", 5, 3}))
	f.Add([]byte("!<arch>\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, err := dataTime(bytes.NewReader(b)); err == nil && got < 0 {
			t.Errorf("negative time %d", got)
		}
	})
}

func FuzzAPKVersion(f *testing.F) {
	for _, s := range []string{"2.36-9+deb12u14", "1:1.2.13.dfsg-1", "20250419~deb12u2", "1.0a-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, deb string) {
		if got, err := apkVersion(deb); err == nil && !version.Valid(got) {
			t.Errorf("apkVersion(%q) = %q, not a valid APK version", deb, got)
		}
	})
}
