package executor

import (
	"fmt"
	"maps"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
)

// created is the image's creation time: SOURCE_DATE_EPOCH, else the newest
// date of its inputs that have one (its OS packages' build dates, its
// base image's creation time), else the Unix epoch. Never the clock.
func (x *execution) created() time.Time {
	if x.sde.IsZero() && !x.newestPackage.IsZero() {
		return x.newestPackage
	}
	return x.fileTime()
}

// fileTime is the modification time of the files pyko writes (the app,
// the accounts, the venv): SOURCE_DATE_EPOCH, else the Unix epoch. It does
// not follow the OS packages, so that an OS update leaves the app layer
// unchanged.
func (x *execution) fileTime() time.Time {
	if x.sde.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return x.sde
}

func (x *execution) history(createdBy string) v1.History {
	return v1.History{Created: v1.Time{Time: x.created().UTC()}, CreatedBy: createdBy, Comment: "pyko"}
}

// annotations are the plan's, with the creation time, which only
// execution knows when the OS packages decide it.
func (x *execution) annotations(planned map[string]string) map[string]string {
	a := maps.Clone(planned)
	if a == nil {
		a = map[string]string{}
	}
	a["org.opencontainers.image.created"] = x.created().UTC().Format(time.RFC3339)
	return a
}

func (x *execution) layerOpts() []layer.Option {
	return []layer.Option{
		layer.WithCompression(x.compression),
		layer.WithModTime(x.fileTime()),
		layer.WithTempDir(x.o.TempDir),
	}
}

// noteBaseDates counts the base images' creation times among the
// inputs' dates: an image on a base is no older than its base.
func (x *execution) noteBaseDates(bases []*image.PlatformImage) error {
	for _, b := range bases {
		if b == nil {
			continue
		}
		cf, err := b.Image.ConfigFile()
		if err != nil {
			return fmt.Errorf("reading the base image's config: %w", err)
		}
		if t := cf.Created.Time.UTC(); t.After(x.newestPackage) {
			x.newestPackage = t
		}
	}
	return nil
}
