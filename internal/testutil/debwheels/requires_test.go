package debwheels

import (
	"slices"
	"strings"
	"testing"
)

func TestParseRequiresTxt(t *testing.T) {
	tests := []struct {
		name         string
		text         string
		base, extras []string
	}{
		{name: "empty", text: "\n"},
		{
			name: "unconditional and extras",
			text: "Werkzeug>=2.2.2\n\n[async]\nasgiref>=3.2\n\n[dotenv]\npython-dotenv\n",
			base: []string{"Werkzeug>=2.2.2"},
			extras: []string{
				`asgiref>=3.2; extra == "async"`,
				`python-dotenv; extra == "dotenv"`,
			},
		},
		{
			name: "marker sections",
			text: "[:python_version < \"3.10\"]\nimportlib-metadata>=3.6\n\n[brotli:os_name == \"nt\"]\nbrotlipy\n[empty]\n",
			base: []string{`importlib-metadata>=3.6; python_version < "3.10"`},
			extras: []string{
				`brotlipy; (os_name == "nt") and (extra == "brotli")`,
			},
		},
		{
			name: "marker on the line",
			text: "[socks]\nPySocks; python_version >= \"3\"\n# comment\n",
			extras: []string{
				`PySocks; (python_version >= "3") and (extra == "socks")`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, extras, err := parseRequiresTxt(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(base, tt.base) || !slices.Equal(extras, tt.extras) {
				t.Errorf("got base %q extras %q\nwant base %q extras %q", base, extras, tt.base, tt.extras)
			}
			for _, r := range extras {
				if !isExtraRequirement(r) {
					t.Errorf("isExtraRequirement(%q) = false", r)
				}
			}
			for _, r := range base {
				if isExtraRequirement(r) {
					t.Errorf("isExtraRequirement(%q) = true", r)
				}
			}
		})
	}
}

func TestParseRequiresTxtInvalid(t *testing.T) {
	for _, text := range []string{"ok\n[unclosed\n", "[a b]\nx\n", "; python_version < \"3\"\n"} {
		if _, _, err := parseRequiresTxt(text); err == nil {
			t.Errorf("parseRequiresTxt(%q): want an error", text)
		} else if !strings.Contains(err.Error(), "line ") {
			t.Errorf("parseRequiresTxt(%q): error %q does not name the line", text, err)
		}
	}
}

func FuzzParseRequiresTxt(f *testing.F) {
	f.Add("a\n[x:y]\nb;c\n")
	f.Add("[")
	f.Fuzz(func(t *testing.T, text string) {
		base, extras, err := parseRequiresTxt(text)
		if err != nil {
			return
		}
		for _, r := range slices.Concat(base, extras) {
			if strings.Contains(r, "\n") || strings.HasPrefix(r, ";") {
				t.Fatalf("bad requirement %q", r)
			}
		}
		for _, r := range extras {
			if !isExtraRequirement(r) {
				t.Fatalf("extra requirement %q has no extra marker", r)
			}
		}
	})
}
