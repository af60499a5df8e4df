package tags

import (
	"fmt"
	"strconv"
	"strings"
)

// ReasonKind classifies why a tag does not fit. The kinds are ordered from
// the farthest misfit to the closest: a wheel with several tags reports
// its closest one.
type ReasonKind int

const (
	// ReasonNone is the zero Reason's kind: nothing is wrong.
	ReasonNone ReasonKind = iota
	// ReasonPlatform: another OS or libc (macOS, Windows, musllinux), or
	// a platform tag that names no known platform.
	ReasonPlatform
	// ReasonArch: Linux, but another CPU architecture.
	ReasonArch
	// ReasonPython: another interpreter or Python version.
	ReasonPython
	// ReasonABI: the right Python, another ABI (cp311 on 3.12, cp312t).
	ReasonABI
	// ReasonGlibc: everything fits but the wheel needs a newer glibc.
	ReasonGlibc
)

var kindNames = [...]string{"none", "platform", "arch", "python", "abi", "glibc"}

func (k ReasonKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "ReasonKind(" + strconv.Itoa(int(k)) + ")"
}

// Reason says why a wheel's tag does not fit the target.
type Reason struct {
	Kind ReasonKind
	// Tag is the wheel tag (lower-cased) the reason is about.
	Tag Tag
	// Message is for people: "needs glibc 2.35, image has 2.31",
	// "built for musl libc (musllinux), image has glibc", "CPython 3.13
	// only, image has 3.12", "abi cp311 does not match cp312".
	Message string
	// glibcMinor is the glibc 2.x minor a ReasonGlibc tag needs.
	glibcMinor int
}

func (r Reason) String() string { return r.Message }

// closerThan reports whether r is a closer misfit than other; of two
// glibc misfits, the one needing the older glibc is closer.
func (r Reason) closerThan(other Reason) bool {
	if r.Kind != other.Kind {
		return r.Kind > other.Kind
	}
	return r.Kind == ReasonGlibc && r.glibcMinor < other.glibcMinor
}

// foreignOS names the platforms of other systems by tag prefix.
var foreignOS = []struct{ prefix, name string }{
	{"musllinux_", "musl libc (musllinux), image has glibc"},
	{"macosx_", "macOS"},
	{"win", "Windows"},
	{"android_", "Android"},
	{"ios_", "iOS"},
}

// legacyGlibc maps the pre-PEP 600 names to the glibc 2.x minor they mean.
var legacyGlibc = map[string]int{"manylinux1": 5, "manylinux2010": 12, "manylinux2014": 17}

// platformReason classifies wt's platform: ReasonPlatform, ReasonArch,
// ReasonGlibc, or ReasonNone when the platform itself is fine.
func (t Target) platformReason(wt Tag) Reason {
	p := wt.Platform
	for _, os := range foreignOS {
		if strings.HasPrefix(p, os.prefix) {
			return Reason{Kind: ReasonPlatform, Tag: wt, Message: "built for " + os.name}
		}
	}
	arch, minor := "", 0
	switch head, rest, _ := strings.Cut(p, "_"); {
	case head == "linux":
		arch = rest
	case head == "manylinux":
		// manylinux_2_17_x86_64
		parts := strings.SplitN(rest, "_", 3)
		if len(parts) != 3 || parts[0] != "2" {
			return Reason{Kind: ReasonPlatform, Tag: wt, Message: "platform " + p + " is not a manylinux_2_N platform"}
		}
		n, err := strconv.Atoi(parts[1])
		if err != nil {
			return Reason{Kind: ReasonPlatform, Tag: wt, Message: "platform " + p + " has no glibc version"}
		}
		arch, minor = parts[2], n
	case legacyGlibc[head] > 0:
		arch, minor = rest, legacyGlibc[head]
	default:
		return Reason{Kind: ReasonPlatform, Tag: wt, Message: "built for platform " + p + ", not glibc Linux"}
	}
	if arch == "" {
		return Reason{Kind: ReasonPlatform, Tag: wt, Message: "platform " + p + " names no architecture"}
	}
	if arch != t.Arch {
		return Reason{Kind: ReasonArch, Tag: wt, Message: fmt.Sprintf("built for %s, image is %s", arch, t.Arch)}
	}
	if minor > t.GlibcMinor || t.GlibcMajor != 2 {
		return Reason{Kind: ReasonGlibc, Tag: wt, glibcMinor: minor,
			Message: fmt.Sprintf("needs glibc 2.%d, image has %d.%d", minor, t.GlibcMajor, t.GlibcMinor)}
	}
	return Reason{}
}
