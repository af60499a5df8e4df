package simpleapi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

func TestFindLinksDirectory(t *testing.T) {
	dir, sums := world(t)
	c, _ := newClient(t, newFetch(t), nil, WithFindLinks(dir))
	ctx := context.Background()
	p, err := c.Project(ctx, "Flask")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 3 {
		t.Fatalf("files %+v, want flask's 3", p.Files)
	}
	for _, f := range p.Files {
		if f.Hashes["sha256"] != sums[f.Filename] || f.URL != "file://"+filepath.ToSlash(filepath.Join(dir, f.Filename)) || f.Index != dir || f.Size == 0 {
			t.Errorf("file %+v", f)
		}
	}
	w, err := c.Want(p.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.fc.Fetch(ctx, w); err != nil {
		t.Errorf("fetching a local file: %v", err)
	}
}

func TestFindLinksPages(t *testing.T) {
	dir, sums := world(t)
	links := pyindex.Serve(t, dir)
	indexDir := t.TempDir()
	writeWheel(t, indexDir, "flask", "9.0")
	index := pyindex.Serve(t, indexDir)
	local := filepath.Join(t.TempDir(), "links.html")
	if err := os.WriteFile(local, []byte(`<a href="`+dir+`/werkzeug-3.0.1-py3-none-any.whl">w</a>`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, newFetch(t), []Index{{URL: index.IndexURL()}}, WithFindLinks(links.URL+"/links/", "file://"+local))
	ctx := context.Background()
	p, err := c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range p.Files {
		names = append(names, f.Filename)
	}
	if got := strings.Join(names, " "); got != "flask-9.0-py3-none-any.whl flask-3.0.1.tar.gz flask-3.0.2-py3-none-any.whl flask-3.0.3-py3-none-any.whl" {
		t.Errorf("files %s: want the index's, then the links page's", got)
	}
	if f := p.Files[1]; f.Hashes["sha256"] != sums[f.Filename] || f.Index != links.URL+"/links/" {
		t.Errorf("links page file %+v", f)
	}
	w, err := c.Project(ctx, "werkzeug")
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Files) != 2 || w.Files[1].URL != "file://"+dir+"/werkzeug-3.0.1-py3-none-any.whl" {
		t.Errorf("werkzeug %+v: want the links page's and the local page's", w.Files)
	}
	if n := links.Requests("/links/"); n != 1 {
		t.Errorf("the links page was asked for %d times, want once per client", n)
	}
}
