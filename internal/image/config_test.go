package image

import (
	"slices"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestConfigEnv(t *testing.T) {
	base := &v1.ConfigFile{Config: v1.Config{
		Env: []string{"PATH=/usr/local/bin:/usr/bin", "LANG=en_US", "KEEP=1"},
		Cmd: []string{"python3"},
	}}
	spec := Spec{
		User: "65532:65532", WorkingDir: "/app", Entrypoint: []string{"/usr/bin/python3.11", "/app/main.py"},
		PathPrefix: "/app/venv/bin", Env: []string{"KEEP=2", "EXTRA=x"}, Created: time.Unix(10, 0),
		Labels: map[string]string{"a": "b"},
	}
	cf := configOf(base, spec, &Facts{CABundle: true})
	want := []string{
		"PATH=/app/venv/bin:/usr/local/bin:/usr/bin", "LANG=C.UTF-8", "KEEP=2",
		"PYTHONUNBUFFERED=1", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", "EXTRA=x",
	}
	if !slices.Equal(cf.Config.Env, want) {
		t.Errorf("env = %q\nwant %q", cf.Config.Env, want)
	}
	if cf.Config.Cmd != nil || cf.Config.User != "65532:65532" || cf.Config.WorkingDir != "/app" || cf.Config.Labels["a"] != "b" {
		t.Errorf("config = %+v", cf.Config)
	}
	if base.Config.Env[1] != "LANG=en_US" {
		t.Error("Config changed its input")
	}
	if !cf.Created.Equal(time.Unix(10, 0)) {
		t.Errorf("created = %v", cf.Created)
	}
}

func TestConfigNoCABundleNoPath(t *testing.T) {
	cf := configOf(&v1.ConfigFile{}, Spec{PathPrefix: "/app/venv/bin"}, &Facts{})
	if slices.ContainsFunc(cf.Config.Env, func(s string) bool { return s[:4] == "SSL_" }) {
		t.Errorf("SSL_CERT_FILE without a bundle: %q", cf.Config.Env)
	}
	if cf.Config.Env[0] != "PATH=/app/venv/bin:"+DefaultPath {
		t.Errorf("PATH = %q", cf.Config.Env[0])
	}
}

func TestInterpreter(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"/usr/bin/python3.9", "/usr/bin/python3.11"}, "/usr/bin/python3.11"},
		{[]string{"/usr/local/bin/python3.12", "/usr/bin/python3.11"}, "/usr/local/bin/python3.12"},
		{[]string{"/usr/local/bin/python3.11", "/usr/bin/python3.11"}, "/usr/bin/python3.11"},
	}
	for _, tt := range tests {
		got, _ := (&Facts{Interpreters: tt.in}).Interpreter()
		if got != tt.want {
			t.Errorf("Interpreter(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// configOf is base's config with spec applied, its environment completed
// by Env as the planner does.
func configOf(base *v1.ConfigFile, spec Spec, facts *Facts) *v1.ConfigFile {
	spec.Env = Env(base.Config.Env, spec, facts)
	return Apply(base, spec)
}
