package fetch

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestParseSource(t *testing.T) {
	for _, tc := range []struct {
		in       string
		wantPath string
		wantURL  string
		wantErr  string
	}{
		{in: "/etc/apk/keys/wolfi.rsa.pub", wantPath: "/etc/apk/keys/wolfi.rsa.pub"},
		{in: "/a/../b/./k.pub", wantPath: "/b/k.pub"},
		{in: "file:///srv/mirror/x86_64/APKINDEX.tar.gz", wantPath: "/srv/mirror/x86_64/APKINDEX.tar.gz"},
		{in: "file://localhost/srv/k.pub", wantPath: "/srv/k.pub"},
		{in: "https://packages.wolfi.dev/os/wolfi-signing.rsa.pub", wantURL: "https://packages.wolfi.dev/os/wolfi-signing.rsa.pub"},
		{in: "http://u:p@127.0.0.1:8080/os", wantURL: "http://127.0.0.1:8080/os"},
		{in: "file://host/srv/k.pub", wantErr: "names a host"},
		{in: "file:relative/k.pub", wantErr: "must be absolute"},
		{in: "keys/k.pub", wantErr: "neither a URL nor an absolute path"},
		{in: "ftp://host/k.pub", wantErr: `unsupported scheme "ftp"`},
		{in: "https:///path", wantErr: "has no host"},
		{in: "https://u:secret@host:badport/x", wantErr: "parsing URL"},
	} {
		s, err := parseSource(tc.in)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseSource(%q): got %v, want an error containing %q", tc.in, err, tc.wantErr)
			} else if strings.Contains(err.Error(), "secret") {
				t.Errorf("parseSource(%q): error leaks the password: %v", tc.in, err)
			}
		case err != nil:
			t.Errorf("parseSource(%q): %v", tc.in, err)
		case s.path != tc.wantPath || (tc.wantURL != "" && s.String() != tc.wantURL):
			t.Errorf("parseSource(%q) = path %q, %s; want path %q, %s", tc.in, s.path, s, tc.wantPath, tc.wantURL)
		}
	}
}

func TestCredentials(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "robot" || pass != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("private"))
	})
	host := strings.TrimPrefix(srv.URL, "http://")
	c, logs := newTestClient(t, "")
	ctx := context.Background()

	if _, err := c.Fetch(ctx, Want{URL: "http://robot:s3cret@" + host + "/file", Key: "private"}); err != nil {
		t.Fatalf("with credentials: %v", err)
	}
	if _, err := c.Revalidate(ctx, "http://robot:s3cret@"+host+"/index"); err != nil {
		t.Fatalf("Revalidate with credentials: %v", err)
	}
	for _, url := range []string{"http://robot:s3cret@" + host + "/missing", "http://robot:wrong-s3cret@" + host + "/file"} {
		_, err := c.Fetch(ctx, Want{URL: url, Key: "other"})
		if err == nil {
			t.Fatalf("%s: no error", url)
		}
		if strings.Contains(err.Error(), "s3cret") || !strings.HasPrefix(err.Error(), "fetching http://"+host+"/") {
			t.Errorf("error %q: want the URL without credentials", err)
		}
		_, err = c.Revalidate(ctx, url)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Revalidate error %v: want one without credentials", err)
		}
	}
	if strings.Contains(logs.String(), "s3cret") || strings.Contains(logs.String(), "robot") {
		t.Errorf("logs leak credentials:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "msg=downloaded url=http://"+host+"/file size=7 duration=") {
		t.Errorf("no download line in the logs:\n%s", logs)
	}
}

func TestProgressEvents(t *testing.T) {
	srv := blobServer(t)
	var kinds []EventKind
	c, _ := newTestClient(t, "", WithProgress(func(e Event) {
		if len(kinds) == 0 || kinds[len(kinds)-1] != e.Kind {
			kinds = append(kinds, e.Kind)
		}
	}), WithJobs(1))
	w := Want{URL: srv.URL + "/1/100000", Key: "p"}
	for range 2 {
		if _, err := c.Fetch(context.Background(), w); err != nil {
			t.Fatal(err)
		}
	}
	want := []EventKind{EventStart, EventProgress, EventDone, EventCached}
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
}

// FuzzParseSource: a parsed source never keeps credentials in its name, and
// its name parses back to the same source.
func FuzzParseSource(f *testing.F) {
	for _, s := range []string{"https://u:p@h/x", "file:///a/b", "/a/b", "http://[::1]:80/x?q#f", "file://h/x", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := parseSource(in)
		if err != nil {
			return
		}
		if !s.local() && s.url.User != nil {
			t.Fatalf("%q: credentials kept in the URL", in)
		}
		again, err := parseSource(s.String())
		if err != nil || again.String() != s.String() {
			t.Fatalf("%q: name %q parses back to %q, %v", in, s, again, err)
		}
	})
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://robot:s3cret@host/os":   "https://host/os",
		"https://robot@host/os":          "https://host/os",
		"/etc/apk/keys/k.pub":            "/etc/apk/keys/k.pub",
		"file:///k.pub":                  "file:///k.pub",
		"ftp://robot:s3cret@host/k.pub":  "ftp://host/k.pub",
		"https://robot:s3cret@host:bad/": "(unparsable URL)",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
