package ldcache

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

var sample = []Entry{
	{Key: "libc.so.6", Path: "/usr/lib/libc.so.6"},
	{Key: "libz.so.1", Path: "/usr/lib/libz.so.1"},
	{Key: "libffi.so.8", Path: "/usr/lib/libffi.so.8"},
	{Key: "libffi.so", Path: "/usr/lib/libffi.so"},
	{Key: "libz.so.1", Path: "/usr/local/lib/libz.so.1"}, // same key, later directory
	{Key: "libpython3.12.so.1.0", Path: "/usr/lib/libpython3.12.so.1.0"},
	{Key: "libpython3.9.so.1.0", Path: "/usr/lib/libpython3.9.so.1.0"},
	{Key: "ld-linux-x86-64.so.2", Path: "/usr/lib/ld-linux-x86-64.so.2"},
	{Key: "libodd.so.1", Path: "/opt/lib/libodd-impl.so"}, // key not the path's last element
}

func TestWriteParseRoundTrip(t *testing.T) {
	for _, arch := range []Arch{X8664, AArch64} {
		t.Run(string(arch), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, sample, arch); err != nil {
				t.Fatal(err)
			}
			got, err := Parse(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(sample) {
				t.Fatalf("parsed %d entries, wrote %d", len(got), len(sample))
			}
			wantKeys := []string{
				"libz.so.1", "libz.so.1", "libpython3.12.so.1.0", "libpython3.9.so.1.0",
				"libodd.so.1", "libffi.so.8", "libffi.so", "libc.so.6", "ld-linux-x86-64.so.2",
			}
			var keys []string
			for _, e := range got {
				keys = append(keys, e.Key)
				if e.Flags != arch.Flags() {
					t.Errorf("%s: flags %#x, want %#x", e.Key, e.Flags, arch.Flags())
				}
			}
			if !slices.Equal(keys, wantKeys) {
				t.Errorf("order:\n got %q\nwant %q", keys, wantKeys)
			}
			if got[0].Path != "/usr/lib/libz.so.1" || got[1].Path != "/usr/local/lib/libz.so.1" {
				t.Errorf("equal keys must keep their given order: %q, %q", got[0].Path, got[1].Path)
			}
			for _, e := range got {
				i := slices.IndexFunc(sample, func(s Entry) bool { return s.Path == e.Path })
				if i < 0 || sample[i].Key != e.Key {
					t.Errorf("entry %q => %q was not written", e.Key, e.Path)
				}
			}
		})
	}
}

func TestWriteDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	shuffled := slices.Clone(sample)
	slices.Reverse(shuffled[:4]) // distinct keys only: order of equal keys is meaningful
	if err := Write(&a, sample, X8664); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, shuffled, X8664); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same entries in another order gave different bytes")
	}
}

func TestWriteRejects(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		arch    Arch
	}{
		{"relative path", []Entry{{Key: "libz.so.1", Path: "usr/lib/libz.so.1"}}, X8664},
		{"empty key", []Entry{{Key: "", Path: "/usr/lib/libz.so.1"}}, X8664},
		{"NUL in key", []Entry{{Key: "libz\x00.so", Path: "/usr/lib/libz.so.1"}}, X8664},
		{"unknown arch", sample, Arch("riscv64")},
	}
	for _, tt := range tests {
		if err := Write(&bytes.Buffer{}, tt.entries, tt.arch); err == nil {
			t.Errorf("%s: Write succeeded, want an error", tt.name)
		}
	}
}

func TestParseRejects(t *testing.T) {
	var good bytes.Buffer
	if err := Write(&good, sample[:2], X8664); err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good.Bytes())) }
	le := binary.LittleEndian
	tests := map[string][]byte{
		"empty":         nil,
		"short":         good.Bytes()[:40],
		"old format":    append([]byte("ld.so-1.7.0"), make([]byte, 64)...),
		"big-endian":    mutate(func(b []byte) []byte { b[28] = 3; return b }),
		"too many libs": mutate(func(b []byte) []byte { le.PutUint32(b[20:], 1<<30); return b }),
		"key past end":  mutate(func(b []byte) []byte { le.PutUint32(b[headerSize+4:], 1<<31); return b }),
		"no terminator": mutate(func(b []byte) []byte { le.PutUint32(b[headerSize+8:], uint32(len(b)-1)); return b }),
	}
	for name, data := range tests {
		if name == "no terminator" {
			data[len(data)-1] = 'x' // the generator string's last byte, not NUL-terminated
		}
		if _, err := Parse(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: Parse succeeded, want an error", name)
		}
	}
}

// TestLdconfigReadsOurCache has glibc's own ldconfig print the cache that
// Write produced: same entries, same order, the flags it knows by name.
func TestLdconfigReadsOurCache(t *testing.T) {
	tools.Require(t, "ldconfig")
	for _, tc := range []struct {
		arch  Arch
		label string
	}{{X8664, "libc6,x86-64"}, {AArch64, "libc6,AArch64"}} {
		t.Run(string(tc.arch), func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "ld.so.cache")
			var buf bytes.Buffer
			if err := Write(&buf, sample, tc.arch); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			parsed, err := Parse(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("ldconfig", "-C", file, "-p").CombinedOutput()
			if err != nil {
				t.Fatalf("ldconfig -C %s -p: %v\n%s", file, err, out)
			}
			lines := PrintedEntries(string(out))
			var want []string
			for _, e := range parsed {
				want = append(want, e.Key+" ("+tc.label+") => "+e.Path)
			}
			if !slices.Equal(lines, want) {
				t.Errorf("ldconfig -p printed:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
			if !strings.Contains(string(out), "Cache generated by: pyko") {
				t.Errorf("ldconfig -p did not see the generator extension:\n%s", out)
			}
		})
	}
}
