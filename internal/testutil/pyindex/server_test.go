package pyindex

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

const acceptJSON = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

// world writes two flask wheels, one werkzeug wheel and an sdist-only
// project, and returns the folder and each file's sha256 by name.
func world(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	sums := map[string]string{}
	for _, w := range []wheels.Wheel{
		{Name: "Flask", Version: "3.0.3", Metadata: []string{"Requires-Python: >=3.8", "Requires-Dist: Werkzeug>=3.0.0"}},
		{Name: "Flask", Version: "3.0.2"},
		{Name: "Werkzeug", Version: "3.0.1", Tags: "py2.py3-none-any"},
	} {
		p, sum, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		sums[p[len(dir)+1:]] = sum
	}
	p, sum, err := wheels.WriteSdist(dir, wheels.Sdist{Name: "only-sdist", Version: "1.0"})
	if err != nil {
		t.Fatal(err)
	}
	sums[p[len(dir)+1:]] = sum
	return dir, sums
}

type response struct {
	*http.Response
	body string
}

func get(t *testing.T, rawURL string, hdr ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", rawURL, err)
	}
	return response{resp, string(b)}
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestProjectJSON(t *testing.T) {
	dir, sums := world(t)
	s := Serve(t, dir)
	page := s.IndexURL() + "flask/"
	r := get(t, page, "Accept", acceptJSON)
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != typeJSON {
		t.Fatalf("GET %s: %d %s", page, r.StatusCode, r.Header.Get("Content-Type"))
	}
	var p struct {
		Meta     map[string]string `json:"meta"`
		Name     string            `json:"name"`
		Versions []string          `json:"versions"`
		Files    []struct {
			Filename       string            `json:"filename"`
			URL            string            `json:"url"`
			Hashes         map[string]string `json:"hashes"`
			RequiresPython string            `json:"requires-python"`
			CoreMetadata   map[string]string `json:"core-metadata"`
			DistInfoMeta   map[string]string `json:"dist-info-metadata"`
			Yanked         bool              `json:"yanked"`
			Size           int64             `json:"size"`
			UploadTime     string            `json:"upload-time"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Meta["api-version"] != "1.1" || p.Name != "flask" || len(p.Files) != 2 || len(p.Versions) != 2 {
		t.Fatalf("page: %+v", p)
	}
	for _, f := range p.Files {
		ref, _ := url.Parse(page)
		u, _ := ref.Parse(f.URL)
		file := get(t, u.String())
		if got := sum(file.body); got != sums[f.Filename] || f.Hashes["sha256"] != got || f.Size != int64(len(file.body)) {
			t.Errorf("%s: served sha256 %s, listed %s, written %s; size %d", f.Filename, got, f.Hashes["sha256"], sums[f.Filename], f.Size)
		}
		meta := get(t, u.String()+".metadata")
		if f.CoreMetadata["sha256"] != sum(meta.body) || f.DistInfoMeta["sha256"] != sum(meta.body) || !strings.Contains(meta.body, "Name: Flask\n") {
			t.Errorf("%s: metadata %q does not match %v", f.Filename, meta.body, f.CoreMetadata)
		}
		if f.Yanked || f.UploadTime == "" {
			t.Errorf("%s: yanked %v, upload-time %q", f.Filename, f.Yanked, f.UploadTime)
		}
	}
	if p.Files[1].RequiresPython != ">=3.8" || p.Files[0].RequiresPython != "" {
		t.Errorf("requires-python: %q, %q", p.Files[0].RequiresPython, p.Files[1].RequiresPython)
	}
	if s.FileRequests() != 2 || s.Requests("/simple/flask/") != 1 {
		t.Errorf("file requests %d (metadata must not count), page requests %d", s.FileRequests(), s.Requests("/simple/flask/"))
	}
}

func TestProjectHTML(t *testing.T) {
	dir, sums := world(t)
	s := Serve(t, dir, Yank("flask-3.0.2-py3-none-any.whl", "broken <build>"))
	r := get(t, s.IndexURL()+"flask/", "Accept", "text/html")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("%d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`<meta name="pypi:repository-version" content="1.1">`,
		`href="../../files/flask-3.0.3-py3-none-any.whl#sha256=` + sums["flask-3.0.3-py3-none-any.whl"] + `"`,
		`data-requires-python="&gt;=3.8"`,
		`data-core-metadata="sha256=`,
		`data-dist-info-metadata="sha256=`,
		`data-yanked="broken &lt;build&gt;">flask-3.0.2-py3-none-any.whl</a>`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %s:\n%s", want, r.body)
		}
	}
	links := get(t, s.URL+"/links/")
	if !strings.Contains(links.body, `href="../files/only_sdist-1.0.tar.gz#sha256=`+sums["only_sdist-1.0.tar.gz"]+`"`) {
		t.Errorf("links page:\n%s", links.body)
	}
	index := get(t, s.IndexURL(), "Accept", acceptJSON)
	if !strings.Contains(index.body, `"projects":[{"name":"flask"},{"name":"only-sdist"},{"name":"werkzeug"}]`) {
		t.Errorf("index: %s", index.body)
	}
}

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		accept   string
		htmlOnly bool
		want     string
	}{
		{"", false, typeLegacyHTML},
		{acceptJSON, false, typeJSON},
		{acceptJSON, true, typeHTML},
		{"application/vnd.pypi.simple.latest+json", false, typeJSON},
		{"text/html", false, typeLegacyHTML},
		{"application/vnd.pypi.simple.v1+json;q=0.1, text/html", false, typeLegacyHTML},
		{"text/*", false, typeLegacyHTML},
		{"application/json", false, ""},
		{"application/vnd.pypi.simple.v1+json;q=0", false, ""},
	} {
		got, ok := negotiate(tc.accept, tc.htmlOnly)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("negotiate(%q, %v) = %q, %v; want %q", tc.accept, tc.htmlOnly, got, ok, tc.want)
		}
	}
}

