package oslock

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sample() *Lock {
	return &Lock{
		Inputs: Inputs{World: []string{"wolfi-baselayout", "python-3.11"}, Repositories: []string{"https://r/os"}, Archs: []string{"x86_64", "aarch64"}},
		Keys:   []Key{{Name: "k.rsa.pub", SHA256: "ab"}},
		Packages: []Package{
			{Arch: "x86_64", Name: "zlib", Version: "1.3-r0", Repository: "https://r/os", Checksum: "Q1x=", Size: 10},
			{Arch: "aarch64", Name: "glibc", Version: "2.43-r0", Repository: "https://r/os", Checksum: "Q1y=", Size: 20},
			{Arch: "x86_64", Name: "glibc", Version: "2.43-r0", Repository: "https://r/os", Checksum: "Q1z=", Size: 30},
		},
	}
}

func TestRoundTripAndDeterminism(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.lock"), filepath.Join(dir, "b.lock")
	l := sample()
	if err := Write(a, l); err != nil {
		t.Fatal(err)
	}
	shuffled := sample()
	shuffled.Packages[0], shuffled.Packages[2] = shuffled.Packages[2], shuffled.Packages[0]
	if err := Write(b, shuffled); err != nil {
		t.Fatal(err)
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if string(ba) != string(bb) {
		t.Fatalf("same lock, different bytes:\n%s\n--\n%s", ba, bb)
	}
	got, err := Read(a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, l) {
		t.Fatalf("round trip:\n%+v\n%+v", got, l)
	}
	if x := got.For("x86_64"); len(x) != 2 || x[0].Name != "glibc" {
		t.Errorf("For(x86_64) = %+v", x)
	}
	if _, err := Read(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"future version", "version = 2\n", "format version 2"},
		{"unknown key", "version = 1\nbogus = 1\n", "bogus"},
		{"not toml", "version = = 1\n", "line 1"},
		{"incomplete package", "version = 1\n[[packages]]\nname = \"x\"\n", "package 1 (x)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), FileName)
			os.WriteFile(p, []byte(tt.body), 0o644)
			_, err := Read(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "pyko lock") {
				t.Fatalf("err = %v, want %q and advice", err, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	l := sample()
	l.normalize()
	keys := []Key{{Name: "k.rsa.pub", SHA256: "ab"}}
	if err := l.Check("pyko.lock", Inputs{World: []string{"python-3.11", "wolfi-baselayout"}, Repositories: []string{"https://r/os"}, Archs: []string{"x86_64"}}, keys); err != nil {
		t.Fatalf("matching inputs: %v", err)
	}
	err := l.Check("pyko.lock", Inputs{World: []string{"python-3.12", "wolfi-baselayout"}, Repositories: []string{"https://other"}, Archs: []string{"riscv64"}},
		[]Key{{Name: "k.rsa.pub", SHA256: "cd"}})
	var m *MismatchError
	if !errors.As(err, &m) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"added python-3.12", "removed python-3.11", "https://other", "no packages for riscv64", "key k.rsa.pub", "run pyko lock"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("version = 1\n[[packages]]\narch = \"x\"\nname = \"a\"\nversion = \"1\"\nrepository = \"r\"\nchecksum = \"c\"\n")
	f.Add("version = 1\n[inputs]\nworld = [\"a\"]\n")
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(t.TempDir(), FileName)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := Read(p)
		if err != nil {
			return
		}
		if err := Write(p, l); err != nil {
			t.Fatalf("a lock that reads must write: %v", err)
		}
	})
}
