package wheels

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"strconv"
)

// Hash is a RECORD hash of data: "sha256=" and the URL-safe base64 of the
// digest without padding.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256=" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// record is the RECORD file for entries (RECORD itself last, with empty
// hash and size). CSV quoting covers paths with commas or quotes.
func (w Wheel) record(entries []entry) ([]byte, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	lied := !w.BadRecord
	for _, e := range entries {
		hash := Hash(e.data)
		if !lied && e.mode.IsRegular() {
			hash = Hash(append([]byte("not the content of "), e.data...))
			lied = true
		}
		if err := cw.Write([]string{e.name, hash, strconv.Itoa(len(e.data))}); err != nil {
			return nil, err
		}
	}
	if err := cw.Write([]string{w.DistInfo() + "/RECORD", "", ""}); err != nil {
		return nil, err
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}
