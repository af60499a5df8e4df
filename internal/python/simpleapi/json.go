package simpleapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// jsonPage is a PEP 691 project page.
type jsonPage struct {
	name  string
	files []File
}

// jsonFile is one entry of "files", with the fields of several types as
// raw JSON: "yanked" is a bool or a reason, "core-metadata" a bool or
// hashes.
type jsonFile struct {
	Filename         string            `json:"filename"`
	URL              string            `json:"url"`
	Hashes           map[string]string `json:"hashes"`
	RequiresPython   *string           `json:"requires-python"`
	CoreMetadata     json.RawMessage   `json:"core-metadata"`
	DistInfoMetadata json.RawMessage   `json:"dist-info-metadata"`
	Yanked           json.RawMessage   `json:"yanked"`
	Size             *int64            `json:"size"`
	UploadTime       *string           `json:"upload-time"`
}

// parseJSON reads a PEP 691 project page served at pageURL. Spec traps
// handled: meta.api-version must be 1.x (a newer minor is fine); "url" may
// be relative to the page; "yanked" is false, true or a reason string;
// "core-metadata" (PEP 714) replaces "dist-info-metadata" and either may be
// a bool or a hash object; "hashes" may be empty; PEP 700's "size" and
// "upload-time" are optional before api-version 1.1.
func parseJSON(r io.Reader, pageURL string) (*jsonPage, error) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("parsing the page URL: %w", err)
	}
	var doc struct {
		Meta struct {
			APIVersion string `json:"api-version"`
		} `json:"meta"`
		Name  string     `json:"name"`
		Files []jsonFile `json:"files"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, err
	}
	if major, _, _ := strings.Cut(doc.Meta.APIVersion, "."); major != "1" {
		return nil, fmt.Errorf("meta.api-version is %q; pyko reads version 1 of the simple API", doc.Meta.APIVersion)
	}
	p := &jsonPage{name: doc.Name, files: make([]File, 0, len(doc.Files))}
	for i, jf := range doc.Files {
		f, err := jf.file(base)
		if err != nil {
			return nil, fmt.Errorf("file %d (%q): %w", i, jf.Filename, err)
		}
		p.files = append(p.files, f)
	}
	return p, nil
}

func (jf *jsonFile) file(base *url.URL) (File, error) {
	if !validFilename(jf.Filename) {
		return File{}, fmt.Errorf("filename %q is not a file name", jf.Filename)
	}
	if jf.URL == "" {
		return File{}, fmt.Errorf("no url")
	}
	u, err := base.Parse(jf.URL)
	if err != nil {
		return File{}, fmt.Errorf("url %q: %w", jf.URL, err)
	}
	if !allowedScheme(u.Scheme, base.Scheme == "file") {
		return File{}, fmt.Errorf("url %q: scheme %q is not allowed here", jf.URL, u.Scheme)
	}
	u.Fragment, u.RawFragment, u.User = "", "", nil
	f := File{Filename: jf.Filename, URL: u.String()}
	if f.Hashes, err = checkHashes(jf.Hashes); err != nil {
		return File{}, err
	}
	if jf.RequiresPython != nil {
		f.RequiresPython = strings.TrimSpace(*jf.RequiresPython)
	}
	if jf.Size != nil {
		if *jf.Size < 0 {
			return File{}, fmt.Errorf("size %d is negative", *jf.Size)
		}
		f.Size = *jf.Size
	}
	if jf.UploadTime != nil {
		f.UploadTime = *jf.UploadTime
	}
	if f.Yanked, f.YankedReason, err = yanked(jf.Yanked); err != nil {
		return File{}, err
	}
	meta := jf.CoreMetadata
	if isAbsent(meta) {
		meta = jf.DistInfoMetadata
	}
	if f.CoreMetadata, f.MetadataHashes, err = coreMetadata(meta); err != nil {
		return File{}, err
	}
	return f, nil
}

func isAbsent(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// yanked reads "yanked": absent, a bool, or a reason (yanked).
func yanked(raw json.RawMessage) (bool, string, error) {
	if isAbsent(raw) {
		return false, "", nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, "", nil
	}
	var reason string
	if err := json.Unmarshal(raw, &reason); err != nil {
		return false, "", fmt.Errorf("yanked is %s, neither a bool nor a string", raw)
	}
	return true, reason, nil
}

// coreMetadata reads "core-metadata": absent, a bool, or hashes.
func coreMetadata(raw json.RawMessage) (bool, map[string]string, error) {
	if isAbsent(raw) {
		return false, nil, nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, nil, nil
	}
	var hashes map[string]string
	if err := json.Unmarshal(raw, &hashes); err != nil {
		return false, nil, fmt.Errorf("core-metadata is %s, neither a bool nor hashes", raw)
	}
	h, err := checkHashes(hashes)
	if err != nil {
		return false, nil, fmt.Errorf("core-metadata: %w", err)
	}
	return true, h, nil
}
