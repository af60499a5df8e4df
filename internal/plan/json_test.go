package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/target"
)

func samplePlan() *Plan {
	return &Plan{SchemaVersion: SchemaVersion, Project: Project{Name: "app", Version: "1"},
		Layers: LayerFormat{Compression: "gzip"},
		App:    App{Dir: "/app", Files: []AppFile{{Path: "main.py", Type: "file", Mode: "0644", Size: 1, SHA256: strings.Repeat("a", 64)}}},
		Platforms: []Platform{{Platform: "linux/amd64", Target: target.Target{Machine: "x86_64", APKArch: "x86_64"},
			OS:     &OS{Arch: "x86_64", Packages: []OSPackage{{Name: "glibc", Version: "2.36-r0", Checksum: "Q1x"}}},
			Wheels: []Wheel{{Name: "flask", Version: "3.0", Filename: "flask-3.0-py3-none-any.whl", SHA256: strings.Repeat("b", 64)}},
			Layers: []Layer{{Kind: KindOS, Packages: []string{"glibc-2.36-r0"}}, {Kind: KindPython, Venv: "/app/venv", Wheels: []string{"flask==3.0"}}, {Kind: KindApp}}}}}
}

func TestMarshalReadRoundTrip(t *testing.T) {
	data, err := Marshal(samplePlan())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Marshal(p)
	if !bytes.Equal(data, again) {
		t.Errorf("a plan read back marshals differently:\n%s\n%s", data, again)
	}
	if err := Verify(p); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestReadRefuses(t *testing.T) {
	good, _ := Marshal(samplePlan())
	for name, tt := range map[string]struct {
		data []byte
		want string
	}{
		"edited":        {bytes.Replace(good, []byte(`"name": "app"`), []byte(`"name": "ap2"`), 1), "changed after pyko wrote it"},
		"unknown field": {bytes.Replace(good, []byte(`"schemaVersion": 2,`), []byte(`"schemaVersion": 2, "extra": 1,`), 1), "unknown field"},
		"old schema":    {bytes.Replace(good, []byte(`"schemaVersion": 2`), []byte(`"schemaVersion": 1`), 1), "schemaVersion 1"},
		"not json":      {[]byte("flask==3.0\n"), "not a pyko plan"},
		"two values":    {append(bytes.Clone(good), good...), "not a pyko plan"},
	} {
		if _, err := Read(bytes.NewReader(tt.data)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tt.want)
		}
	}
}

func TestVerifyRefuses(t *testing.T) {
	for name, tt := range map[string]struct {
		edit func(p *Plan)
		want string
	}{
		"package in no layer":    {func(p *Plan) { p.Platforms[0].Layers[0].Packages = nil }, "in 0 layers"},
		"package in two layers":  {func(p *Plan) { p.Platforms[0].Layers = append(p.Platforms[0].Layers, p.Platforms[0].Layers[0]) }, "in 2 layers"},
		"unknown package":        {func(p *Plan) { p.Platforms[0].Layers[0].Packages = append(p.Platforms[0].Layers[0].Packages, "x-1") }, "x-1 is not among"},
		"wheel without hash":     {func(p *Plan) { p.Platforms[0].Wheels[0].SHA256 = "" }, "no sha256"},
		"source build":           {func(p *Plan) { p.Platforms[0].Wheels[0].Build = &SourceBuild{Sdist: "x.tar.gz"} }, "from source"},
		"build root":             {func(p *Plan) { p.Platforms[0].BuildRoot = &BuildRoot{} }, "build root"},
		"app path escapes":       {func(p *Plan) { p.App.Files[0].Path = "../etc/passwd" }, "not a relative path"},
		"absolute app path":      {func(p *Plan) { p.App.Files[0].Path = "/etc/passwd" }, "not a relative path"},
		"bad mode":               {func(p *Plan) { p.App.Files[0].Mode = "rwx" }, "octal"},
		"target of another arch": {func(p *Plan) { p.Platforms[0].Target.Machine = "aarch64" }, "do not match"},
		"os arch":                {func(p *Plan) { p.Platforms[0].OS.Arch = "aarch64" }, "os.arch"},
		"base and os":            {func(p *Plan) { p.Platforms[0].Base = &Base{Reference: "x", Digest: "sha256:1"} }, "exactly one"},
		"compression":            {func(p *Plan) { p.Layers.Compression = "xz" }, "gzip or zstd"},
		"layer kind":             {func(p *Plan) { p.Platforms[0].Layers[2].Kind = "extra" }, "unknown kind"},
	} {
		p := samplePlan()
		tt.edit(p)
		if err := Verify(p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tt.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	good, _ := Marshal(samplePlan())
	f.Add(good)
	f.Add([]byte(`{"schemaVersion": 2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		// A plan Read accepts is sealed: it marshals back to a plan that
		// Read accepts again.
		again, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Read(bytes.NewReader(again)); err != nil {
			t.Fatalf("a plan read back is refused: %v", err)
		}
		_ = Verify(p)
	})
}
