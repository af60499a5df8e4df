package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/usage"
)

// output is one destination of the image; path is the file or directory a
// file sink writes, "" for the registry and the daemon.
type output struct {
	pub  publish.Publisher
	path string
}

// outputs makes one publisher per output before anything is built, so that
// a bad output fails fast. The registry comes first: it is the step most
// likely to fail (network, credentials), and failing first leaves no file.
func (o *Options) outputs(log *slog.Logger, c *checked) ([]output, error) {
	opts := []publish.Option{publish.WithInsecureRegistries(o.Insecure...), publish.WithLogger(log)}
	if o.DockerHost != "" {
		opts = append(opts, publish.WithDockerHost(o.DockerHost))
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

// publish writes the image to every output, then the metadata file. Each
// output is atomic on its own; when one fails, the files and directories
// that earlier outputs of this build created are removed again, so a failed
// build leaves nothing new behind.
func publishAll(ctx context.Context, log *slog.Logger, outs []output, res *Result, metadataFile string) error {
	var created []string
	err := func() error {
		for _, out := range outs {
			isNew := out.path != "" && !exists(out.path)
			log.Info("writing image", "to", out.pub.String(), "digest", res.Digest.String())
			if err := out.pub.Publish(ctx, res.Artifact()); err != nil {
				return err
			}
			if isNew {
				created = append(created, out.path)
			}
		}
		if metadataFile != "" {
			return writeMetadata(metadataFile, res)
		}
		return nil
	}()
	if err != nil {
		for _, p := range created {
			os.RemoveAll(p)
		}
	}
	return err
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
