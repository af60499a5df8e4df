package fetch

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// OfflineError reports a file that is not in the cache when the client may
// not use the network.
type OfflineError struct {
	URL string // without credentials
	// Bad, if set, says why the cached copy was refused: the cache path
	// and the check it failed.
	Bad string
}

func (e *OfflineError) Error() string {
	if e.Bad != "" {
		return "fetching " + e.URL + ": " + e.Bad + "; run once without --offline to fetch it again"
	}
	return "fetching " + e.URL + ": not in the cache; run once without --offline"
}

// StatusError reports an HTTP response that is not the file: an error
// status, or an HTML page where a file was expected.
type StatusError struct {
	URL        string // without credentials
	StatusCode int
	Status     string // "404 Not Found"
	// HTML: the server sent an HTML page (an error page, a login form, a
	// captive portal).
	HTML bool

	retryAfter time.Duration // the server's Retry-After, if any
}

func (e *StatusError) Error() string {
	if e.StatusCode/100 == 2 && e.HTML {
		return "fetching " + e.URL + ": the server sent an HTML page instead of the file; check the URL, or whether a proxy or captive portal answered"
	}
	s := "fetching " + e.URL + ": " + e.Status
	if e.HTML {
		s += " (an HTML error page)"
	}
	return s
}

// retryable: the server may answer differently if asked again.
func (e *StatusError) retryable() bool {
	return e.StatusCode == http.StatusRequestTimeout || e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// statusError describes resp, an answer that is not what was asked for, as
// a *StatusError, keeping the server's Retry-After for Retrier.
func statusError(s source, resp *http.Response) *StatusError {
	status := resp.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return &StatusError{
		URL: s.String(), StatusCode: resp.StatusCode, Status: status,
		HTML: isHTML(resp), retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
}

func isHTML(resp *http.Response) bool {
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// transientError marks a failure worth another attempt: the network, a cut
// or stalled body.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// networkError makes an error of http.Client.Do readable and transient. Do
// wraps causes in a *url.Error that repeats the method and URL; the caller
// already names the URL.
func networkError(s source, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &transientError{fmt.Errorf("fetching %s: %w", s, err)}
}
