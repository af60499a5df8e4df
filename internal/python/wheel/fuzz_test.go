package wheel

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseRecord(f *testing.F) {
	f.Add([]byte("a.py,sha256=AAAA,3\n\"a,b\",,\n"))
	f.Add([]byte("x,,\r\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := parseRecord(data)
		if err != nil {
			return
		}
		again, err := parseRecord(formatRecord(rows))
		if err != nil || len(again) != len(rows) {
			t.Fatalf("formatted RECORD does not parse back: %v (%d rows, want %d)", err, len(again), len(rows))
		}
	})
}

func FuzzParseEntryPoints(f *testing.F) {
	f.Add([]byte("[console_scripts]\nflask = flask.cli:main\n[gui_scripts]\ng = a.b:c.d [x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		scripts, err := parseEntryPoints(data)
		if err != nil {
			return
		}
		for _, s := range scripts {
			if checkScriptName(s.name) != nil || !objectRef.MatchString(s.module+":"+s.attr) {
				t.Fatalf("accepted unsafe script %+v", s)
			}
		}
	})
}

func FuzzParseHeaders(f *testing.F) {
	f.Add([]byte("Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := parseHeaders(data)
		if err == nil {
			h.get("Wheel-Version")
		}
	})
}

func FuzzCheckPath(f *testing.F) {
	f.Add("a/b.py")
	f.Add("../x")
	f.Fuzz(func(t *testing.T, p string) {
		if checkPath(p) != nil {
			return
		}
		if filepath.IsAbs(p) || !filepath.IsLocal(p) {
			t.Fatalf("accepted %q", p)
		}
	})
}

// FuzzInstall feeds arbitrary bytes as a wheel: Install and reading its
// entries must fail cleanly or produce only paths under the prefix.
func FuzzInstall(f *testing.F) {
	// Small seeds: the fuzzer minimizes every interesting input, one
	// install per step.
	for _, w := range []testWheel{
		{files: map[string]string{"mypkg/__init__.py": "X = 1\n"}},
		{files: map[string]string{"mypkg-1.0.data/scripts/s": "#!python\nx\n", "mypkg-1.0.dist-info/entry_points.txt": "[console_scripts]\nm = m:f\n"}},
	} {
		seed, err := os.ReadFile(writeWheel(f, f.TempDir(), w))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(seed)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "mypkg-1.0-py3-none-any.whl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Install(context.Background(), path, testLayout)
		if err != nil {
			return
		}
		for _, e := range got.Entries {
			if !filepath.IsLocal(e.Path) || len(e.Path) < len("app/venv/") || e.Path[:len("app/venv/")] != "app/venv/" {
				t.Fatalf("entry %q outside the venv", e.Path)
			}
		}
		if _, err := readAll(t, got.Entries); err != nil {
			var mis *HashMismatchError
			if !errors.As(err, &mis) {
				t.Logf("reading: %v", err)
			}
		}
	})
}

func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte("Metadata-Version: 2.1\nName: flask\nVersion: 2.2.2\nRequires-Python: >=3.7\nRequires-Dist: click>=8.0\nRequires-Dist: asgiref>=3.2; extra == \"async\"\nProvides-Extra: async\n\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMetadata(data)
		if err == nil && (m.Name == "" || m.Version == "") {
			t.Fatalf("accepted metadata without a name or version: %+v", m)
		}
	})
}
