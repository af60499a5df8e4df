package e2e

import (
	"archive/tar"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// checkLayers checks the layering of a base-less image: 1..budget OS
// layers, then one layer pyko generates (installed db, accounts,
// ld.so.cache), the SBOM layer (/var/lib/db/sbom), then the app layer.
// Every file of the OS layers belongs to a package of the installed db,
// so scanners see all of it.
func checkLayers(t *testing.T, img v1.Image, tree *imageTree, db installedDB, budget int) {
	t.Helper()
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	n := len(layers)
	main := tree.entries["app/main.py"]
	if main == nil {
		t.Fatal("/app/main.py is not in the image")
	}
	if main.layer != n-1 {
		t.Errorf("/app/main.py is in layer %d of %d, want the last", main.layer+1, n)
	}
	for name := range tree.layers[n-1] {
		if name != "app" && !strings.HasPrefix(name, "app/") {
			t.Errorf("the app layer holds /%s, outside /app", name)
		}
	}
	_, dbEntry := tree.resolve("/lib/apk/db/installed", true)
	if dbEntry == nil || dbEntry.layer != n-3 {
		t.Errorf("/lib/apk/db/installed is not in the layer before the SBOM and app layers (%+v)", dbEntry)
	}
	var sboms []string
	for name, hdr := range tree.layers[n-2] {
		switch {
		case hdr.Typeflag == tar.TypeDir:
		case strings.HasPrefix(name, "var/lib/db/sbom/") && (strings.HasSuffix(name, ".spdx.json") || strings.HasSuffix(name, ".cdx.json")):
			sboms = append(sboms, name)
		default:
			t.Errorf("the SBOM layer holds /%s", name)
		}
	}
	if len(sboms) != 2 {
		t.Errorf("the SBOM layer holds %v, want an SPDX and a CycloneDX file", sboms)
	}
	if osLayers := n - 3; osLayers < 1 || osLayers > budget {
		t.Errorf("%d layers: %d OS layers, want 1 to %d (--os-layers %d) plus the generated, SBOM and app layers", n, osLayers, budget, budget)
	}
	owned := map[string]bool{}
	for _, files := range db.files {
		for _, f := range files {
			canon, _ := tree.resolve(f, false)
			owned[canon] = true
		}
	}
	for i := 0; i < n-3; i++ {
		for name, hdr := range tree.layers[i] {
			if hdr.Typeflag == tar.TypeDir {
				continue
			}
			if strings.HasPrefix(name, "app/") {
				t.Errorf("OS layer %d holds /%s", i+1, name)
			}
			if !owned[name] {
				t.Errorf("OS layer %d holds /%s, which no package of the installed db owns", i+1, name)
			}
		}
	}
}

// treeDiff describes the first differences between the file systems of
// two images (paths, types, modes, owners, sizes, link targets and the
// times of files), or returns "". Directory times are not compared: a
// directory is in every layer that has files in it, each copy with the
// time of that layer's packages, and the last layer's wins.
func treeDiff(a, b *imageTree) string {
	var diffs []string
	for name, ea := range a.entries {
		eb := b.entries[name]
		if eb == nil {
			diffs = append(diffs, "/"+name+" only in the first")
			continue
		}
		ha, hb := ea.hdr, eb.hdr
		if ha.Typeflag != hb.Typeflag || ha.Mode != hb.Mode || ha.Uid != hb.Uid || ha.Gid != hb.Gid ||
			ha.Size != hb.Size || ha.Linkname != hb.Linkname ||
			(ha.Typeflag != tar.TypeDir && !ha.ModTime.Equal(hb.ModTime)) {
			diffs = append(diffs, fmt.Sprintf("/%s: %c %o %d:%d %d %q %v vs %c %o %d:%d %d %q %v", name,
				ha.Typeflag, ha.Mode, ha.Uid, ha.Gid, ha.Size, ha.Linkname, ha.ModTime.Unix(),
				hb.Typeflag, hb.Mode, hb.Uid, hb.Gid, hb.Size, hb.Linkname, hb.ModTime.Unix()))
		}
	}
	for name := range b.entries {
		if a.entries[name] == nil {
			diffs = append(diffs, "/"+name+" only in the second")
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
	}
	return strings.Join(diffs, "; ")
}

// runtimeScript exercises what a Python app needs from the OS packages and
// prints the facts as JSON. An import that fails ends it with a traceback.
const runtimeScript = `
import bz2, ctypes, ctypes.util, decimal, json, lzma, os, sqlite3, ssl, uuid, zlib
r = {"uid": os.getuid(), "gid": os.getgid()}
r["x509"] = ssl.create_default_context().cert_store_stats()["x509"]
r["find_library_ssl"] = ctypes.util.find_library("ssl")
r["ssl_loads"] = False
if r["find_library_ssl"]:
    ctypes.CDLL(r["find_library_ssl"])
    r["ssl_loads"] = True
data = b"pyko " * 1000
r["bz2"] = bz2.decompress(bz2.compress(data)) == data
r["lzma"] = lzma.decompress(lzma.compress(data)) == data
r["zlib"] = zlib.decompress(zlib.compress(data)) == data
r["uuid"] = uuid.uuid4().version
r["decimal"] = str(decimal.Decimal("0.1") + decimal.Decimal("0.2"))
r["sqlite"] = sqlite3.connect(":memory:").execute("select 6 * 7").fetchone()[0]
print(json.dumps(r))
`

// checkPythonRuntime runs runtimeScript in image with podman, as the
// image's user, and checks each fact.
func checkPythonRuntime(t *testing.T, ctx context.Context, p *tools.Podman, image string) {
	t.Helper()
	out, err := p.Podman(ctx, "run", "--rm", "--network=none", "--entrypoint", "/usr/bin/python3.11", image, "-c", runtimeScript)
	if err != nil {
		t.Fatalf("the runtime checks failed in the container: %v", err)
	}
	var r struct {
		UID, GID       int
		X509           int     `json:"x509"`
		FindLibrarySSL *string `json:"find_library_ssl"`
		SSLLoads       bool    `json:"ssl_loads"`
		BZ2            bool    `json:"bz2"`
		LZMA           bool    `json:"lzma"`
		Zlib           bool    `json:"zlib"`
		UUID           int     `json:"uuid"`
		Decimal        string  `json:"decimal"`
		SQLite         int     `json:"sqlite"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &r); err != nil {
		t.Fatalf("decoding the runtime checks: %v\n%s", err, out)
	}
	if r.UID != 65532 || r.GID != 65532 {
		t.Errorf("runs as %d:%d, want 65532:65532", r.UID, r.GID)
	}
	if r.X509 == 0 {
		t.Error("ssl.create_default_context() loaded no CA certificate: the CA bundle is missing or unreadable")
	}
	switch {
	case r.FindLibrarySSL == nil:
		t.Error(`ctypes.util.find_library("ssl") = None, want "libssl.so.3" (it runs "ldconfig -p": needs /usr/bin/ldconfig from glibc and pyko's /etc/ld.so.cache)`)
	case *r.FindLibrarySSL != "libssl.so.3":
		t.Errorf(`ctypes.util.find_library("ssl") = %q, want "libssl.so.3"`, *r.FindLibrarySSL)
	case !r.SSLLoads:
		t.Error("ctypes could not load libssl.so.3")
	}
	if !r.BZ2 || !r.LZMA || !r.Zlib {
		t.Errorf("compression round trips: bz2 %v, lzma %v, zlib %v; want all true", r.BZ2, r.LZMA, r.Zlib)
	}
	if r.UUID != 4 || r.Decimal != "0.3" || r.SQLite != 42 {
		t.Errorf("uuid4 version %d, Decimal 0.1+0.2 = %q, sqlite 6*7 = %d; want 4, 0.3, 42", r.UUID, r.Decimal, r.SQLite)
	}
}
