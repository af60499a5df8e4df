package e2e

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

// requestsGraph is what the Debian-made requests wheel and its
// dependencies require (their METADATA, extras and markers that do not hold
// on Linux left out).
var requestsGraph = map[string][]string{
	"requests": {"certifi", "chardet", "charset-normalizer", "idna", "urllib3"},
	"urllib3":  {"six"},
}

// uvLock writes the text of a uv.lock, in uv's schema version 1 as uv
// writes it, for the project name==version (an editable source, ".")
// depending on direct: every package reachable through graph, each from
// the index idx with its wheel's URL, sha256 and size, and an sdist that
// the index does not have (pyko must never fetch it). It returns the text
// and the wheels it locks.
func uvLock(t *testing.T, idx *pyindex.Server, ws map[string]pyWheel, name, version string, direct []string, graph map[string][]string) (string, []pyWheel) {
	t.Helper()
	var names []string
	var walk func(n string)
	walk = func(n string) {
		n = pep503.Normalize(n)
		if slices.Contains(names, n) {
			return
		}
		names = append(names, n)
		for _, d := range graph[n] {
			walk(d)
		}
	}
	for _, d := range direct {
		walk(d)
	}
	registry := strings.TrimSuffix(idx.IndexURL(), "/")
	type entry struct{ name, text string }
	entries := []entry{{pep503.Normalize(name), uvProject(name, version, direct)}}
	var locked []pyWheel
	for _, n := range names {
		w := wheelOf(t, ws, n)
		locked = append(locked, w)
		var b strings.Builder
		fmt.Fprintf(&b, "[[package]]\nname = %q\nversion = %q\nsource = { registry = %q }\n", w.Name, w.Version, registry)
		if deps := graph[n]; len(deps) > 0 {
			b.WriteString("dependencies = [\n")
			for _, d := range slices.Sorted(slices.Values(deps)) {
				fmt.Fprintf(&b, "    { name = %q },\n", d)
			}
			b.WriteString("]\n")
		}
		sdist := strings.ReplaceAll(w.Name, "-", "_") + "-" + w.Version + ".tar.gz"
		fmt.Fprintf(&b, "sdist = { url = %q, hash = \"sha256:%x\", size = %d }\n",
			idx.URL+"/files/"+sdist, sha256.Sum256([]byte(sdist)), 4096)
		fmt.Fprintf(&b, "wheels = [\n    { url = %q, hash = \"sha256:%s\", size = %d },\n]\n",
			idx.URL+"/files/"+w.Filename, w.SHA256, w.Size)
		entries = append(entries, entry{n, b.String()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	parts := []string{"version = 1\nrevision = 2\nrequires-python = \">=3.11\"\n"}
	for _, e := range entries {
		parts = append(parts, e.text)
	}
	return strings.Join(parts, "\n"), locked
}

// uvProject is the project's own [[package]]: editable, with its direct
// dependencies and the metadata uv records.
func uvProject(name, version string, direct []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[[package]]\nname = %q\nversion = %q\nsource = { editable = \".\" }\ndependencies = [\n", pep503.Normalize(name), version)
	for _, d := range direct {
		fmt.Fprintf(&b, "    { name = %q },\n", d)
	}
	b.WriteString("]\n\n[package.metadata]\nrequires-dist = [")
	for i, d := range direct {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "{ name = %q }", d)
	}
	b.WriteString("]\n")
	return b.String()
}
