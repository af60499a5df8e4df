package debwheels

import (
	"slices"
	"strings"
	"testing"
)

func TestParseHeaders(t *testing.T) {
	text := "Metadata-Version: 2.1\nName: Flask\nLicense: BSD-3\n        second line\nClassifier: A\r\nClassifier: B\nSummary:no space \n\nBody: not a field\n"
	fields, err := parseHeaders(text)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, want string }{
		{"metadata-version", "2.1"},
		{"Name", "Flask"},
		{"License", "BSD-3\nsecond line"},
		{"Summary", "no space"},
		{"Body", ""},
		{"Missing", ""},
	}
	for _, c := range checks {
		if got := get(fields, c.name); got != c.want {
			t.Errorf("get(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	if got := all(fields, "Classifier"); !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("all(Classifier) = %q, want [A B]", got)
	}
}

func TestParseHeadersInvalid(t *testing.T) {
	for _, text := range []string{
		" continuation first\n",
		"no colon here\n",
		": empty name\n",
		"Two Words: value\n",
	} {
		if _, err := parseHeaders(text); err == nil {
			t.Errorf("parseHeaders(%q): want an error", text)
		} else if !strings.Contains(err.Error(), "line 1") {
			t.Errorf("parseHeaders(%q): error %q does not name the line", text, err)
		}
	}
}

func FuzzParseHeaders(f *testing.F) {
	f.Add("Name: a\nVersion: 1\n continued\n\nbody")
	f.Add("x")
	f.Fuzz(func(t *testing.T, text string) {
		fields, err := parseHeaders(text)
		if err != nil {
			return
		}
		for _, fl := range fields {
			if fl.name == "" || strings.ContainsAny(fl.name, " \t\n") {
				t.Fatalf("bad field name %q", fl.name)
			}
		}
	})
}
