package wheel

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"
)

// A recordRow is one line of a RECORD file: a path, a hash "algo=digest"
// (the digest urlsafe-base64 without padding) and a size, the last two
// empty for RECORD itself:
// https://packaging.python.org/en/latest/specifications/recording-installed-packages/#the-record-file
type recordRow struct {
	Path string
	Hash string
	// Size is -1 when the row gives none.
	Size int64
}

// parseRecord reads a RECORD: CSV with Python's default dialect, three
// fields a row.
func parseRecord(data []byte) ([]recordRow, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var rows []recordRow
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		if len(fields) != 3 {
			return nil, fmt.Errorf("line %d: want 3 fields (path, hash, size), got %d", line, len(fields))
		}
		row := recordRow{Path: fields[0], Hash: fields[1], Size: -1}
		if row.Path == "" {
			return nil, fmt.Errorf("line %d: empty path", line)
		}
		if fields[2] != "" {
			n, err := strconv.ParseInt(fields[2], 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("line %d: size %q is not a byte count", line, fields[2])
			}
			row.Size = n
		}
		rows = append(rows, row)
	}
}

// formatRecord writes rows sorted by path, as pip does, quoting like
// Python's csv module (QUOTE_MINIMAL) with "\n" line ends, as installer
// and uv write them.
func formatRecord(rows []recordRow) []byte {
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b recordRow) int { return strings.Compare(a.Path, b.Path) })
	var b bytes.Buffer
	for _, r := range rows {
		b.WriteString(csvField(r.Path))
		b.WriteByte(',')
		b.WriteString(csvField(r.Hash))
		b.WriteByte(',')
		if r.Size >= 0 {
			b.WriteString(strconv.FormatInt(r.Size, 10))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// hashes are the RECORD algorithms pyko checks. The spec asks for sha256
// "or better" and forbids md5 and sha1; blake2 would need a module outside
// the standard library, and no wheel in the wild uses it.
var hashes = map[string]func() hash.Hash{
	"sha256":   sha256.New,
	"sha384":   sha512.New384,
	"sha512":   sha512.New,
	"sha3_256": func() hash.Hash { return sha3.New256() },
	"sha3_384": func() hash.Hash { return sha3.New384() },
	"sha3_512": func() hash.Hash { return sha3.New512() },
}

// digest is a parsed RECORD hash.
type digest struct {
	algo string
	sum  []byte
}

func parseHash(s string) (digest, error) {
	algo, value, ok := strings.Cut(s, "=")
	if !ok {
		return digest{}, fmt.Errorf("hash %q is not algorithm=digest", s)
	}
	newHash, known := hashes[algo]
	if !known {
		return digest{}, fmt.Errorf("hash algorithm %q is not accepted: RECORD must use sha256 or stronger", algo)
	}
	sum, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(value, "="))
	if err != nil || len(sum) != newHash().Size() {
		return digest{}, fmt.Errorf("hash %q is not a urlsafe-base64 %s digest", s, algo)
	}
	return digest{algo: algo, sum: sum}, nil
}

func (d digest) new() hash.Hash { return hashes[d.algo]() }

func (d digest) String() string { return formatHash(d.algo, d.sum) }

func formatHash(algo string, sum []byte) string {
	return algo + "=" + base64.RawURLEncoding.EncodeToString(sum)
}

// sha256Of is the RECORD hash of content pyko writes itself.
func sha256Of(b []byte) string {
	s := sha256.Sum256(b)
	return formatHash("sha256", s[:])
}

var errNoHash = errors.New("RECORD gives no hash; every file but RECORD must have one")
