package pep508

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goldenTargets must match TARGETS in testdata/gen_metadata_golden.py.
var goldenTargets = [][2]string{{"3.12.4", "x86_64"}, {"3.9.18", "aarch64"}, {"3.13.0", "x86_64"}}

// TestMetadataGolden parses every Requires-Dist of real METADATA files
// (flask, jsonschema, ipython, moto, networkx, jedi, setuptools; headers
// only) and checks each marker's value, for three targets and every
// extra, against what pypa/packaging computed (testdata/metadata.golden).
func TestMetadataGolden(t *testing.T) {
	golden := readGolden(t)
	files, err := filepath.Glob("testdata/metadata/*.METADATA")
	if err != nil || len(files) == 0 {
		t.Fatalf("no METADATA files: %v", err)
	}
	checked := 0
	for _, path := range files {
		headers := readHeaders(t, path)
		extras := append([]string{""}, headers["Provides-Extra"]...)
		for i, line := range headers["Requires-Dist"] {
			r, err := ParseRequirement(line)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			roundTrip(t, line, r)
			key := filepath.Base(path) + "\t" + strconv.Itoa(i)
			want, ok := golden[key]
			if r.Marker == nil {
				if ok {
					t.Errorf("%s: %q has no marker, the golden file has one", path, line)
				}
				continue
			}
			var got strings.Builder
			for _, target := range goldenTargets {
				env := LinuxCPython(target[0], target[1])
				for _, extra := range extras {
					var set []string
					if extra != "" {
						set = []string{extra}
					}
					got.WriteString(map[bool]string{false: "0", true: "1"}[r.Marker.Evaluate(env, set)])
				}
			}
			if got.String() != want {
				t.Errorf("%s: %q evaluates to\n%s, packaging says\n%s", path, line, got.String(), want)
			}
			checked++
		}
	}
	if checked != len(golden) {
		t.Errorf("checked %d markers, the golden file has %d", checked, len(golden))
	}
}

// readHeaders reads "Key: value" lines, keeping repeated keys in order.
func readHeaders(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	headers := map[string][]string{}
	for line := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			headers[k] = append(headers[k], v)
		}
	}
	return headers
}

func readGolden(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("testdata/metadata.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, "#") {
			fields := strings.Split(line, "\t")
			golden[fields[0]+"\t"+fields[1]] = fields[2]
		}
	}
	return golden
}
