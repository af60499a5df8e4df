package wheel

import (
	"slices"
	"strings"
	"testing"
)

func TestRelativeTo(t *testing.T) {
	site := "app/venv/lib/python3.12/site-packages"
	for target, want := range map[string]string{
		site + "/flask/__init__.py":                     "flask/__init__.py",
		"app/venv/bin/flask":                            "../../../bin/flask",
		"app/venv/share/man/x.1":                        "../../../share/man/x.1",
		"app/venv/include/site/python3.12/greenlet/g.h": "../../../include/site/python3.12/greenlet/g.h",
		"app/venv/lib/python3.12/site-packagesX/y":      "../site-packagesX/y",
	} {
		if got := relativeTo(site, target); got != want {
			t.Errorf("relativeTo(%s) = %q, want %q", target, got, want)
		}
	}
}

func TestRecordRoundTrip(t *testing.T) {
	in := "b.py,sha256=AAAA,3\n\"a,b.py\",sha256=BBBB,4\n\"q\"\"uote\",,\n"
	rows, err := parseRecord([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []recordRow{{"b.py", "sha256=AAAA", 3}, {"a,b.py", "sha256=BBBB", 4}, {`q"uote`, "", -1}}
	if !slices.Equal(rows, want) {
		t.Fatalf("parsed %v, want %v", rows, want)
	}
	if got := string(formatRecord(rows)); got != "\"a,b.py\",sha256=BBBB,4\nb.py,sha256=AAAA,3\n\"q\"\"uote\",,\n" {
		t.Errorf("formatted %q", got)
	}
	for _, bad := range []string{"a.py,sha256=x\n", "a.py,sha256=x,1,2\n", ",sha256=x,1\n", "a.py,,-1\n", "a.py,,x\n", "\"a.py,,\n"} {
		if _, err := parseRecord([]byte(bad)); err == nil {
			t.Errorf("parseRecord(%q) accepted", bad)
		}
	}
}

func TestParseHash(t *testing.T) {
	for _, good := range []string{
		"sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU",
		"sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=", // padded
		"sha512=z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg_SpIdNs6c5H0NE8XYXysP-DGNKHfuwvY7kxvUdBeoGlODJ6-SfaPg",
	} {
		if _, err := parseHash(good); err != nil {
			t.Errorf("parseHash(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"", "sha256", "md5=nWt-Dge1eug4iAgqLS_uWg", "sha1=2jmj7l5rSw0yVb_vlWAYkK_YBwk", "sha256=short", "sha256=!!!!", "SHA256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"} {
		if _, err := parseHash(bad); err == nil {
			t.Errorf("parseHash(%q) accepted", bad)
		}
	}
}

func TestParseEntryPoints(t *testing.T) {
	in := "# comment\n[console_scripts]\nflask = flask.cli:main\n  ; indented comment\nb=m.n : o.p [x, y]\n\n" +
		"[gui_scripts]\nGui = g:run\n[other]\nthis is = not: checked\n  continuation\n[console_scripts2]\nx\n"
	got, err := parseEntryPoints([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []script{{"Gui", "g", "run", true}, {"b", "m.n", "o.p", false}, {"flask", "flask.cli", "main", false}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{
		"[console_scripts]\nx = m\n",              // no function
		"[console_scripts]\nx = m:f()\n",          // code
		"[console_scripts]\nx = m:f; import os\n", // code
		"[console_scripts]\nx\n",                  // no "="
		"[console_scripts]\n = m:f\n",             // no name
		"[console_scripts]\nx = m:f\n  y\n",       // continuation
		"[console_scripts]\n[console_scripts]\n",  // section twice
		"[console_scripts]\nx = m:f\nx = m:g\n",   // name twice
		"[console_scripts]\na/b = m:f\n",          // path
		"[console_scripts]\n.. = m:f\n",           // path
		"[console_scripts]\npythonw = m:f\n",      // interpreter
	} {
		if _, err := parseEntryPoints([]byte(bad)); err == nil {
			t.Errorf("parseEntryPoints(%q) accepted", bad)
		}
	}
}

func TestParseHeaders(t *testing.T) {
	h, err := parseHeaders([]byte("Wheel-Version: 1.0\r\nroot-is-purelib:true\nTag: a\nTag: b\nDescription: x\n  more\n\nBody: ignored\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := h.get("wheel-version"); v != "1.0" {
		t.Errorf("Wheel-Version %q", v)
	}
	if v, _ := h.get("Root-Is-Purelib"); v != "true" {
		t.Errorf("Root-Is-Purelib %q", v)
	}
	if !slices.Equal(h["tag"], []string{"a", "b"}) || h["description"][0] != "x\nmore" {
		t.Errorf("headers %v", h)
	}
	if _, ok := h.get("Body"); ok {
		t.Error("read past the header block")
	}
	for _, bad := range []string{" lead: x\n", "no colon\n", ": empty key\n", "Key : spaced\n"} {
		if _, err := parseHeaders([]byte(bad)); err == nil {
			t.Errorf("parseHeaders(%q) accepted", bad)
		}
	}
}

func TestCheckPath(t *testing.T) {
	for _, good := range []string{"a", "a/b.py", "a.b/c-d_e", "ünï/cödé.py"} {
		if err := checkPath(good); err != nil {
			t.Errorf("checkPath(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"", "/a", "a/../b", "..", "a/..", `a\b`, "a//b", "./a", "a/.", "a\x00b", "a\nb"} {
		if err := checkPath(bad); err == nil {
			t.Errorf("checkPath(%q) accepted", bad)
		}
	}
}

func TestIsEntryPointWrapper(t *testing.T) {
	eps := map[string]bool{"flask": true}
	for name, want := range map[string]bool{"flask": true, "flask.exe": true, "flask-script.py": true, "flask.pya": true, "FLASK.EXE": false, "flask2": false} {
		if isEntryPointWrapper(name, eps) != want {
			t.Errorf("isEntryPointWrapper(%q) = %v", name, !want)
		}
	}
	if !strings.HasPrefix(string(launcher("/p", script{name: "x", module: "m", attr: "f"})), "#!/p\n") {
		t.Error("launcher shebang")
	}
}
