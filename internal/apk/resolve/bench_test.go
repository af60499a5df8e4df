package resolve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

// syntheticIndex builds about 20,000 packages shaped like Wolfi's index:
// glibc and its neighbours in many versions, 400 shared libraries in 8
// versions each (so: and cmd: provides), python-3.10 … 3.14 in 10
// versions, 600 Python modules built for every Python in 4 versions
// (py3-foo virtuals with provider_priority), and tools.
func syntheticIndex(tb testing.TB) []*apk.Package {
	r := rand.New(rand.NewPCG(7, 7))
	var out []*apk.Package
	add := func(id string, fields ...string) { out = append(out, pkg(tb, id, fields...)) }
	add("wolfi-baselayout-20230201-r24")
	add("ca-certificates-bundle-20250619-r1")
	for v := range 10 {
		add(fmt.Sprintf("glibc-2.%d-r%d", 33+v, v), "D:ld-linux wolfi-baselayout libgcc !musl",
			"p:so:libc.so.6=6 so:libm.so.6=6 so:libpthread.so.0=0")
		add(fmt.Sprintf("ld-linux-2.%d-r%d", 33+v, v), "p:so:ld-linux-x86-64.so.2=2")
		add(fmt.Sprintf("libgcc-14.%d.0-r0", v), "D:so:libc.so.6", "p:so:libgcc_s.so.1=1")
	}
	const libs = 400
	for l := range libs {
		for v := range 8 {
			deps := []string{"so:libc.so.6"}
			for range r.IntN(4) {
				if l > 0 {
					deps = append(deps, fmt.Sprintf("so:lib%d.so.1", r.IntN(l)))
				}
			}
			add(fmt.Sprintf("lib%d-1.%d-r0", l, v), "D:"+strings.Join(deps, " "),
				fmt.Sprintf("p:so:lib%d.so.1=1 cmd:lib%d-tool=1.%d-r0", l, l, v))
		}
	}
	pythonLibs := func() string {
		deps := []string{"so:libc.so.6", "py3-pip-wheel"}
		for i := range 12 {
			deps = append(deps, fmt.Sprintf("so:lib%d.so.1", i*7))
		}
		return "D:" + strings.Join(deps, " ")
	}
	add("py3-pip-wheel-25.2-r0")
	for minor := 10; minor <= 14; minor++ {
		for v := range 10 {
			ver := fmt.Sprintf("3.%d.%d-r0", minor, v)
			add(fmt.Sprintf("python-3.%d-base-%s", minor, ver), pythonLibs(),
				fmt.Sprintf("p:so:libpython3.%d.so.1.0=1.0 cmd:python3.%d=%s", minor, minor, ver))
			add(fmt.Sprintf("python-3.%d-%s", minor, ver), fmt.Sprintf("D:python-3.%d-base=%s", minor, ver),
				fmt.Sprintf("p:python3=%s cmd:python3=%s", ver, ver))
		}
	}
	for m := range 600 {
		for minor := 10; minor <= 14; minor++ {
			for v := range 4 {
				add(fmt.Sprintf("py3.%d-mod%d-1.%d-r0", minor, m, v),
					fmt.Sprintf("D:python-3.%d so:lib%d.so.1", minor, r.IntN(libs)),
					fmt.Sprintf("p:py3-mod%d=1.%d-r0", m, v), fmt.Sprintf("k:3%d", minor))
			}
		}
	}
	for i := 0; len(out) < 20_000; i++ {
		add(fmt.Sprintf("tool%d-1.0-r0", i), fmt.Sprintf("D:so:lib%d.so.1 so:libc.so.6", r.IntN(libs)),
			fmt.Sprintf("p:cmd:tool%d=1.0-r0", i))
	}
	return out
}

func BenchmarkResolvePython(b *testing.B) {
	avail := syntheticIndex(b)
	w := world(b, "python-3.12 ca-certificates-bundle wolfi-baselayout py3-mod7 py3.12-mod42")
	got, err := Resolve(w, avail)
	if err != nil {
		b.Fatal(err)
	}
	if err := checkSet(w, got); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(w, avail); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(avail)), "available")
	b.ReportMetric(float64(len(got)), "resolved")
}
