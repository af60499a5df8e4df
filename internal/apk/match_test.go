package apk

import "testing"

func TestMatches(t *testing.T) {
	tests := []struct {
		dep  string
		v    string
		want bool
	}{
		{"python-3.12", "3.12.1-r0", true},
		{"glibc=2.43-r1", "2.43-r1", true},
		{"glibc=2.43-r1", "2.43-r2", false},
		{"glibc=2.43", "2.43-r0", false}, // = is exact, the revision counts
		{"glibc<2.43", "2.42.9-r3", true},
		{"glibc<2.43", "2.43", false},
		{"glibc<2.43", "2.43_rc1", true},
		{"glibc<=2.43", "2.43", true},
		{"glibc<=2.43", "2.43-r0", false},
		{"glibc>2.43", "2.43-r1", true},
		{"glibc>2.43", "2.43", false},
		{"glibc>=2.43", "2.43", true},
		{"glibc>=2.43", "2.42", false},
		{"python~3.12", "3.12", true},
		{"python~3.12", "3.12.1-r4", true},
		{"python~3.12", "3.12_rc1", true},
		{"python~3.12", "3.120", false},
		{"python~3.12", "3.13.0", false},
		{"python~3.12.1", "3.12", false},
		{"python=~3.12", "3.12.9", true},
		{"python=~3.12", "3.11.9", false},
		{"python><Q1abc", "1.0", true},
		{"!musl", "1.2.5-r0", true},
		{"!musl<1.2", "1.2.5-r0", false},
	}
	for _, tt := range tests {
		d, err := ParseDependency(tt.dep)
		if err != nil {
			t.Fatalf("ParseDependency(%q): %v", tt.dep, err)
		}
		if got := d.Matches(tt.v); got != tt.want {
			t.Errorf("%q.Matches(%q) = %v, want %v", tt.dep, tt.v, got, tt.want)
		}
	}
}

func TestSatisfiedBy(t *testing.T) {
	glibc := &Package{Name: "glibc", Version: "2.43-r1", Provides: []Dependency{
		{Name: "so:libc.so.6", Op: OpEqual, Version: "6"},
		{Name: "rtld(GNU_HASH)"},
		{Name: "libc", Op: OpEqual, Version: "2.43"},
	}}
	busybox := &Package{Name: "busybox", Version: "1.37.0-r30", Provides: []Dependency{
		{Name: "cmd:sh"},
		{Name: "/bin/sh"},
	}}
	tests := []struct {
		dep  string
		p    *Package
		want bool
	}{
		{"glibc", glibc, true},
		{"glibc>=2.40", glibc, true},
		{"glibc<2.40", glibc, false},
		{"musl", glibc, false},
		{"so:libc.so.6", glibc, true},
		{"so:libc.so.6=6", glibc, true},
		{"so:libc.so.6>=7", glibc, false},
		{"rtld(GNU_HASH)", glibc, true},
		{"libc~2.43", glibc, true},
		{"libc>2.43", glibc, false},
		{"cmd:sh", busybox, true},
		{"cmd:sh>=1", busybox, false}, // unversioned provides satisfy only unversioned deps
		{"/bin/sh", busybox, true},
		{"cmd:bash", busybox, false},
		{"busybox~1.37", busybox, true},
	}
	for _, tt := range tests {
		d, err := ParseDependency(tt.dep)
		if err != nil {
			t.Fatalf("ParseDependency(%q): %v", tt.dep, err)
		}
		if got := d.SatisfiedBy(tt.p); got != tt.want {
			t.Errorf("%q.SatisfiedBy(%s) = %v, want %v", tt.dep, tt.p.ID(), got, tt.want)
		}
	}
}
