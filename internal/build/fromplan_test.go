package build

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/usage"
)

// fromPlanOptions are the options of a --from-plan build of plan into a
// fresh output, with o's project, keys and cache.
func fromPlanOptions(t *testing.T, o Options, planFile string) Options {
	return Options{Dir: o.Dir, FromPlan: planFile, Keyrings: o.Keyrings, CacheDir: o.CacheDir, TempDir: t.TempDir(),
		Outputs: []string{"oci:" + filepath.Join(t.TempDir(), "out") + ":app"}}
}

func TestFromPlanBuildsThePlan(t *testing.T) {
	proj, idx := pyProject(t)
	o, srv := servedOptions(t, proj)
	o.LargePackage = 10 << 10
	o.PlanFile = filepath.Join(t.TempDir(), "plan.json")
	want, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	apks, pages := srv.TotalRequests(), idx.TotalRequests()
	fo := fromPlanOptions(t, o, o.PlanFile)
	fo.Keyrings = nil // the plan says where its keys are
	got, err := FromPlan(context.Background(), quiet(), fo)
	if err != nil {
		t.Fatal(err)
	}
	if got.Digest != want.Digest {
		t.Errorf("--from-plan built %s, pyko build %s", got.Digest, want.Digest)
	}
	if n := srv.Requests("/x86_64/APKINDEX.tar.gz"); n != 1 {
		t.Errorf("the APKINDEX was read %d times, want once (by the planning build)", n)
	}
	// The cache is warm, so the executor needs nothing from either server.
	if srv.TotalRequests() != apks || idx.TotalRequests() != pages {
		t.Errorf("--from-plan made %d APK and %d index requests", srv.TotalRequests()-apks, idx.TotalRequests()-pages)
	}
}

func TestFromPlanColdCacheReadsNoIndex(t *testing.T) {
	proj, idx := pyProject(t)
	o, srv := servedOptions(t, proj)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	p, err := Plan(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	writeTestPlan(t, planFile, p)
	index, pages := srv.Requests("/x86_64/APKINDEX.tar.gz"), idx.TotalRequests()-idx.FileRequests()
	fo := fromPlanOptions(t, o, planFile)
	fo.CacheDir = t.TempDir()
	if _, err := FromPlan(context.Background(), quiet(), fo); err != nil {
		t.Fatal(err)
	}
	if srv.Requests("/x86_64/APKINDEX.tar.gz") != index || idx.TotalRequests()-idx.FileRequests() != pages {
		t.Error("--from-plan read an APKINDEX or an index page")
	}
	if idx.FileRequests() != 2 || srv.Requests("/x86_64/glibc-2.36-r0.apk") != 1 {
		t.Errorf("%d wheel downloads, %d of glibc", idx.FileRequests(), srv.Requests("/x86_64/glibc-2.36-r0.apk"))
	}
}

func writeTestPlan(t *testing.T, path string, p *plan.Plan) {
	t.Helper()
	b, err := plan.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFromPlanRefusesATamperedPlan(t *testing.T) {
	proj, _ := pyProject(t)
	o, _ := servedOptions(t, proj)
	p, err := Plan(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := plan.Marshal(p)
	for _, tt := range []struct {
		name string
		// edit changes the plan; resealed plans are written with a valid
		// seal, as if by someone who recomputed it.
		edit     func(p *plan.Plan)
		raw      func(b []byte) []byte
		reseal   bool
		wantErrs []string
	}{
		{name: "hash edited by hand", raw: func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"sha256": "`), []byte(`"sha256": "0`), 1)
		}, wantErrs: []string{"changed after pyko wrote it"}},
		{name: "wheel hash changed and resealed", reseal: true, edit: func(p *plan.Plan) {
			p.Platforms[0].Wheels[0].SHA256 = strings.Repeat("a", 64)
		}, wantErrs: []string{"sha256"}},
		{name: "package checksum changed and resealed", reseal: true, edit: func(p *plan.Plan) {
			pk := &p.Platforms[0].OS.Packages[0]
			pk.Checksum = "Q1" + strings.Repeat("A", 26) + "A="
		}, wantErrs: []string{p.Platforms[0].OS.Packages[0].ID()}},
		{name: "package added without a layer", reseal: true, edit: func(p *plan.Plan) {
			extra := p.Platforms[0].OS.Packages[0]
			extra.Name = "busybox"
			p.Platforms[0].OS.Packages = append(p.Platforms[0].OS.Packages, extra)
		}, wantErrs: []string{"busybox", "in 0 layers"}},
		{name: "package added to a layer", reseal: true, edit: func(p *plan.Plan) {
			extra := p.Platforms[0].OS.Packages[0]
			extra.Name = "busybox"
			p.Platforms[0].OS.Packages = append(p.Platforms[0].OS.Packages, extra)
			p.Platforms[0].Layers[0].Packages = append(p.Platforms[0].Layers[0].Packages, extra.ID())
		}, wantErrs: []string{"busybox"}},
		{name: "wheel without hash", reseal: true, edit: func(p *plan.Plan) {
			p.Platforms[0].Wheels[0].SHA256 = ""
		}, wantErrs: []string{"no sha256"}},
		{name: "other schema", raw: func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"schemaVersion": 2`), []byte(`"schemaVersion": 1`), 1)
		}, wantErrs: []string{"schemaVersion 1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "plan.json")
			data := good
			if tt.raw != nil {
				data = tt.raw(bytes.Clone(good))
			}
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				q, err := plan.Read(bytes.NewReader(good))
				if err != nil {
					t.Fatal(err)
				}
				tt.edit(q)
				writeTestPlan(t, file, q)
			}
			fo := fromPlanOptions(t, o, file)
			fo.CacheDir = t.TempDir()
			_, err := FromPlan(context.Background(), quiet(), fo)
			if err == nil {
				t.Fatal("a tampered plan was built")
			}
			for _, w := range tt.wantErrs {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if ents, _ := os.ReadDir(filepath.Dir(strings.TrimSuffix(strings.TrimPrefix(fo.Outputs[0], "oci:"), ":app"))); len(ents) != 0 {
				t.Errorf("a failed build left %d files behind", len(ents))
			}
		})
	}
}

