package pyindex

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// serveProject answers /simple/<rest>: a project page, a redirect to the
// canonical URL, or one of the configured failures.
func (s *Server) serveProject(w http.ResponseWriter, r *http.Request, rest string) {
	name, tail, _ := strings.Cut(rest, "/")
	if name == "" || tail != "" || !pep503.Valid(name) {
		http.NotFound(w, r)
		return
	}
	if norm := pep503.Normalize(name); norm != name || !strings.HasSuffix(rest, "/") {
		http.Redirect(w, r, "/simple/"+norm+"/", http.StatusMovedPermanently)
		return
	}
	if s.fault(w, name) {
		return
	}
	all, err := s.dists()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var ds []*dist
	for _, d := range all {
		if d.project == name {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		http.NotFound(w, r)
		return
	}
	t, ok := negotiate(r.Header.Get("Accept"), s.cfg.htmlOnly)
	if !ok {
		http.Error(w, "Not Acceptable", http.StatusNotAcceptable)
		return
	}
	body := s.projectHTML(name, ds)
	if t == typeJSON {
		body = s.projectJSON(name, ds)
	}
	servePage(w, r, t, body, newest(ds))
}

// fault answers with the failure configured for project, if any.
func (s *Server) fault(w http.ResponseWriter, project string) bool {
	s.mu.Lock()
	flaky := s.flaky[project] > 0
	if flaky {
		s.flaky[project]--
	}
	s.mu.Unlock()
	switch status, htmlErr := s.cfg.htmlError[project]; {
	case s.cfg.notFound[project]:
		http.Error(w, "Not Found", http.StatusNotFound)
	case s.cfg.serverError[project]:
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	case flaky:
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
	case htmlErr:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(errorPage))
	default:
		return false
	}
	return true
}

func (s *Server) serveLinks(w http.ResponseWriter, r *http.Request) {
	ds, err := s.dists()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	servePage(w, r, typeLegacyHTML, linksHTML(ds), newest(ds))
}

// serveFile answers /files/<name>: a distribution, or the metadata of a
// wheel (<name>.metadata).
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	base, isMeta := strings.CutSuffix(name, ".metadata")
	project, version, ok := parseFilename(base)
	if !ok || strings.ContainsAny(name, `/\`) {
		http.NotFound(w, r)
		return
	}
	d, err := s.dist(base, project, version)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if isMeta {
		if s.metadataHash(d) == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("ETag", `"`+sha256Hex(d.metadata)+`"`)
		http.ServeContent(w, r, "", d.mtime, bytes.NewReader(d.metadata))
		return
	}
	f, err := os.Open(filepath.Join(s.dir, base))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	if s.cfg.truncate[base] {
		w.Header().Set("Content-Length", strconv.FormatInt(d.size, 10))
		buf := make([]byte, d.size/2)
		n, _ := f.Read(buf)
		_, _ = w.Write(buf[:n])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		// Abort: the server drops the connection without ending the body,
		// and logs nothing.
		panic(http.ErrAbortHandler)
	}
	w.Header().Set("ETag", `"`+d.sha256+`"`)
	http.ServeContent(w, r, base, d.mtime, f)
}
