package pyindex

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
)

// uploadTime is PEP 700's format.
const uploadTime = "2006-01-02T15:04:05.000000Z"

// projectJSON renders a PEP 691 project page (api-version 1.1: PEP 700's
// versions, size and upload-time).
func (s *Server) projectJSON(name string, ds []*dist) []byte {
	type file struct {
		Filename       string            `json:"filename"`
		URL            string            `json:"url"`
		Hashes         map[string]string `json:"hashes"`
		RequiresPython *string           `json:"requires-python,omitempty"`
		CoreMetadata   any               `json:"core-metadata,omitempty"`
		DistInfoMeta   any               `json:"dist-info-metadata,omitempty"`
		Yanked         any               `json:"yanked"`
		Size           int64             `json:"size"`
		UploadTime     string            `json:"upload-time"`
	}
	page := struct {
		Meta     map[string]string `json:"meta"`
		Name     string            `json:"name"`
		Versions []string          `json:"versions"`
		Files    []file            `json:"files"`
	}{Meta: map[string]string{"api-version": "1.1"}, Name: name, Versions: []string{}, Files: []file{}}
	seen := map[string]bool{}
	for _, d := range ds {
		if !seen[d.version] {
			seen[d.version] = true
			page.Versions = append(page.Versions, d.version)
		}
		f := file{
			Filename: d.filename, URL: "../../files/" + url.PathEscape(d.filename), Hashes: map[string]string{"sha256": d.sha256},
			Yanked: false, Size: d.size, UploadTime: d.mtime.UTC().Format(uploadTime),
		}
		if d.requiresPython != "" {
			f.RequiresPython = &d.requiresPython
		}
		if reason, ok := s.cfg.yanked[d.filename]; ok {
			f.Yanked = true
			if reason != "" {
				f.Yanked = reason
			}
		}
		if meta := s.metadataHash(d); meta != "" {
			m := map[string]string{"sha256": meta}
			f.DistInfoMeta = m
			if !s.cfg.legacyMeta {
				f.CoreMetadata = m
			}
		}
		page.Files = append(page.Files, f)
	}
	b, _ := json.Marshal(page)
	return b
}

// projectHTML renders a PEP 503 project page with PEP 629's version meta.
func (s *Server) projectHTML(name string, ds []*dist) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n")
	fmt.Fprintf(&b, "    <title>Links for %s</title>\n  </head>\n  <body>\n    <h1>Links for %s</h1>\n", html.EscapeString(name), html.EscapeString(name))
	for _, d := range ds {
		fmt.Fprintf(&b, "    <a href=\"../../files/%s#sha256=%s\"", html.EscapeString(url.PathEscape(d.filename)), d.sha256)
		if d.requiresPython != "" {
			fmt.Fprintf(&b, " data-requires-python=\"%s\"", html.EscapeString(d.requiresPython))
		}
		if meta := s.metadataHash(d); meta != "" {
			if !s.cfg.legacyMeta {
				fmt.Fprintf(&b, " data-core-metadata=\"sha256=%s\"", meta)
			}
			fmt.Fprintf(&b, " data-dist-info-metadata=\"sha256=%s\"", meta)
		}
		if reason, ok := s.cfg.yanked[d.filename]; ok {
			fmt.Fprintf(&b, " data-yanked=\"%s\"", html.EscapeString(reason))
		}
		fmt.Fprintf(&b, ">%s</a><br />\n", html.EscapeString(d.filename))
	}
	b.WriteString("  </body>\n</html>\n")
	return []byte(b.String())
}

// metadataHash is the hex SHA-256 of d's PEP 658 metadata file, or "" when
// none is served.
func (s *Server) metadataHash(d *dist) string {
	if s.cfg.noMetadata || d.metadata == nil {
		return ""
	}
	return sha256Hex(d.metadata)
}

// indexJSON and indexHTML render the project list.
func indexJSON(projects []string) []byte {
	type project struct {
		Name string `json:"name"`
	}
	page := struct {
		Meta     map[string]string `json:"meta"`
		Projects []project         `json:"projects"`
	}{Meta: map[string]string{"api-version": "1.1"}, Projects: []project{}}
	for _, p := range projects {
		page.Projects = append(page.Projects, project{p})
	}
	b, _ := json.Marshal(page)
	return b
}

func indexHTML(projects []string) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n    <title>Simple index</title>\n  </head>\n  <body>\n")
	for _, p := range projects {
		fmt.Fprintf(&b, "    <a href=\"%s/\">%s</a>\n", html.EscapeString(p), html.EscapeString(p))
	}
	b.WriteString("  </body>\n</html>\n")
	return []byte(b.String())
}

// linksHTML renders a flat --find-links page of every file.
func linksHTML(ds []*dist) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><body>\n")
	for _, d := range ds {
		fmt.Fprintf(&b, "<a href=\"../files/%s#sha256=%s\">%s</a><br>\n", html.EscapeString(url.PathEscape(d.filename)), d.sha256, html.EscapeString(d.filename))
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// errorPage is what a proxy or a login wall sends instead of the index.
const errorPage = "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1><p>Please sign in to continue.</p></body></html>\n"
