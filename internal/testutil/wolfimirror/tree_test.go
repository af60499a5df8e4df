package wolfimirror

import "testing"

func TestRelocate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libc.so.6"},
		{"lib64/ld-linux-x86-64.so.2", "usr/lib/ld-linux-x86-64.so.2"},
		{"bin/busybox", "usr/bin/busybox"},
		{"sbin/ldconfig", "usr/bin/ldconfig"},
		{"usr/sbin/update-ca-certificates", "usr/bin/update-ca-certificates"},
		{"usr/lib/python3.11/os.py", "usr/lib/python3.11/os.py"},
		{"library/x", "library/x"},
		{"etc/ld.so.conf.d/x.conf", "etc/ld.so.conf.d/x.conf"},
	}
	for _, tt := range tests {
		if got := relocate(tt.in); got != tt.want {
			t.Errorf("relocate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRetarget(t *testing.T) {
	tests := []struct{ old, target, want string }{
		// Debian's loader link, absolute into /lib.
		{"lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "x86_64-linux-gnu/ld-linux-x86-64.so.2"},
		// arm64's, relative.
		{"lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu/ld-linux-aarch64.so.1", "aarch64-linux-gnu/ld-linux-aarch64.so.1"},
		// A library link next to its file stays as it is.
		{"lib/x86_64-linux-gnu/libz.so.1", "libz.so.1.2.13", "libz.so.1.2.13"},
		// Absolute targets outside the moved directories are kept.
		{"usr/lib/python3.11/sitecustomize.py", "/etc/python3.11/sitecustomize.py", "/etc/python3.11/sitecustomize.py"},
		// A relative target that crosses from /lib into /usr/lib.
		{"lib/x86_64-linux-gnu/libfoo.so", "../../usr/lib/x86_64-linux-gnu/libfoo.so.1", "libfoo.so.1"},
		// A relative target from /usr into /lib.
		{"usr/lib/x86_64-linux-gnu/libbar.so", "/lib/x86_64-linux-gnu/libbar.so.1", "libbar.so.1"},
		// Out of the root: left alone.
		{"lib/evil", "../../../etc", "../../../etc"},
	}
	for _, tt := range tests {
		if got := retarget(tt.old, relocate(tt.old), tt.target); got != tt.want {
			t.Errorf("retarget(%q, %q) = %q, want %q", tt.old, tt.target, got, tt.want)
		}
	}
}

func TestRecipeKeep(t *testing.T) {
	ld := recipe{only: []string{"usr/lib/ld-linux-*", "usr/lib/*/ld-linux-*"}}
	glibc := recipe{drop: []string{"usr/lib/ld-linux-*", "usr/lib/*/ld-linux-*", "usr/lib/*/gconv"}}
	tests := []struct {
		r    recipe
		path string
		want bool
	}{
		{ld, "usr/lib/ld-linux-x86-64.so.2", true},
		{ld, "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", true},
		{ld, "usr/lib/x86_64-linux-gnu/libc.so.6", false},
		{glibc, "usr/lib/x86_64-linux-gnu/libc.so.6", true},
		{glibc, "usr/lib/x86_64-linux-gnu/gconv/IBM880.so", false},
		{glibc, "usr/lib/ld-linux-x86-64.so.2", false},
		{glibc, "usr/share/doc/libc6/copyright", false},
		{glibc, "usr/share/lintian/overrides/libc6", false},
	}
	for _, tt := range tests {
		if got := tt.r.keep(tt.path); got != tt.want {
			t.Errorf("keep(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
