package simpleapi

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

func TestCredentials(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir, pyindex.BasicAuth("alice", "s3cret"))
	u, _ := url.Parse(s.IndexURL())
	host := u.Hostname()
	ctx := context.Background()

	t.Run("userinfo", func(t *testing.T) {
		withUser := "http://alice:s3cret@" + u.Host + "/simple/"
		c, _ := newClient(t, newFetch(t), []Index{{URL: withUser}})
		p, err := c.Project(ctx, "flask")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range p.Files {
			if strings.Contains(f.URL+f.Index, "s3cret") {
				t.Errorf("a File carries the password: %+v", f)
			}
		}
		// The files are on the index's host: fetch gets the credentials.
		w, err := c.Want(p.Files[0])
		if err != nil || !strings.Contains(w.URL, "alice:s3cret@") {
			t.Errorf("Want: %v, %v", w.URL != "", err)
		}
		if _, err := c.fc.Fetch(ctx, w); err != nil {
			t.Errorf("fetching through the index's credentials: %v", err)
		}
		other, _ := c.AuthURL("https://files.example/x.whl")
		if other != "https://files.example/x.whl" {
			t.Error("the index's credentials go to another host")
		}
		_, err = c.Project(ctx, "nope")
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("not found: %v", err)
		}
	})

	t.Run("netrc", func(t *testing.T) {
		netrc := filepath.Join(t.TempDir(), "netrc")
		if err := os.WriteFile(netrc, []byte("machine "+host+" login alice password s3cret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("NETRC", netrc)
		rec := &recorder{}
		c, err := New(newFetch(t), []Index{{URL: s.IndexURL()}}, WithLogger(quiet()), WithHTTPClient(httpClient(rec)))
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.Project(ctx, "flask")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Metadata(ctx, p.Files[len(p.Files)-1]); err != nil {
			t.Errorf("metadata through .netrc credentials: %v", err)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		c, _ := newClient(t, newFetch(t), []Index{{URL: "http://alice:wrong@" + u.Host + "/simple/"}})
		_, err := c.Project(ctx, "flask")
		if err == nil || !strings.Contains(err.Error(), "401 Unauthorized") || !strings.Contains(err.Error(), "check the credentials") || strings.Contains(err.Error(), "wrong") {
			t.Errorf("401: %v", err)
		}
	})
}

func TestAuthURL(t *testing.T) {
	netrc := filepath.Join(t.TempDir(), "netrc")
	if err := os.WriteFile(netrc, []byte("machine cdn.example login carol password c4rol\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := newClient(t, newFetch(t), []Index{{URL: "https://bob:b0b@idx.example/simple/"}}, WithNetrc(netrc))
	for in, want := range map[string]string{
		"https://idx.example/files/a.whl":      "https://bob:b0b@idx.example/files/a.whl",
		"http://idx.example/files/a.whl":       "http://idx.example/files/a.whl", // another scheme is another realm
		"https://idx.example:8443/files/a.whl": "https://idx.example:8443/files/a.whl",
		"https://cdn.example/a.whl":            "https://carol:c4rol@cdn.example/a.whl",
		"https://dan:d4n@cdn.example/a.whl":    "https://dan:d4n@cdn.example/a.whl",
		"https://elsewhere.example/a.whl":      "https://elsewhere.example/a.whl",
		"file:///srv/wheels/a.whl":             "file:///srv/wheels/a.whl",
	} {
		if got, err := c.AuthURL(in); err != nil || got != want {
			t.Errorf("AuthURL(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := c.AuthURL("https://x:p4ss@[bad"); err == nil || strings.Contains(err.Error(), "p4ss") {
		t.Errorf("a bad URL: %v", err)
	}
}
