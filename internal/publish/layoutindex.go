package publish

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// refNameAnnotation names a manifest in an OCI layout's index.json; skopeo
// and podman resolve oci:DIR:TAG and `podman load` names images with it.
const refNameAnnotation = "org.opencontainers.image.ref.name"

// ociLayoutFile is the content of an OCI layout's oci-layout file.
const ociLayoutFile = `{"imageLayoutVersion":"1.0.0"}`

// layoutIndex is an OCI layout's index.json. Fields pyko does not manage are
// kept as read.
type layoutIndex struct {
	fields    map[string]json.RawMessage
	manifests []v1.Descriptor
}

func newLayoutIndex() *layoutIndex {
	return &layoutIndex{fields: map[string]json.RawMessage{
		"schemaVersion": json.RawMessage(`2`),
		"mediaType":     json.RawMessage(`"` + types.OCIImageIndex + `"`),
	}}
}

func readLayoutIndex(path string) (*layoutIndex, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	x := &layoutIndex{}
	if err := json.Unmarshal(data, &x.fields); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if raw, ok := x.fields["manifests"]; ok {
		if err := json.Unmarshal(raw, &x.manifests); err != nil {
			return nil, fmt.Errorf("parsing manifests of %s: %w", path, err)
		}
	}
	return x, nil
}

// put adds d. An entry with the same ref.name is replaced; without a ref.name,
// an unnamed entry with the same digest is.
func (x *layoutIndex) put(d v1.Descriptor) {
	ref := d.Annotations[refNameAnnotation]
	kept := x.manifests[:0]
	for _, e := range x.manifests {
		other := e.Annotations[refNameAnnotation]
		if (ref != "" && other == ref) || (ref == "" && other == "" && e.Digest == d.Digest) {
			continue
		}
		kept = append(kept, e)
	}
	x.manifests = append(kept, d)
}

// marshal encodes the index with schemaVersion and mediaType first, other
// fields sorted, and manifests last.
func (x *layoutIndex) marshal() ([]byte, error) {
	m, err := json.Marshal(x.manifests)
	if err != nil {
		return nil, err
	}
	x.fields["manifests"] = m
	rank := func(k string) int {
		return map[string]int{"schemaVersion": -2, "mediaType": -1, "manifests": 1}[k]
	}
	keys := slices.SortedFunc(maps.Keys(x.fields), func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		if err := json.Compact(&buf, x.fields[k]); err != nil {
			return nil, fmt.Errorf("encoding index field %s: %w", k, err)
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// describe returns the index.json entry for r, named ref when ref is not empty.
func describe(r Result, ref string) (v1.Descriptor, error) {
	var d v1.Descriptor
	var err error
	if d.MediaType, err = r.MediaType(); err != nil {
		return d, fmt.Errorf("reading media type: %w", err)
	}
	if d.Digest, err = r.Digest(); err != nil {
		return d, fmt.Errorf("computing digest: %w", err)
	}
	if d.Size, err = r.Size(); err != nil {
		return d, fmt.Errorf("computing size: %w", err)
	}
	if ref != "" {
		d.Annotations = map[string]string{refNameAnnotation: ref}
	}
	return d, nil
}