func TestRedirectAndRevalidate(t *testing.T) {
	dir, _ := world(t)
	s := Serve(t, dir)
	r := get(t, s.IndexURL()+"FLASK", "Accept", acceptJSON)
	if r.StatusCode != 200 || r.Request.URL.Path != "/simple/flask/" {
		t.Fatalf("GET /simple/FLASK: %d at %s", r.StatusCode, r.Request.URL)
	}
	etag := r.Header.Get("ETag")
	again := get(t, s.IndexURL()+"flask/", "Accept", acceptJSON, "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %d", etag, again.StatusCode)
	}
	html := get(t, s.IndexURL()+"flask/", "Accept", "text/html", "If-None-Match", etag)
	if html.StatusCode != 200 {
		t.Errorf("the HTML page shares the JSON page's ETag: %d", html.StatusCode)
	}
}

func TestFaults(t *testing.T) {
	dir, _ := world(t)
	s := Serve(t, dir, NotFound("flask"), ServerError("werkzeug"), HTMLErrorPage("only-sdist", 200))
	if r := get(t, s.IndexURL()+"flask/"); r.StatusCode != 404 {
		t.Errorf("NotFound: %d", r.StatusCode)
	}
	if r := get(t, s.IndexURL()+"nonexistent/"); r.StatusCode != 404 {
		t.Errorf("an unknown project: %d", r.StatusCode)
	}
	if r := get(t, s.IndexURL()+"werkzeug/"); r.StatusCode != 500 {
		t.Errorf("ServerError: %d", r.StatusCode)
	}
	if r := get(t, s.IndexURL()+"only-sdist/", "Accept", acceptJSON); r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || strings.Contains(r.body, "<a ") {
		t.Errorf("HTMLErrorPage: %d %s %q", r.StatusCode, r.Header.Get("Content-Type"), r.body)
	}

	flaky := Serve(t, dir, Flaky("flask", 2))
	for i, want := range []int{503, 503, 200} {
		if r := get(t, flaky.IndexURL()+"flask/"); r.StatusCode != want {
			t.Errorf("Flaky request %d: %d, want %d", i+1, r.StatusCode, want)
		}
	}

	meta := Serve(t, dir, NoMetadata())
	if r := get(t, meta.IndexURL()+"flask/", "Accept", acceptJSON); strings.Contains(r.body, "metadata") {
		t.Errorf("NoMetadata page: %s", r.body)
	}
	if r := get(t, meta.URL+"/files/flask-3.0.3-py3-none-any.whl.metadata"); r.StatusCode != 404 {
		t.Errorf("NoMetadata file: %d", r.StatusCode)
	}
	legacy := Serve(t, dir, LegacyMetadata(), HTMLOnly())
	if r := get(t, legacy.IndexURL()+"flask/", "Accept", acceptJSON); r.Header.Get("Content-Type") != typeHTML || strings.Contains(r.body, "data-core-metadata") || !strings.Contains(r.body, "data-dist-info-metadata") {
		t.Errorf("LegacyMetadata + HTMLOnly: %s\n%s", r.Header.Get("Content-Type"), r.body)
	}
}

func TestBasicAuth(t *testing.T) {
	dir, _ := world(t)
	s := Serve(t, dir, BasicAuth("alice", "s3cret"))
	if r := get(t, s.IndexURL()+"flask/"); r.StatusCode != 401 || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("without credentials: %d", r.StatusCode)
	}
	u, _ := url.Parse(s.IndexURL() + "flask/")
	u.User = url.UserPassword("alice", "wrong")
	if r := get(t, u.String()); r.StatusCode != 401 {
		t.Errorf("wrong password: %d", r.StatusCode)
	}
	u.User = url.UserPassword("alice", "s3cret")
	if r := get(t, u.String()); r.StatusCode != 200 {
		t.Errorf("right password: %d", r.StatusCode)
	}
	if s.TotalRequests() != 3 {
		t.Errorf("TotalRequests %d, want 3", s.TotalRequests())
	}
}

func TestTruncateFile(t *testing.T) {
	dir, _ := world(t)
	s := Serve(t, dir, TruncateFile("flask-3.0.3-py3-none-any.whl"))
	resp, err := http.Get(s.URL + "/files/flask-3.0.3-py3-none-any.whl")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil || int64(len(b)) >= resp.ContentLength {
		t.Errorf("read %d of %d bytes, error %v; want a cut body", len(b), resp.ContentLength, err)
	}
	if r := get(t, s.URL+"/files/flask-3.0.2-py3-none-any.whl"); r.StatusCode != 200 || int64(len(r.body)) != r.ContentLength {
		t.Errorf("another file: %d, %d bytes", r.StatusCode, len(r.body))
	}
}
