package build

import (
	"context"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/provenance"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/sign"
)

// sign signs the image (the index and each platform's image) with
// --sign-key and attests its provenance, in cosign's format.
func (r *Result) sign(ctx context.Context, p publish.Signer, s *sign.Signer) error {
	subjects := []v1.Hash{r.Digest}
	if r.Index != nil {
		for _, pl := range r.Platforms {
			d, err := pl.Image.Digest()
			if err != nil {
				return err
			}
			subjects = append(subjects, d)
		}
	}
	var statement []byte
	if r.Provenance != nil {
		var err error
		if statement, err = r.Provenance.Encode(); err != nil {
			return err
		}
	}
	return p.Sign(ctx, s, subjects, statement, provenance.PredicateType)
}
