package build

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/usage"

	"github.com/google/go-containerregistry/pkg/v1/layout"

	"github.com/pyko-dev/pyko/internal/apk/index"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// servedOptions are osOptions with the tiny repository served over HTTP,
// so that requests can be counted.
func servedOptions(t *testing.T, proj string) (Options, *apkrepo.Server) {
	repo, keyPath, _ := tinyRepo(t)
	srv := apkrepo.Serve(t, repo)
	o := osOptions(t, srv.URL, keyPath, proj)
	return o, srv
}

func apkDownloads(srv *apkrepo.Server, names ...string) int {
	n := 0
	for _, name := range names {
		n += srv.Requests("/x86_64/" + name)
	}
	return n
}

func TestPlanReadsOnlyMetadata(t *testing.T) {
	proj, idx := pyProject(t)
	o, srv := servedOptions(t, proj)
	o.LargePackage = 10 << 10
	first, err := Plan(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Plan(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := plan.Marshal(first)
	b, _ := plan.Marshal(second)
	if !bytes.Equal(a, b) {
		t.Fatalf("two plans differ:\n%s\n%s", a, b)
	}
	if idx.FileRequests() != 0 {
		t.Errorf("planning downloaded %d wheels", idx.FileRequests())
	}
	if n := apkDownloads(srv, "glibc-2.36-r0.apk", "python-3.12-3.12.4-r0.apk", "wolfi-baselayout-20230201-r0.apk"); n != 0 {
		t.Errorf("planning downloaded %d packages", n)
	}
	p := first.Platforms[0]
	var pkgs []string
	for _, pk := range p.OS.Packages {
		pkgs = append(pkgs, pk.Name)
	}
	slices.Sort(pkgs)
	if !slices.Equal(pkgs, []string{"ca-certificates-bundle", "glibc", "python-3.12", "wolfi-baselayout"}) {
		t.Errorf("OS packages %q", pkgs)
	}
	if len(p.Wheels) != 2 || p.Wheels[0].Name != "big-dep" || p.Wheels[0].Tag != "cp312-cp312-manylinux_2_17_x86_64" {
		t.Errorf("wheels %+v", p.Wheels)
	}
	if p.Target.Python != "3.12.4" || p.Target.Glibc != "2.36" || p.Config.Entrypoint[0] != "/app/venv/bin/python" {
		t.Errorf("target %+v config %+v", p.Target, p.Config)
	}
	for _, s := range []string{`"schemaVersion": 2`, `"tag": "py3-none-any"`, `"kind": "app"`} {
		if !strings.Contains(string(a), s) {
			t.Errorf("plan JSON lacks %s", s)
		}
	}
}

func TestPlanMatchesBuild(t *testing.T) {
	proj, _ := pyProject(t)
	o, _ := servedOptions(t, proj)
	o.LargePackage = 10 << 10
	o.PlanFile = filepath.Join(t.TempDir(), "plan.json")
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Plan(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := plan.Marshal(p)
	if got, _ := os.ReadFile(o.PlanFile); !bytes.Equal(got, want) {
		t.Fatalf("--plan-file differs from pyko plan:\n%s\n%s", got, want)
	}
	lidx, err := layout.ImageIndexFromPath(strings.TrimSuffix(strings.TrimPrefix(o.Outputs[0], "oci:"), ":app"))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := lidx.Image(res.Digest)
	ls, _ := img.Layers()
	if len(ls) != len(p.Platforms[0].Layers) {
		t.Fatalf("%d layers built, %d planned", len(ls), len(p.Platforms[0].Layers))
	}
	var db []byte
	distInfos := map[string]bool{}
	for _, l := range ls {
		rc, _ := l.Uncompressed()
		tr := tar.NewReader(rc)
		for {
			h, err := tr.Next()
			if err != nil {
				break
			}
			if h.Name == "usr/lib/apk/db/installed" || h.Name == "lib/apk/db/installed" {
				db, _ = io.ReadAll(tr)
			}
			if dir := filepath.Dir(h.Name); strings.HasSuffix(dir, ".dist-info") {
				distInfos[filepath.Base(dir)] = true
			}
		}
		rc.Close()
	}
	installed, err := index.Parse(bytes.NewReader(db))
	if err != nil {
		t.Fatal(err)
	}
	var got, planned []string
	for _, pk := range installed {
		got = append(got, pk.Name+"-"+pk.Version)
	}
	for _, pk := range p.Platforms[0].OS.Packages {
		planned = append(planned, pk.Name+"-"+pk.Version)
	}
	slices.Sort(got)
	slices.Sort(planned)
	if !slices.Equal(got, planned) {
		t.Errorf("installed %q, planned %q", got, planned)
	}
	var wantDist []string
	for _, w := range p.Platforms[0].Wheels {
		wantDist = append(wantDist, strings.ReplaceAll(w.Name, "-", "_")+"-"+w.Version+".dist-info")
	}
	var gotDist []string
	for d := range distInfos {
		gotDist = append(gotDist, d)
	}
	slices.Sort(wantDist)
	slices.Sort(gotDist)
	if !slices.Equal(gotDist, wantDist) {
		t.Errorf("dist-infos %q, planned %q", gotDist, wantDist)
	}
}

func TestPlanErrorsAreBuildErrors(t *testing.T) {
	proj, idx := pyProject(t)
	os.WriteFile(filepath.Join(proj, "requirements.txt"), []byte("--index-url "+idx.IndexURL()+"\ntiny-dep>=99\n"), 0o644)
	o, _ := servedOptions(t, proj)
	_, perr := Plan(context.Background(), quiet(), o)
	_, berr := Run(context.Background(), quiet(), o)
	if perr == nil || berr == nil || perr.Error() != berr.Error() || usage.Is(perr) != usage.Is(berr) {
		t.Fatalf("plan: %v\nbuild: %v", perr, berr)
	}
}
