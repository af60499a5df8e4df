package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Marshal seals p and returns its JSON: indented, keys in a fixed order,
// a final newline, so that it diffs cleanly.
func Marshal(p *Plan) ([]byte, error) {
	seal, err := Seal(p)
	if err != nil {
		return nil, err
	}
	p.Seal = seal
	return encode(p)
}

// Seal is the digest of p's JSON with an empty seal: "sha256:HEX". It
// tells a plan pyko wrote from one edited by hand afterwards; it is not a
// signature (anyone can compute it), so reviewing the plan is what makes
// it trustworthy.
func Seal(p *Plan) (string, error) {
	c := *p
	c.Seal = ""
	b, err := encode(&c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

func encode(p *Plan) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the plan: %w", err)
	}
	return append(b, '\n'), nil
}

// Read decodes a plan written by Marshal and checks its schema version and
// seal; Verify checks the rest. Unknown fields are an error: a plan from a
// newer pyko is not silently half-built.
func Read(r io.Reader) (*Plan, error) {
	var head struct {
		SchemaVersion int `json:"schemaVersion"`
	}
	data, err := io.ReadAll(io.LimitReader(r, maxPlanSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPlanSize {
		return nil, fmt.Errorf("the plan is larger than %d MiB", maxPlanSize>>20)
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a pyko plan (JSON as pyko plan --format json writes it): %w", err)
	}
	if head.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("schemaVersion %d: this pyko executes plans of version %d; write the plan again with this pyko", head.SchemaVersion, SchemaVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a pyko plan: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not a pyko plan: more than one JSON value")
	}
	want, err := Seal(&p)
	if err != nil {
		return nil, err
	}
	if p.Seal != want {
		return nil, fmt.Errorf("the plan was changed after pyko wrote it (seal %q, its contents give %q): make it again with pyko plan --format json, review that, and build it", p.Seal, want)
	}
	return &p, nil
}

// maxPlanSize bounds what Read accepts: a plan lists files and packages,
// not their contents, so 256 MiB is far beyond any real one.
const maxPlanSize = 256 << 20
