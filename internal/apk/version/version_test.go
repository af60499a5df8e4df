package version

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestVectors runs apk-tools' own test vectors (testdata/version.data).
func TestVectors(t *testing.T) {
	f, err := os.Open("testdata/version.data")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, checked := 0, 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		checked++
		fields := strings.Fields(line)
		switch len(fields) {
		case 1:
			v, want := fields[0], true
			if strings.HasPrefix(v, "!") {
				v, want = v[1:], false
			}
			if got := Valid(v); got != want {
				t.Errorf("line %d: Valid(%q) = %v, want %v", n, v, got, want)
			}
		case 3:
			checkVector(t, n, fields[0], fields[1], fields[2])
		default:
			t.Fatalf("line %d: bad vector %q", n, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 700 {
		t.Fatalf("only %d vectors checked", checked)
	}
}

func checkVector(t *testing.T, n int, a, op, b string) {
	t.Helper()
	c, fz := Compare(a, b), CompareFuzzy(a, b)
	var ok bool
	switch op {
	case "<":
		ok = c == -1 && Compare(b, a) == 1
	case ">":
		ok = c == 1 && Compare(b, a) == -1
	case "=":
		ok = c == 0 && Compare(b, a) == 0
	case "~":
		ok = fz == 0
	case "!~":
		ok = fz != 0
	case "<~":
		ok = fz <= 0
	case ">~":
		ok = fz >= 0
	default:
		t.Fatalf("line %d: unknown operator %q", n, op)
	}
	if !ok {
		t.Errorf("line %d: %s %s %s: Compare = %d, CompareFuzzy = %d", n, a, op, b, c, fz)
	}
}

func TestEmpty(t *testing.T) {
	if Valid("") {
		t.Error(`Valid("") = true`)
	}
	if Compare("", "") != 0 || Compare("", "1") != -1 || Compare("1", "") != 1 {
		t.Error("the empty version should sort before any valid one")
	}
}

func TestWolfiVersions(t *testing.T) {
	// Versions as Wolfi spells them, in ascending order.
	want := []string{
		"3.11.0_rc1-r0",
		"3.11.0-r0",
		"3.11.9-r0",
		"3.11.9-r1",
		"3.11.9_git20240101-r0",
		"3.11.9_p1-r0",
		"3.11.10-r0",
		"3.12.1-r0",
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortStableFunc(got, Compare)
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %q, want %q", got, want)
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"1", true},
		{"2.43-r5", true},
		{"1.0.0_pre20191002222144-r0", true},
		{"0.20240101~deadbeef-r0", true},
		{"1.2.3-r18446744073709551616", true}, // overflow wraps, as in apk-tools
		{"1.2.", false},
		{"1..2", false},
		{"1.2-r1-r2", false},
		{"1.2~ABC", false}, // commit hashes are lowercase hex
		{"1.2 ", false},
		{"1.2\x00", false},
		{"v1.2", false},
		{"1.2_RC1", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.v); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestCompareFuzzyBoundary(t *testing.T) {
	tests := []struct {
		v, c string
		want bool
	}{
		{"3.12.1-r0", "3.12", true},
		{"3.120", "3.12", false}, // components compare whole, not as text
		{"3.1", "3.12", false},
		{"3.12", "3.12.1", false},
		{"3.12.1-r3", "3.12.1-r3", true},
		{"1.2a", "1.2", true},
	}
	for _, tt := range tests {
		if got := CompareFuzzy(tt.v, tt.c) == 0; got != tt.want {
			t.Errorf("CompareFuzzy(%q, %q) == 0 is %v, want %v", tt.v, tt.c, got, tt.want)
		}
	}
}

func FuzzCompare(f *testing.F) {
	for _, s := range [][2]string{
		{"1.0", "1.0bc"}, {"1.0_rc1-r0", "1.0-r0"}, {"1.0~abc", "1.0~abd-r1"},
		{"01", "1"}, {"", "0"}, {"1.2.3_p4_pre5-r6", "1.2.3_p4-r6"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(%q, %q) = %d but Compare(%q, %q) = %d", a, b, ab, b, a, ba)
		}
		if ab < -1 || ab > 1 {
			t.Fatalf("Compare(%q, %q) = %d", a, b, ab)
		}
		if Compare(a, a) != 0 {
			t.Fatalf("Compare(%q, %q) != 0", a, a)
		}
		if ab == 0 && CompareFuzzy(a, b) != 0 {
			t.Fatalf("equal but not fuzzy-equal: %q %q", a, b)
		}
		_ = Valid(a)
	})
}
