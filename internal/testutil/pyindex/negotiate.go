package pyindex

import (
	"mime"
	"strconv"
	"strings"
)

// The media types of the simple API (PEP 691).
const (
	typeJSON       = "application/vnd.pypi.simple.v1+json"
	typeHTML       = "application/vnd.pypi.simple.v1+html"
	typeLegacyHTML = "text/html"
)

// negotiate picks the response type for an Accept header as PEP 691 asks:
// the highest quality wins, ties go to the server's order (JSON, then
// versioned HTML, then text/html); "latest" aliases v1; no header means
// text/html. ok is false when nothing acceptable is offered (406).
func negotiate(accept string, htmlOnly bool) (string, bool) {
	offered := []string{typeJSON, typeHTML, typeLegacyHTML}
	if htmlOnly {
		offered = offered[1:]
	}
	if strings.TrimSpace(accept) == "" {
		return typeLegacyHTML, true
	}
	best, bestQ := "", 0.0
	for _, t := range offered {
		if q := quality(accept, t); q > bestQ {
			best, bestQ = t, q
		}
	}
	return best, best != ""
}

// quality is the q of the most specific range of accept matching t.
func quality(accept, t string) float64 {
	q, specificity := 0.0, -1
	for _, r := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(r))
		if err != nil {
			continue
		}
		mt = strings.Replace(mt, ".latest+", ".v1+", 1)
		s := match(mt, t)
		if s < 0 || s < specificity {
			continue
		}
		v := 1.0
		if p, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(p, 64); err == nil {
				v = f
			}
		}
		q, specificity = v, s
	}
	return q
}

// match says how specifically a media range matches t: 2 exact, 1
// "type/*", 0 "*/*", -1 no match.
func match(rng, t string) int {
	switch {
	case rng == t:
		return 2
	case rng == "*/*":
		return 0
	case strings.HasSuffix(rng, "/*") && strings.HasPrefix(t, strings.TrimSuffix(rng, "*")):
		return 1
	}
	return -1
}
