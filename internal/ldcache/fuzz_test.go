package ldcache

import (
	"bytes"
	"testing"
)

func FuzzParse(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, sample, X8664); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(magic + version))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever parses must write and parse back to the same entries.
		var out bytes.Buffer
		if err := Write(&out, entries, X8664); err != nil {
			return // e.g. a relative path: valid to read, refused on write
		}
		again, err := Parse(&out)
		if err != nil {
			t.Fatalf("re-parsing our own output: %v", err)
		}
		if len(again) != len(entries) {
			t.Fatalf("round trip: %d entries, then %d", len(entries), len(again))
		}
	})
}
