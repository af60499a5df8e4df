package project

import (
	"reflect"
	"strings"
	"testing"
)

func TestConfig(t *testing.T) {
	tests := []struct {
		name    string
		doc     string // the [tool.pyko] table
		want    Config
		wantErr string
	}{
		{name: "absent"},
		{
			name: "all keys",
			doc: `base = "cgr.dev/chainguard/wolfi-base"
tags = ["ghcr.io/me/app:1.2"]
platforms = ["linux/amd64", "linux/arm64"]
user = "65532:65532"
entrypoint = "-m app"
env = { PORT = "8080" }
labels = { "org.opencontainers.image.title" = "app" }
compression = "zstd"
outputs = ["oci:out/"]
python = "3.12"
`,
			want: Config{
				Base:        "cgr.dev/chainguard/wolfi-base",
				Tags:        []string{"ghcr.io/me/app:1.2"},
				Platforms:   []string{"linux/amd64", "linux/arm64"},
				User:        "65532:65532",
				Entrypoint:  "-m app",
				Env:         map[string]string{"PORT": "8080"},
				Labels:      map[string]string{"org.opencontainers.image.title": "app"},
				Compression: "zstd",
				Outputs:     []string{"oci:out/"},
				Python:      "3.12",
			},
		},
		{
			name: "entrypoint array",
			doc:  `entrypoint = ["/app/venv/bin/serve", "--port", "8080"]`,
			want: Config{Entrypoint: []string{"/app/venv/bin/serve", "--port", "8080"}},
		},
		{
			name:    "unknown key",
			doc:     `bsae = "x"`,
			wantErr: `unknown key "bsae" in [tool.pyko] of /proj/pyproject.toml; known keys: annotations, base, build-packages, build-timeout, cache-repo, compression, entrypoint, env,`,
		},
		{
			name:    "unknown keys and table",
			doc:     "x = 1\n[tool.pyko.extra]\ny = 2\n",
			wantErr: `unknown keys "extra", "x" in [tool.pyko]`,
		},
		{
			name:    "tags a string",
			doc:     `tags = "latest"`,
			wantErr: "[tool.pyko] tags in /proj/pyproject.toml must be an array of strings, got string",
		},
		{
			name:    "tags with an integer",
			doc:     `tags = ["a", 1]`,
			wantErr: "[tool.pyko] tags in /proj/pyproject.toml must be an array of strings, got array of mixed types",
		},
		{
			name:    "env value an integer",
			doc:     `env = { PORT = 8080 }`,
			wantErr: "[tool.pyko] env.PORT in /proj/pyproject.toml must be a string, got integer",
		},
		{
			name:    "base a table",
			doc:     `base = { image = "x" }`,
			wantErr: "[tool.pyko] base in /proj/pyproject.toml must be a string, got table",
		},
		{
			name:    "entrypoint an integer",
			doc:     `entrypoint = 1`,
			wantErr: "[tool.pyko] entrypoint in /proj/pyproject.toml must be a string or an array of strings, got integer",
		},
		{
			name:    "entrypoint mixed array",
			doc:     `entrypoint = ["a", 2]`,
			wantErr: "[tool.pyko] entrypoint in /proj/pyproject.toml must be a string or an array of strings, got array of mixed types",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Project{Dir: "/proj"}
			if tt.doc != "" {
				pp, err := parsePyproject([]byte("[tool.pyko]\n" + tt.doc))
				if err != nil {
					t.Fatal(err)
				}
				p.Tool = pp.Tool
			}
			got, err := p.Config()
			errorContains(t, err, tt.wantErr)
			if err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Config() = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestConfigEntrypointSpec(t *testing.T) {
	tests := []struct {
		entrypoint any
		want       string
	}{
		{nil, ""},
		{"main.py", "main.py"},
		{[]string{"/bin/x", "a b"}, `["/bin/x","a b"]`},
	}
	for _, tt := range tests {
		if got := (Config{Entrypoint: tt.entrypoint}).EntrypointSpec(); got != tt.want {
			t.Errorf("EntrypointSpec(%#v) = %q, want %q", tt.entrypoint, got, tt.want)
		}
	}
}

// Every Config field must have a toml key, or it could never be set.
func TestConfigKeys(t *testing.T) {
	keys := configKeys()
	if n := reflect.TypeFor[Config]().NumField(); len(keys) != n {
		t.Errorf("configKeys() = %v, want %d keys", keys, n)
	}
	for _, k := range keys {
		if k == "" || strings.ToLower(k) != k {
			t.Errorf("key %q: want a lowercase flag name", k)
		}
	}
}
