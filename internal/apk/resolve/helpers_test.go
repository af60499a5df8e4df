package resolve

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

// pkg builds a package from "name-version-rN" and APKINDEX-like fields:
// "D:deps", "p:provides", "i:install_if", "k:priority", "A:arch".
func pkg(t testing.TB, id string, fields ...string) *apk.Package {
	t.Helper()
	p := &apk.Package{Arch: "x86_64"}
	parts := strings.Split(id, "-")
	if len(parts) < 3 || !strings.HasPrefix(parts[len(parts)-1], "r") {
		t.Fatalf("package id %q is not name-version-rN", id)
	}
	p.Name = strings.Join(parts[:len(parts)-2], "-")
	p.Version = strings.Join(parts[len(parts)-2:], "-")
	for _, f := range fields {
		key, val, _ := strings.Cut(f, ":")
		var err error
		switch key {
		case "D":
			p.Depends, err = apk.ParseDependencies(val)
		case "p":
			p.Provides, err = apk.ParseDependencies(val)
		case "i":
			p.InstallIf, err = apk.ParseDependencies(val)
		case "k":
			p.ProviderPriority, err = strconv.Atoi(val)
		case "A":
			p.Arch = val
		default:
			t.Fatalf("package %s: unknown field %q", id, f)
		}
		if err != nil {
			t.Fatalf("package %s: field %q: %v", id, f, err)
		}
	}
	return p
}

// world parses a space-separated world.
func world(t testing.TB, s string) []apk.Dependency {
	t.Helper()
	w, err := apk.ParseDependencies(s)
	if err != nil {
		t.Fatalf("world %q: %v", s, err)
	}
	return w
}

// ids lists packages as "name-version".
func ids(ps []*apk.Package) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID()
	}
	return out
}
