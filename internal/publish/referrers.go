package publish

import (
	"context"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/referrer"
)

// Referrer is an artifact to attach to one manifest of a result: the
// image, an index, or a platform's image in it.
type Referrer struct {
	Subject v1.Descriptor
	referrer.Artifact
}

// Attacher is a Publisher that can attach referrers (OCI 1.1) to what it
// published: SBOMs, attestations.
type Attacher interface {
	Publisher
	Attach(ctx context.Context, refs []Referrer) error
}

var _ Attacher = (*registryPublisher)(nil)

// Attach pushes each referrer to every repository of the tags, by
// digest: its blobs, then its manifest, whose subject makes the registry
// list it among the subject's referrers (or, on a registry without the
// referrers API, go-containerregistry adds it to the subject's
// "sha256-DIGEST" index tag).
func (p *registryPublisher) Attach(ctx context.Context, refs []Referrer) error {
	if len(refs) == 0 {
		return nil
	}
	pusher, err := p.pusher(ctx, nil)
	if err != nil {
		return err
	}
	for _, tag := range p.repositories() {
		repo := tag.Context()
		for _, r := range refs {
			m, err := referrer.For(r.Artifact, r.Subject)
			if err != nil {
				return err
			}
			for _, b := range m.Blobs {
				if err := pusher.Upload(ctx, repo, b); err != nil {
					return pushError(tag, err)
				}
			}
			opts := []name.Option{}
			if p.insecure(tag) {
				opts = append(opts, name.Insecure)
			}
			ref, err := name.NewDigest(repo.Name()+"@"+m.Desc.Digest.String(), opts...)
			if err != nil {
				return fmt.Errorf("attaching to %s: %w", tag, err)
			}
			if err := pusher.Put(ctx, ref, m); err != nil {
				return pushError(tag, err)
			}
			p.o.logger.InfoContext(ctx, "attached", "type", r.Type, "to", r.Subject.Digest.String(), "repository", repo.String(), "digest", m.Desc.Digest.String())
		}
	}
	return nil
}
