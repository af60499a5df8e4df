package apkrepo

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

func TestServe(t *testing.T) {
	dir := t.TempDir()
	if err := WriteRepo(dir, "x86_64", repoPackages(), testKey(t)); err != nil {
		t.Fatal(err)
	}
	s := Serve(t, dir)
	want, _ := os.ReadFile(filepath.Join(dir, "x86_64", IndexName))
	sum := sha256.Sum256(want)
	etag := `"` + hex.EncodeToString(sum[:]) + `"`

	get := func(hdr ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/x86_64/"+IndexName, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	resp := get()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != string(want) || resp.Header.Get("ETag") != etag || resp.Header.Get("Last-Modified") == "" {
		t.Fatalf("GET: %d, %d bytes, ETag %q, Last-Modified %q", resp.StatusCode, len(body), resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
	}
	tests := []struct {
		name string
		hdr  []string
		code int
	}{
		{"matching etag", []string{"If-None-Match", etag}, http.StatusNotModified},
		{"other etag", []string{"If-None-Match", `"nope"`}, http.StatusOK},
		{"not modified since", []string{"If-Modified-Since", resp.Header.Get("Last-Modified")}, http.StatusNotModified},
		{"modified since", []string{"If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := get(tt.hdr...).StatusCode; got != tt.code {
				t.Errorf("status %d, want %d", got, tt.code)
			}
		})
	}
	if got := s.Requests("/x86_64/" + IndexName); got != 1+len(tests) {
		t.Errorf("Requests(index) = %d, want %d", got, 1+len(tests))
	}
	if got := s.Requests("x86_64/hello-1.2.3-r4.apk"); got != 0 {
		t.Errorf("Requests(package) = %d, want 0", got)
	}
	if s.TotalRequests() != 1+len(tests) {
		t.Errorf("TotalRequests = %d", s.TotalRequests())
	}
}
