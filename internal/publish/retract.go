package publish

import (
	"context"
	"fmt"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Retracter is a Publisher whose Publish into an existing destination can be
// taken back: a build whose later output fails retracts what it named, so
// the failed build leaves no new name behind.
type Retracter interface {
	Publisher
	// Retract undoes the last Publish's change to a destination that
	// existed before it. It does nothing if Publish created the
	// destination (the caller removes it) or changed nothing.
	Retract(ctx context.Context) error
}

var _ Retracter = (*layoutPublisher)(nil)

// retraction undoes one put into a layout's index.json: the entry added, and
// the entry it replaced (nil if none).
type retraction struct {
	added    v1.Descriptor
	replaced *v1.Descriptor
}

// retraction returns how to undo put(d).
func (x *layoutIndex) retraction(d v1.Descriptor) *retraction {
	ref := d.Annotations[refNameAnnotation]
	for _, e := range x.manifests {
		other := e.Annotations[refNameAnnotation]
		if (ref != "" && other == ref) || (ref == "" && other == "" && e.Digest == d.Digest) {
			return &retraction{added: d, replaced: &e}
		}
	}
	return &retraction{added: d}
}

// undo takes the added entry out of x again, if it is still the one under
// its name (a later build may have replaced it since: that one is kept), and
// puts back what it replaced.
func (x *layoutIndex) undo(r *retraction) {
	ref := r.added.Annotations[refNameAnnotation]
	for _, e := range x.manifests {
		if e.Annotations[refNameAnnotation] == ref && e.Digest == r.added.Digest {
			x.manifests = removeEntry(x.manifests, e)
			if r.replaced != nil {
				x.put(*r.replaced)
			}
			return
		}
	}
}

func removeEntry(ds []v1.Descriptor, d v1.Descriptor) []v1.Descriptor {
	kept := ds[:0]
	for _, e := range ds {
		if e.Digest == d.Digest && e.Annotations[refNameAnnotation] == d.Annotations[refNameAnnotation] {
			continue
		}
		kept = append(kept, e)
	}
	return kept
}

// Retract takes this build's tag out of an existing layout's index.json
// again, under the layout's lock. The blobs stay: unreferenced blobs are
// harmless, and another build may share them.
func (p *layoutPublisher) Retract(ctx context.Context) error {
	if p.undo == nil {
		return nil
	}
	dir := filepath.Clean(p.dir)
	err := underLock(ctx, p.o.logger, dir, func() error {
		idx, err := readLayoutIndex(filepath.Join(dir, "index.json"))
		if err != nil {
			return err
		}
		idx.undo(p.undo)
		data, err := idx.marshal()
		if err != nil {
			return err
		}
		return writeBytesAtomic(ctx, filepath.Join(dir, "index.json"), data)
	})
	if err != nil {
		return fmt.Errorf("taking the tag %q out of OCI layout %s again: %w", p.tag, dir, err)
	}
	p.undo = nil
	return nil
}
