package wheel

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/layer"
)

// SitePackages is the layout's site-packages directory as an entry path
// ("app/venv/lib/python3.12/site-packages").
func (l Layout) SitePackages() string { return l.sitePackages() }

// AddCompiled adds a wheel's pycs to its installed entries es and lists
// them in its RECORD with their hash and size, as pip does, so that
// uninstalling it would remove them too. It returns the entries sorted by
// path with RECORD rewritten; es must be the entries Install returned
// for l.
func AddCompiled(es []layer.Entry, l Layout, pycs []layer.Entry) ([]layer.Entry, error) {
	if len(pycs) == 0 {
		return es, nil
	}
	site := l.sitePackages()
	at := slices.IndexFunc(es, func(e layer.Entry) bool {
		dir, name, _ := strings.Cut(strings.TrimPrefix(e.Path, site+"/"), "/")
		return name == "RECORD" && strings.HasSuffix(dir, ".dist-info") && strings.HasPrefix(e.Path, site+"/")
	})
	if at < 0 {
		return nil, fmt.Errorf("no RECORD among the installed files in %s", site)
	}
	old, err := readEntry(es[at])
	if err != nil {
		return nil, fmt.Errorf("reading the installed RECORD: %w", err)
	}
	rows, err := parseRecord(old)
	if err != nil {
		return nil, fmt.Errorf("the installed RECORD: %w", err)
	}
	// One hash and one buffer for them all: reading each pyc whole
	// cost more than hashing it.
	h, buf := sha256.New(), make([]byte, 32<<10)
	for _, p := range pycs {
		n, err := hashEntry(h, p, buf)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p.Path, err)
		}
		rows = append(rows, recordRow{Path: relativeTo(site, p.Path), Hash: formatHash("sha256", h.Sum(nil)), Size: n})
	}
	b := formatRecord(rows)
	out := append(slices.Clone(es), pycs...)
	out[at].Size, out[at].Open = int64(len(b)), bytesOpener(b)
	slices.SortFunc(out, func(a, b layer.Entry) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// hashEntry resets h to the hash of e's content and returns its size.
func hashEntry(h hash.Hash, e layer.Entry, buf []byte) (int64, error) {
	r, err := e.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	h.Reset()
	return io.CopyBuffer(h, r, buf)
}

func readEntry(e layer.Entry) ([]byte, error) {
	r, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
