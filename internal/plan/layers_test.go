package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func pkg(name, origin string, size int64) *apk.Package {
	return &apk.Package{Name: name, Origin: origin, InstalledSize: size}
}

func describe(ls []OSLayer) string {
	var s []string
	for _, l := range ls {
		var names []string
		for _, p := range l.Packages {
			names = append(names, p.Name)
		}
		s = append(s, fmt.Sprintf("%s=%d[%s]", strings.Join(l.Origins, "+"), l.Size, strings.Join(names, " ")))
	}
	return strings.Join(s, " | ")
}

func TestGroupByOrigin(t *testing.T) {
	pkgs := []*apk.Package{
		pkg("wolfi-baselayout", "wolfi-baselayout", 5),
		pkg("ld-linux", "glibc", 1),
		pkg("glibc", "glibc", 60),
		pkg("libcrypto3", "openssl", 40),
		pkg("libssl3", "openssl", 10),
		pkg("zlib", "", 3),
		pkg("python-3.11-base", "python-3.11", 300),
		pkg("python-3.11", "python-3.11", 1),
	}
	tests := []struct {
		budget int
		want   string
	}{
		{1, "glibc+openssl+python-3.11+wolfi-baselayout+zlib=420[wolfi-baselayout ld-linux glibc libcrypto3 libssl3 zlib python-3.11-base python-3.11]"},
		{3, "python-3.11=301[python-3.11-base python-3.11] | glibc=61[ld-linux glibc] | openssl+wolfi-baselayout+zlib=58[wolfi-baselayout libcrypto3 libssl3 zlib]"},
		{10, "python-3.11=301[python-3.11-base python-3.11] | glibc=61[ld-linux glibc] | openssl=50[libcrypto3 libssl3] | wolfi-baselayout=5[wolfi-baselayout] | zlib=3[zlib]"},
		{0, "glibc+openssl+python-3.11+wolfi-baselayout+zlib=420[wolfi-baselayout ld-linux glibc libcrypto3 libssl3 zlib python-3.11-base python-3.11]"},
	}
	for _, tt := range tests {
		if got := describe(GroupByOrigin(pkgs, tt.budget)); got != tt.want {
			t.Errorf("budget %d:\n got %s\nwant %s", tt.budget, got, tt.want)
		}
	}
	if GroupByOrigin(nil, 4) != nil {
		t.Error("no packages, no layers")
	}
}
