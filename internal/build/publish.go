package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"

	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/sign"
	"github.com/pyko-dev/pyko/internal/usage"
)

// output is one destination of the image; path is the file or directory a
// file sink writes, "" for the registry and the daemon.
type output struct {
	pub  publish.Publisher
	path string
}

// outputs makes one publisher per output before anything is built, so that
// a bad output fails fast. The registry comes first in the list: its upload
// (Stage) is the step most likely to fail (network, credentials), and
// failing first leaves no file; its tags are pushed last (see publishAll).
func (o *Options) outputs(log *slog.Logger, c *checked) ([]output, error) {
	opts := []publish.Option{publish.WithInsecureRegistries(o.Insecure...), publish.WithLogger(log), publish.WithTimeout(o.httpTimeout())}
	if o.DockerHost != "" {
		opts = append(opts, publish.WithDockerHost(o.DockerHost))
	}
	if o.Display != nil {
		opts = append(opts, publish.WithProgress(uploadProgress{o.Display}))
	}
	var outs []output
	if o.Push {
		outs = append(outs, output{pub: publish.NewRegistry(c.tags, opts...)})
	}
	for _, t := range c.outputs {
		p, err := publish.New(t, c.tags, opts...)
		if err != nil {
			return nil, usage.Wrap(fmt.Errorf("--output %s: %w", t, err))
		}
		outs = append(outs, output{pub: p, path: t.Path})
	}
	return outs, nil
}

// publishAll writes the image to every output, all or nothing as far as the
// outputs allow: first the registry uploads without a tag (Stage), then
// every local output (each atomic on its own), then the metadata file, then
// the tags are pushed. The registry gets the image's referrers (its SBOMs)
// with its upload. When a step fails, nothing is tagged, and the
// files and directories that earlier outputs of this build created are
// removed again, and a tag added to an existing OCI layout is taken out
// again (what it replaced put back), so a failed build leaves nothing new
// behind. (A daemon
// load cannot be undone; it is the last local output for that reason.)
func publishAll(ctx context.Context, log *slog.Logger, outs []output, res *Result, metadataFile string, signer *sign.Signer) error {
	var created []string
	var retract []publish.Retracter
	refs, err := res.referrers()
	if err != nil {
		return err
	}
	err = func() error {
		for _, out := range outs {
			if s, ok := out.pub.(publish.Stager); ok {
				if err := s.Stage(ctx, res.Artifact()); err != nil {
					return err
				}
			}
			// Referrers go up with the image, before any tag: once a tag
			// names the image, its SBOMs are there to be found.
			if a, ok := out.pub.(publish.Attacher); ok {
				if err := a.Attach(ctx, refs); err != nil {
					return err
				}
			}
			if s, ok := out.pub.(publish.Signer); ok && signer != nil {
				if err := res.sign(ctx, s, signer); err != nil {
					return err
				}
			}
		}
		outs := ordered(outs)
		tags := outs[len(outs)-staged(outs):]
		for _, out := range outs[:len(outs)-len(tags)] {
			if err := publishOne(ctx, log, out, res, &created, &retract); err != nil {
				return err
			}
		}
		if metadataFile != "" {
			isNew := !exists(metadataFile)
			if err := writeMetadata(metadataFile, res); err != nil {
				return err
			}
			if isNew {
				created = append(created, metadataFile)
			}
		}
		for _, out := range tags {
			if err := publishOne(ctx, log, out, res, &created, &retract); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		for _, p := range created {
			os.RemoveAll(p)
		}
		// The build has failed already: a retraction that fails too is
		// logged, and the build's own error is the one returned.
		for _, r := range retract {
			if rerr := r.Retract(context.WithoutCancel(ctx)); rerr != nil {
				log.Warn("could not undo an output of the failed build", "output", r.String(), "err", rerr)
			}
		}
	}
	return err
}

// publishOne writes one output, adding its path to created when this build
// made it, or to retract when it added to an existing one that can be
// taken back.
func publishOne(ctx context.Context, log *slog.Logger, out output, res *Result, created *[]string, retract *[]publish.Retracter) error {
	isNew := out.path != "" && !exists(out.path)
	log.Info("writing image", "to", out.pub.String(), "digest", res.Digest.String())
	if err := out.pub.Publish(ctx, res.Artifact()); err != nil {
		return err
	}
	if isNew {
		*created = append(*created, out.path)
	} else if r, ok := out.pub.(publish.Retracter); ok {
		*retract = append(*retract, r)
	}
	return nil
}

// staged counts the outputs that are Stagers.
func staged(outs []output) int {
	n := 0
	for _, o := range outs {
		if _, ok := o.pub.(publish.Stager); ok {
			n++
		}
	}
	return n
}

// ordered puts file outputs first, then the daemon, then the registry tags:
// the outputs that can be removed again go before those that cannot.
func ordered(outs []output) []output {
	rank := func(o output) int {
		_, staged := o.pub.(publish.Stager)
		switch {
		case staged:
			return 2
		case o.path == "":
			return 1
		}
		return 0
	}
	sorted := slices.Clone(outs)
	slices.SortStableFunc(sorted, func(a, b output) int { return rank(a) - rank(b) })
	return sorted
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
