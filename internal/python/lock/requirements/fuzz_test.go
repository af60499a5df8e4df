package requirements

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// FuzzLines runs the line parser over arbitrary files: no panic; logical
// lines are trimmed, non-empty, single-line and numbered in increasing
// order within the file; a parsed line has a requirement that is not an
// option and options pip knows; requirements and hashes parse or fail
// cleanly.
func FuzzLines(f *testing.F) {
	for _, dir := range []string{"uv-compiled", "pip-compile", "layered", "layered/requirements"} {
		if data, err := os.ReadFile(filepath.Join("testdata", dir, "requirements.txt")); err == nil {
			f.Add(string(data))
		}
	}
	for _, s := range []string{
		"a==1 \\\n  --hash=sha256:" + h("a") + " \\\n  # via x\nb==2",
		"x @ https://h/x-1-py3-none-any.whl#sha256=" + h("b") + " ; python_version >= '3'",
		"-i https://${TOKEN}@h/simple\n-r base.txt\n-e .\n--no\n",
		"./dist/x-1.0-py3-none-any.whl[a]\n'quoted \"x\n\\\r\n#\\",
		"https://h/a;b/x-1-py3-none-any.whl; os_name == 'posix'\nfile:x-1.tar.gz",
	} {
		f.Add(s)
	}
	lookup := func(k string) (string, bool) { return "v" + k, true }
	f.Fuzz(func(t *testing.T, content string) {
		physical := len(splitLines(content))
		prev := 0
		for _, l := range logicalLines(content, lookup) {
			if l.n <= prev || l.n > physical {
				t.Fatalf("line number %d after %d in a file of %d lines", l.n, prev, physical)
			}
			prev = l.n
			if l.text == "" || strings.TrimSpace(l.text) != l.text || strings.ContainsAny(l.text, "\n\r") {
				t.Fatalf("logical line %q is empty, untrimmed or split", l.text)
			}
			pl, err := parseLine(l.text)
			if err != nil {
				continue
			}
			if strings.HasPrefix(pl.req, "-") {
				t.Fatalf("requirement %q is an option", pl.req)
			}
			var hashes []string
			for _, o := range pl.opts {
				if _, err := lookupLong(o.name); err != nil {
					t.Fatalf("parseLine(%q) gave unknown option %q", l.text, o.name)
				}
				if o.name == "--hash" {
					hashes = append(hashes, o.value)
				}
			}
			if pl.req != "" {
				if r, err := parseRequirement(pl.req, "/proj"); err == nil && r.name == "" {
					t.Fatalf("requirement %q has no name", pl.req)
				}
			}
			if got, err := pinnedHashes(hashes); err == nil {
				for _, p := range got {
					if alg, d := lock.SplitPin(p); !lock.StrongHash(alg) || lock.Pin(alg, d) != p {
						t.Fatalf("pin %q is not a sha256, sha384 or sha512 digest", p)
					}
				}
			}
		}
	})
}
