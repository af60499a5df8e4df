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
		"package in no layer":   {func(p *Plan) { p.Platforms[0].Layers[0].Packages = nil }, "in 0 layers"},
		"package in two layers": {func(p *Plan) { p.Platforms[0].Layers = append(p.Platforms[0].Layers, p.Platforms[0].Layers[0]) }, "in 2 layers"},
		"unknown package":       {func(p *Plan) { p.Platforms[0].Layers[0].Packages = append(p.Platforms[0].Layers[0].Packages, "x-1") }, "x-1 is not among"},
		"wheel without hash":    {func(p *Plan) { p.Platforms[0].Wheels[0].SHA256 = "" }, "no sha256"},
		"build without root":    {func(p *Plan) { p.Platforms[0].Wheels[0] = sourceWheel() }, "buildRoot must be given"},
		"root without build":    {func(p *Plan) { p.Platforms[0].BuildRoot = buildRoot(p) }, "buildRoot must be given"},
		"root of another arch": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].BuildRoot.Arch = "aarch64"
		}, "buildRoot: arch"},
		"sdist without hash": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].Wheels[0].Build.SHA256 = ""
		}, "no sha256"},
		"built wheel with a file": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].Wheels[0].Filename = "x-1-py3-none-any.whl"
		}, "before it is built"},
		"build kind": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].Wheels[0].Build.Kind = "hg"
		}, "build kind"},
		"git without a commit": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].Wheels[0].Build = &SourceBuild{Kind: SourceGit, URL: "https://git.example/x.git", Commit: "main"}
		}, "full commit id"},
		"directory outside": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].Wheels[0].Build = &SourceBuild{Kind: SourceDirectory, Path: "/etc"}
		}, "build path"},
		"directory file escapes": {func(p *Plan) {
			p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
			p.Platforms[0].Wheels[0].Build = &SourceBuild{Kind: SourceDirectory, Path: "lib", Files: []AppFile{{Path: "../x", Type: "file", Mode: "0644"}}}
		}, "not a relative path"},
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

// sourceWheel replaces samplePlan's first wheel by the same built from an
// sdist.
func sourceWheel() Wheel {
	p := samplePlan()
	w := p.Platforms[0].Wheels[0]
	return Wheel{Name: w.Name, Version: w.Version, Source: w.Source, Build: &SourceBuild{Kind: SourceSdist,
		Filename: w.Name + "-" + w.Version + ".tar.gz", URL: "https://files.example/" + w.Name + "-" + w.Version + ".tar.gz",
		SHA256: strings.Repeat("ab", 32), Size: 1234}}
}

func buildRoot(p *Plan) *OS {
	br := *p.Platforms[0].OS
	br.World = []string{"python-3.12", "python-3.12-dev", "build-base"}
	return &br
}

func TestVerifyAcceptsSourceBuild(t *testing.T) {
	p := samplePlan()
	p.Platforms[0].Wheels[0], p.Platforms[0].BuildRoot = sourceWheel(), buildRoot(p)
	if err := Verify(p); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteText(&b, p); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"built from " + p.Platforms[0].Wheels[0].Build.Filename, "python-3.12 python-3.12-dev build-base  1 packages"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text plan lacks %q:\n%s", want, b.String())
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
