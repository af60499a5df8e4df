package faultproxy

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Proxy forwards every request to one upstream server, spoiling the
// responses its rules match.
type Proxy struct {
	// URL is the proxy's base URL ("http://127.0.0.1:port").
	URL string
	// Host is URL's host:port.
	Host string

	upstream string
	client   *http.Client
	closing  chan struct{}

	mu       sync.Mutex
	rules    []*Rule
	requests map[string]int // by method and path
	ranged   map[string]int // requests with a Range header, by path
}

// New starts a Proxy on 127.0.0.1 for upstream ("http://host:port"), closed
// when the test ends. The Host header is passed on as the client sent it,
// so a registry's Location headers point back through the proxy.
func New(t testing.TB, upstream string) *Proxy {
	t.Helper()
	p := &Proxy{
		upstream: upstream, closing: make(chan struct{}), requests: map[string]int{}, ranged: map[string]int{},
		client: &http.Client{
			Transport:     &http.Transport{Proxy: nil, DisableCompression: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on loopback: %v", err)
	}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(p.serve))
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	// Cleanups run last-in first-out: stalled handlers are released
	// before Close waits for them.
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(p.closing) })
	p.URL = ts.URL
	p.Host = l.Addr().String()
	return p
}

// Inject adds a rule: requests with method (any if "") whose URL path
// matches the regular expression path get f. The first matching rule
// applies.
func (p *Proxy) Inject(method, path string, f Fault) *Rule {
	r := &Rule{method: method, path: regexp.MustCompile(path), fault: f, first: make(chan struct{})}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = append(p.rules, r)
	return r
}

// Clear removes every rule: from now on the proxy passes everything.
func (p *Proxy) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range p.rules {
		r.mu.Lock()
		r.removed = true
		r.mu.Unlock()
	}
	p.rules = nil
}

// Requests is how many requests with method whose path matches the
// regular expression path the proxy has had.
func (p *Proxy) Requests(method, path string) int {
	re := regexp.MustCompile(path)
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for k, c := range p.requests {
		m, pth, _ := strings.Cut(k, " ")
		if (method == "" || m == method) && re.MatchString(pth) {
			n += c
		}
	}
	return n
}

// RangeRequests is how many requests for a path matching the regular
// expression path asked for a byte range: resumed downloads.
func (p *Proxy) RangeRequests(path string) int {
	re := regexp.MustCompile(path)
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for pth, c := range p.ranged {
		if re.MatchString(pth) {
			n += c
		}
	}
	return n
}

func (p *Proxy) rule(req *http.Request) *Rule {
	p.mu.Lock()
	p.requests[req.Method+" "+req.URL.Path]++
	if req.Header.Get("Range") != "" {
		p.ranged[req.URL.Path]++
	}
	rules := p.rules
	p.mu.Unlock()
	for _, r := range rules {
		if r.take(req) {
			return r
		}
	}
	return nil
}

func (p *Proxy) serve(w http.ResponseWriter, req *http.Request) {
	r := p.rule(req)
	if r != nil && r.fault.Kind == Hang {
		p.wait(req)
		panic(http.ErrAbortHandler)
	}
	if r != nil && r.fault.Kind == Reset {
		panic(http.ErrAbortHandler)
	}
	if r != nil && r.fault.Kind == Status {
		_, _ = io.Copy(io.Discard, req.Body)
		for k, v := range r.fault.Header {
			w.Header()[k] = v
		}
		http.Error(w, http.StatusText(r.fault.Code), r.fault.Code)
		return
	}
	resp, err := p.forward(req)
	if err != nil {
		http.Error(w, "faultproxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	if r == nil {
		if resp.ContentLength >= 0 {
			w.Header().Set("Content-Length", strconv.FormatInt(resp.ContentLength, 10))
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		return
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	p.spoil(w, req, resp.StatusCode, body, r.fault.Kind)
}

// forward sends req to the upstream as it came.
func (p *Proxy) forward(req *http.Request) (*http.Response, error) {
	out, err := http.NewRequestWithContext(req.Context(), req.Method, p.upstream+req.URL.RequestURI(), req.Body)
	if err != nil {
		return nil, err
	}
	out.Header = req.Header.Clone()
	out.Header.Del("Connection")
	out.Host = req.Host
	out.ContentLength = req.ContentLength
	if req.ContentLength == 0 {
		out.Body = http.NoBody
	}
	return p.client.Do(out)
}

// spoil writes body, answered with code, spoilt the way k says.
func (p *Proxy) spoil(w http.ResponseWriter, req *http.Request, code int, body []byte, k Kind) {
	half := len(body) / 2
	switch k {
	case Drop, Stall:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(code)
		_, _ = w.Write(body[:half])
		http.NewResponseController(w).Flush()
		if k == Stall {
			p.wait(req)
		}
		panic(http.ErrAbortHandler)
	case LongLength:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+1024))
		w.WriteHeader(code)
		_, _ = w.Write(body)
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	case ShortLength:
		body = body[:half]
	case Corrupt:
		body = bytes.Clone(body)
		if len(body) > 0 {
			body[half] ^= 0x55
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// wait blocks until the client goes or the proxy closes.
func (p *Proxy) wait(req *http.Request) {
	select {
	case <-p.closing:
	case <-req.Context().Done():
	}
}