func TestFromPlanRefusesAChangedApp(t *testing.T) {
	proj, _ := pyProject(t)
	o, _ := servedOptions(t, proj)
	o.PlanFile = filepath.Join(t.TempDir(), "plan.json")
	if _, err := Run(context.Background(), quiet(), o); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "main.py"), []byte("print('HI')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := FromPlan(context.Background(), quiet(), fromPlanOptions(t, o, o.PlanFile))
	if err == nil || !strings.Contains(err.Error(), "main.py changed since the plan was made") {
		t.Fatalf("err = %v", err)
	}
}

func TestFromPlanRefusesShapingFlags(t *testing.T) {
	o := Options{Dir: t.TempDir(), FromPlan: "plan.json", FlagSet: func(f string) bool { return f == "python" }}
	_, err := FromPlan(context.Background(), quiet(), o)
	if !usage.Is(err) || !strings.Contains(err.Error(), "--python shapes the image") {
		t.Fatalf("err = %v", err)
	}
}

// TestDownloadSummary: a build ends with one line saying what it fetched
// and what the cache served (an APKINDEX, 2 index pages, 2 .metadata files
// read to check the lock holds every dependency, 4 APKs and 2 wheels); a
// second build fetches nothing: the 2 .metadata files come from the cache,
// the index and pages are revalidated (304), and no APK or wheel is read,
// the layers coming from the cache of finished layers.
func TestDownloadSummary(t *testing.T) {
	proj, _ := pyProject(t)
	o, _ := servedOptions(t, proj)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	for i, want := range []string{"msg=downloads fetched=11 ", "msg=downloads fetched=0 bytes=0 \"from cache\"=2"} {
		logs.Reset()
		o.Outputs = []string{"oci:" + filepath.Join(t.TempDir(), "out")}
		if _, err := Run(context.Background(), log, o); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), want) {
			t.Errorf("build %d: no %q in\n%s", i+1, want, logs.String())
		}
	}
}
