package pep503

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Flask": "flask", "foo.bar": "foo-bar", "Foo__Bar": "foo-bar", "a-_.b": "a-b", "zope.interface": "zope-interface",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"flask": true, "a": true, "a.b-c_d": true, "-a": false, "a-": false, "": false, "a b": false} {
		if Valid(in) != want {
			t.Errorf("Valid(%q) = %v", in, !want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("Foo.Bar")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
	})
}
