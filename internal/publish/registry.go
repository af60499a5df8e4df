package publish

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/pyko-dev/pyko/internal/usage"
)

// registryPublisher pushes to a registry under one or more tags (--push).
type registryPublisher struct {
	tags []name.Tag
	o    options
}

// NewRegistry returns a Publisher that pushes to every tag in tags, in order.
// Each blob goes up at most once per repository: blobs the registry already
// has are skipped, and layers known to live in another repository of the same
// registry are mounted. Later tags of a repository only get the manifest.
func NewRegistry(tags []name.Tag, opts ...Option) Publisher {
	return &registryPublisher{tags: tags, o: makeOptions(opts)}
}

func (p *registryPublisher) String() string {
	s := make([]string, len(p.tags))
	for i, t := range p.tags {
		s[i] = t.String()
	}
	return "registry " + strings.Join(s, ", ")
}

// Stager is a Publisher that can upload everything but the names first:
// Stage makes the image present at its destination untagged, and the later
// Publish only names it. A build stages, writes its other outputs, and tags
// last, so a failed output leaves no tag.
type Stager interface {
	Publisher
	Stage(ctx context.Context, r Result) error
}

var _ Stager = (*registryPublisher)(nil)

// Stage pushes r's blobs and manifest by digest to each repository of the
// tags, without a tag: a registry keeps an untagged manifest until garbage
// collection, and no client resolves it by a name.
func (p *registryPublisher) Stage(ctx context.Context, r Result) (err error) {
	var repos []string
	for _, t := range p.repositories() {
		repos = append(repos, t.Context().String())
	}
	watch, done := p.o.watchUpload(strings.Join(repos, ", "))
	defer func() { done(err) }()
	pusher, err := p.pusher(ctx, r, watch)
	if err != nil {
		return err
	}
	d, err := r.Digest()
	if err != nil {
		return fmt.Errorf("pushing to %s: %w", p.tags[0], err)
	}
	for _, tag := range p.repositories() {
		repo := tag.Context()
		opts := []name.Option{}
		if p.insecure(tag) {
			opts = append(opts, name.Insecure)
		}
		ref, err := name.NewDigest(repo.Name()+"@"+d.String(), opts...)
		if err != nil {
			return fmt.Errorf("pushing to %s: %w", tag, err)
		}
		if err := pusher.Push(ctx, ref, r); err != nil {
			return pushError(tag, err)
		}
		p.o.logger.InfoContext(ctx, "uploaded, not yet tagged", "repository", repo.String(), "digest", d.String())
	}
	return nil
}

// Publish pushes r under every tag. After Stage, only the manifests go up.
// With no tags it is a usage error.
func (p *registryPublisher) Publish(ctx context.Context, r Result) error {
	pusher, err := p.pusher(ctx, r)
	if err != nil {
		return err
	}
	for _, tag := range p.tags {
		ref := tag
		if p.insecure(tag) {
			if ref, err = name.NewTag(tag.Name(), name.Insecure); err != nil {
				return fmt.Errorf("pushing to %s: %w", tag, err)
			}
		}
		if err := pusher.Push(ctx, ref, r); err != nil {
			return pushError(tag, err)
		}
		d, _ := r.Digest()
		p.o.logger.InfoContext(ctx, "pushed", "ref", tag.String(), "digest", d.String())
	}
	return nil
}

// repositories are the first tag of each repository the tags name: an
// upload by digest goes once to each.
func (p *registryPublisher) repositories() []name.Tag {
	seen := map[string]bool{}
	var out []name.Tag
	for _, tag := range p.tags {
		if !seen[tag.Context().String()] {
			seen[tag.Context().String()] = true
			out = append(out, tag)
		}
	}
	return out
}

// pusher makes the pusher of p's uploads, checking r (when given) is an
// image or an index.
func (p *registryPublisher) pusher(ctx context.Context, r Result, extra ...remote.Option) (*remote.Pusher, error) {
	if len(p.tags) == 0 {
		return nil, usage.Errorf("pushing needs at least one tag: add -t REGISTRY/REPOSITORY:TAG")
	}
	if r != nil {
		if _, _, err := asImageOrIndex(r); err != nil {
			return nil, err
		}
	}
	opts := []remote.Option{
		remote.WithContext(ctx),
		remote.WithJobs(p.o.jobs),
		remote.WithAuthFromKeychain(p.o.keychain),
		remote.WithUserAgent(p.o.userAgent),
		remote.WithTransport(p.transport()),
	}
	for _, o := range extra {
		if o != nil {
			opts = append(opts, o)
		}
	}
	pusher, err := remote.NewPusher(opts...)
	if err != nil {
		return nil, fmt.Errorf("pushing to %s: %w", p.tags[0], err)
	}
	return pusher, nil
}
