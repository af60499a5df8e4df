package insecure

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		entries Registries
		addr    string
		want    bool
	}{
		{Registries{"reg.example:5000"}, "reg.example:5000", true},
		{Registries{"reg.example:5000"}, "reg.example:5001", false},
		{Registries{"reg.example:5000"}, "reg.example", false},
		{Registries{"reg.example"}, "reg.example", true},
		{Registries{"reg.example"}, "reg.example:5000", true},
		{Registries{"reg.example"}, "other.example:5000", false},
		{Registries{"reg.example"}, "sub.reg.example", false},
		{Registries{"REG.Example:5000"}, "reg.example:5000", true},
		{Registries{"reg.example"}, "REG.EXAMPLE:443", true},
		{Registries{"127.0.0.1:1"}, "127.0.0.1:2", false},
		{Registries{"127.0.0.1"}, "127.0.0.1:2", true},
		{Registries{"::1"}, "[::1]:5000", true},
		{Registries{"[::1]"}, "[::1]:5000", true},
		{Registries{"[::1]:5000"}, "[::1]:5000", true},
		{Registries{"[::1]:5000"}, "[::1]:5001", false},
		{Registries{"docker.io"}, "index.docker.io", true},
		{Registries{"index.docker.io"}, "docker.io", true},
		{Registries{"a", "b:1"}, "b:1", true},
		{Registries{}, "reg.example", false},
		{nil, "", false},
		{Registries{""}, "", false},
		{Registries{":5000"}, "reg.example:5000", false},
		{Registries{"reg.example"}, "", false},
	}
	for _, tt := range tests {
		if got := tt.entries.Match(tt.addr); got != tt.want {
			t.Errorf("%q.Match(%q) = %v, want %v", tt.entries, tt.addr, got, tt.want)
		}
	}
}

func TestNameOptions(t *testing.T) {
	r := Registries{"reg.example:5000", "docker.io", "other.example"}
	tests := []struct {
		ref    string
		scheme string
	}{
		{"reg.example:5000/app:1", "http"},
		{"reg.example:5001/app:1", "https"},
		{"other.example:8443/a/b@sha256:0000000000000000000000000000000000000000000000000000000000000000", "http"},
		{"python:3.12", "http"},
		{"docker.io/library/python:3.12", "http"},
		{"ghcr.io/me/app", "https"},
		// A repository named like a listed host is not that registry.
		{"other.example/app", "http"},
		{"reg.example/app", "https"},
	}
	for _, tt := range tests {
		ref, err := name.ParseReference(tt.ref, r.NameOptions(tt.ref)...)
		if err != nil {
			t.Fatal(err)
		}
		if got := ref.Context().Scheme(); got != tt.scheme {
			t.Errorf("NameOptions(%q): scheme %s, want %s", tt.ref, got, tt.scheme)
		}
	}
	if opts := r.NameOptions("Not A Reference"); opts != nil {
		t.Errorf("NameOptions of a bad reference = %v", opts)
	}
}

// TestLoopbackIsHTTP pins go-containerregistry's rule that the package doc
// states: these registries fall back to plain HTTP without being listed.
func TestLoopbackIsHTTP(t *testing.T) {
	tests := []struct {
		registry, scheme string
	}{
		{"localhost:5000", "http"},
		{"registry.localhost", "http"},
		{"127.0.0.1", "http"},
		{"127.0.0.1:5000", "http"},
		{"[::1]:5000", "http"},
		{"10.1.2.3:5000", "http"},
		{"192.168.1.1", "http"},
		{"localhost", "https"},
		{"reg.example:5000", "https"},
	}
	for _, tt := range tests {
		reg, err := name.NewRegistry(tt.registry)
		if err != nil {
			t.Fatal(err)
		}
		if got := reg.Scheme(); got != tt.scheme {
			t.Errorf("%s: scheme %s, want %s", tt.registry, got, tt.scheme)
		}
	}
}

func TestTransport(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer s.Close()
	host := s.Listener.Addr().String()
	tests := []struct {
		r      Registries
		wantOK bool
	}{
		{nil, false},
		{Registries{"other.example"}, false},
		{Registries{host}, true},
		{Registries{"127.0.0.1"}, true},
		{Registries{"127.0.0.1:1"}, false},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, s.URL, nil)
		resp, err := tt.r.Transport(remote.DefaultTransport).RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		if (err == nil) != tt.wantOK {
			t.Errorf("%q: error %v, want ok %v", tt.r, err, tt.wantOK)
		}
	}
	custom := http.RoundTripper(&http.Transport{})
	if got := (Registries{host}).Transport(custom); got == custom {
		t.Error("a custom *http.Transport was not wrapped")
	}
}
