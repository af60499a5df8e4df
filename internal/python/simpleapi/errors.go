package simpleapi

import (
	"errors"
	"strconv"
	"strings"
)

// NotFoundError reports a project that no index and no --find-links
// location has.
type NotFoundError struct {
	Name      string   // as asked for
	Indexes   []string // without credentials
	FindLinks []string
}

func (e *NotFoundError) Error() string {
	var where []string
	if len(e.Indexes) > 0 {
		where = append(where, "on "+strings.Join(e.Indexes, ", "))
	}
	if len(e.FindLinks) > 0 {
		where = append(where, "in --find-links "+strings.Join(e.FindLinks, ", "))
	}
	advice := "check the name, or add --extra-index-url"
	if len(e.Indexes) == 0 {
		advice = "check the name, or add an index with --index-url"
	}
	return "package " + strconv.Quote(e.Name) + " not found " + strings.Join(where, " or ") + " (" + advice + ")"
}

// ErrNoMetadata is returned (wrapped) by Metadata for a file whose index
// offers no core metadata file with a sha256: the caller fetches the
// distribution itself instead.
var ErrNoMetadata = errors.New("the index offers no core metadata file (PEP 658) with a sha256 for it; fetch the distribution instead")

// errNotFound: an index answered 404 or 410 for a project page.
var errNotFound = errors.New("not found")

// errNotSimplePage: an HTML answer without a single link and without
// PEP 629's version tag, which is an error page, not a project page.
var errNotSimplePage = errors.New("the index answered with an HTML page that lists no files and is not a simple API page (an error page, a login form or a proxy?); check the index URL and credentials")
