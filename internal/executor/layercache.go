package executor

import (
	"context"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/layercache"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep517"
	"github.com/pyko-dev/pyko/internal/target"
)

// layerFormat names how pyko writes layers: tar rules, owners, times,
// what the installers put where. Any change to the bytes of a layer
// written from the same inputs must change it, so that no cached layer
// of the old format is used.
const layerFormat = "pyko-layers-2"

// osFacts are what installing a platform's OS packages tells besides its
// layers: their newest build date (the image's creation time) and the
// "so:" names they provide (the DT_NEEDED check of built wheels).
type osFacts struct {
	Newest  int64    `json:"newest"`
	Sonames []string `json:"sonames"`
	// Packages and Release are what the SBOM says of the OS.
	Packages []osPackageFacts `json:"packages"`
	Release  osRelease        `json:"release"`
}

// osInputs is everything that decides a platform's OS layers but the
// creation time.
type osInputs struct {
	Format      string       `json:"format"`
	Kind        string       `json:"kind"`
	OS          *plan.OS     `json:"os"`
	Layers      []plan.Layer `json:"layers"`
	Compression string       `json:"compression"`
	SDE         *int64       `json:"sde,omitempty"`
	Stdlib      string       `json:"stdlib,omitempty"`
}

func (x *execution) osKey(pl plan.Platform, kind string, created time.Time) (string, error) {
	in := osInputs{Format: layerFormat, Kind: kind, OS: pl.OS, Compression: x.p.Layers.Compression, SDE: x.p.Layers.SourceDateEpoch}
	for _, l := range pl.Layers {
		if l.Kind == plan.KindOS || l.Kind == plan.KindGenerated {
			in.Layers = append(in.Layers, l)
		}
	}
	if bc := pl.Bytecode; bc != nil && bc.Stdlib != "" {
		var err error
		if in.Stdlib, err = bytecodeKey(bc, bc.Dependencies, bc.Stdlib, stdlibCut); err != nil {
			return "", err
		}
	}
	if !created.IsZero() {
		in.Kind += " " + created.UTC().Format(time.RFC3339)
	}
	return layercache.Key(in)
}

// pythonInputs is everything that decides a python layer's bytes.
type pythonInputs struct {
	Format      string        `json:"format"`
	Compression string        `json:"compression"`
	FileTime    int64         `json:"fileTime"`
	Layer       plan.Layer    `json:"layer"`
	Wheels      []plan.Wheel  `json:"wheels"`
	Target      target.Target `json:"target"`
	Bytecode    string        `json:"bytecode,omitempty"`
	// Built is set when a wheel of the layer is built from source: its
	// build root, and the image's OS, which its libraries are checked
	// against.
	Built *builtInputs `json:"built,omitempty"`
}

type builtInputs struct {
	Driver    string           `json:"driver"`
	BuildRoot *plan.OS         `json:"buildRoot"`
	OS        []plan.OSPackage `json:"os,omitempty"`
	Base      *plan.Base       `json:"base,omitempty"`
	NoDeps    bool             `json:"noDeps"`
}

func (x *execution) pythonKey(pl plan.Platform, l plan.Layer) (string, error) {
	in := pythonInputs{Format: layerFormat, Compression: x.p.Layers.Compression, FileTime: x.fileTime().Unix(), Layer: l, Target: pl.Target}
	for _, id := range l.Wheels {
		w := wheelByID(pl.Wheels, id)
		in.Wheels = append(in.Wheels, w)
		if w.Build != nil && in.Built == nil {
			in.Built = &builtInputs{Driver: pep517.DriverVersion, BuildRoot: pl.BuildRoot, Base: pl.Base, NoDeps: x.p.Project.NoDeps}
			if pl.OS != nil {
				in.Built.OS = pl.OS.Packages
			}
		}
	}
	if bc := pl.Bytecode; bc != nil {
		var err error
		if in.Bytecode, err = bytecodeKey(bc, bc.Dependencies); err != nil {
			return "", err
		}
	}
	return layercache.Key(in)
}

// bytecodeKey names the pycs a layer gets: the compiler, the cache tag
// and what the caller adds (a mode, the stdlib's directory).
func bytecodeKey(bc *plan.Bytecode, parts ...string) (string, error) {
	ck, err := compilerKey(bc)
	if err != nil {
		return "", err
	}
	return strings.Join(append([]string{ck, bc.Tag}, parts...), " "), nil
}

// layerRecord is what the layer cache keeps beside a key's layers.
type layerRecord struct {
	History []string `json:"history"`
	// Wheels are a python layer's distributions, as the SBOM lists them.
	Wheels []wheelFacts `json:"wheels,omitempty"`
}

// cachedLayer is the one layer cached under key, with its record.
func (x *execution) cachedLayer(ctx context.Context, key string) (image.Addition, layerRecord, bool) {
	adds, rec, ok := x.cachedLayers(ctx, key)
	if !ok || len(adds) != 1 {
		return image.Addition{}, rec, false
	}
	return adds[0], rec, true
}

// cacheLayer stores add's layer under key (with the facts of the wheels
// in it) and returns it as cached; a cache that cannot be written is a
// warning, not a failed build.
func (x *execution) cacheLayer(ctx context.Context, key string, add image.Addition, wheels ...wheelFacts) image.Addition {
	adds := x.cacheLayers(ctx, key, []image.Addition{add}, wheels...)
	return adds[0]
}

func (x *execution) cacheLayers(ctx context.Context, key string, adds []image.Addition, wheels ...wheelFacts) []image.Addition {
	var ls []*layer.Layer
	rec := layerRecord{Wheels: wheels}
	for _, a := range adds {
		l, ok := a.Layer.(*layer.Layer)
		if !ok {
			return adds
		}
		ls, rec.History = append(ls, l), append(rec.History, a.History.CreatedBy)
	}
	cached, err := x.layers.Put(ctx, key, ls, rec)
	if err != nil {
		x.o.Log.Warn("could not cache finished layers", "error", err)
		return adds
	}
	out := make([]image.Addition, len(adds))
	for i, a := range adds {
		out[i] = image.Addition{Layer: cached[i], History: a.History}
	}
	return out
}

// cachedLayers are the layers cached under key, with their record.
func (x *execution) cachedLayers(ctx context.Context, key string) ([]image.Addition, layerRecord, bool) {
	var rec layerRecord
	ls, ok := x.layers.Get(ctx, key, &rec)
	if !ok || len(ls) != len(rec.History) {
		return nil, rec, false
	}
	out := make([]image.Addition, len(ls))
	for i, l := range ls {
		out[i] = image.Addition{Layer: l, History: x.history(rec.History[i])}
	}
	return out, rec, true
}

// appInputs is everything that decides the app layer's bytes.
type appInputs struct {
	Format      string     `json:"format"`
	App         plan.App   `json:"app"`
	Self        *plan.Self `json:"self,omitempty"`
	Venv        string     `json:"venv"`
	Minor       string     `json:"minor"`
	Bytecode    string     `json:"bytecode,omitempty"`
	Compression string     `json:"compression"`
	FileTime    int64      `json:"fileTime"`
}

func (x *execution) appKey(pl plan.Platform, minor string) (string, error) {
	in := appInputs{Format: layerFormat, App: x.p.App, Self: pl.Self, Venv: venvOf(pl), Minor: minor,
		Compression: x.p.Layers.Compression, FileTime: x.fileTime().Unix()}
	if bc := pl.Bytecode; bc != nil {
		var err error
		if in.Bytecode, err = bytecodeKey(bc, bc.App); err != nil {
			return "", err
		}
	}
	return layercache.Key(in)
}
