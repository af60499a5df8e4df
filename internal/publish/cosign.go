package publish

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/sign"
)

// Signer is a Publisher that can sign what it published, in cosign's
// format (--sign-key).
type Signer interface {
	Publisher
	Sign(ctx context.Context, s *sign.Signer, subjects []v1.Hash, statement []byte, predicateType string) error
}

var _ Signer = (*registryPublisher)(nil)

// Sign signs each subject digest in every repository of the tags (its
// "sha256-HEX.sig" tag) and, with a statement, attests it ("sha256-HEX.att"),
// adding to what those tags already hold, as cosign does.
func (p *registryPublisher) Sign(ctx context.Context, s *sign.Signer, subjects []v1.Hash, statement []byte, predicateType string) error {
	for _, tag := range p.repositories() {
		repo := tag.Context()
		for _, d := range subjects {
			body, sig, err := s.Signature(repo.Name(), d.String())
			if err != nil {
				return err
			}
			if err := p.appendCosign(ctx, tag, d, "sig", static.NewLayer(body, sign.SimpleSigningMediaType),
				map[string]string{sign.SignatureAnnotation: sig}); err != nil {
				return err
			}
			if statement == nil {
				continue
			}
			env, err := s.Attestation(statement)
			if err != nil {
				return err
			}
			if err := p.appendCosign(ctx, tag, d, "att", static.NewLayer(env, sign.DSSEMediaType),
				// cosign reads an attestation layer as a signature layer with
				// an empty signature: the DSSE envelope holds it.
				map[string]string{sign.PredicateAnnotation: predicateType, sign.SignatureAnnotation: ""}); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendCosign adds a layer to the image at the subject's cosign tag of
// kind ("sig", "att"), making it when absent.
func (p *registryPublisher) appendCosign(ctx context.Context, tag name.Tag, d v1.Hash, kind string, l v1.Layer, ann map[string]string) error {
	opts := []name.Option{}
	if p.insecure(tag) {
		opts = append(opts, name.Insecure)
	}
	ref, err := name.NewTag(tag.Context().Name()+":"+d.Algorithm+"-"+d.Hex+"."+kind, opts...)
	if err != nil {
		return fmt.Errorf("signing for %s: %w", tag, err)
	}
	ro := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(p.o.keychain),
		remote.WithUserAgent(p.o.userAgent), remote.WithTransport(p.transport())}
	base, err := remote.Image(ref, ro...)
	var terr *transport.Error
	switch {
	case errors.As(err, &terr) && terr.StatusCode == http.StatusNotFound:
		base = mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	case err != nil:
		return pushError(tag, err)
	}
	img, err := mutate.Append(base, mutate.Addendum{Layer: l, Annotations: ann, MediaType: mustMediaType(l)})
	if err != nil {
		return err
	}
	if err := remote.Write(ref, img, ro...); err != nil {
		return pushError(tag, err)
	}
	p.o.logger.InfoContext(ctx, "signed", "kind", kind, "digest", d.String(), "tag", ref.String())
	return nil
}

func mustMediaType(l v1.Layer) types.MediaType {
	mt, _ := l.MediaType()
	return mt
}
