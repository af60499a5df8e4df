package provenance

import (
	"cmp"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/plan"
)

// Inputs are what the statement says besides the plan.
type Inputs struct {
	// Subjects are the image's digests: the index or image, and each
	// platform's image.
	Subjects []ResourceDescriptor
	// ToolVersion is pyko's version.
	ToolVersion string
	// Lockfile is the project's lockfile's sha256 (hex), when it has one.
	LockfileSHA256 string
	// Options are the build options that shaped the plan, as given (no
	// URLs, no environment values: the plan and the dependencies say
	// those, without credentials).
	Options map[string]any
}

// New describes the build of p.
func New(p *plan.Plan, in Inputs) (*Statement, error) {
	seal, err := plan.Seal(p)
	if err != nil {
		return nil, err
	}
	deps := []ResourceDescriptor{{Name: "plan", Digest: digest(seal),
		Annotations: map[string]string{"description": "the pyko plan this build executed (pyko plan --format json)"}}}
	if p.Project.Lockfile != "" && in.LockfileSHA256 != "" {
		deps = append(deps, ResourceDescriptor{Name: p.Project.Lockfile, URI: "file:" + p.Project.Lockfile,
			Digest: map[string]string{"sha256": in.LockfileSHA256}})
	}
	var platforms []string
	for _, pl := range p.Platforms {
		platforms = append(platforms, pl.Platform)
		deps = append(deps, platformDeps(pl)...)
	}
	ext := map[string]any{"platforms": platforms}
	if p.Project.Name != "" {
		ext["project"] = map[string]string{"name": p.Project.Name, "version": p.Project.Version}
	}
	if p.Project.Lockfile != "" {
		ext["lockfile"] = p.Project.Lockfile
	}
	if len(p.Platforms) > 0 && p.Platforms[0].Base != nil {
		ext["base"] = p.Platforms[0].Base.Reference
	}
	if len(in.Options) > 0 {
		ext["options"] = in.Options
	}
	s := &Statement{Type: StatementType, Subject: in.Subjects, PredicateType: PredicateType,
		Predicate: Provenance{
			BuildDefinition: BuildDefinition{BuildType: BuildType, ExternalParameters: ext, ResolvedDependencies: dedupe(deps)},
			RunDetails:      RunDetails{Builder: Builder{ID: BuilderID, Version: map[string]string{"pyko": in.ToolVersion}}},
		}}
	return s, nil
}

// platformDeps are a platform's inputs: its APKs (the image's, the build
// root's, the bytecode compiler's), the keys and repositories they come
// from, its wheels or their sources, its base image.
func platformDeps(pl plan.Platform) []ResourceDescriptor {
	var out []ResourceDescriptor
	oses := []*plan.OS{pl.OS, pl.BuildRoot}
	if pl.Bytecode != nil {
		oses = append(oses, pl.Bytecode.Compiler)
	}
	for _, o := range oses {
		if o != nil {
			out = append(out, osDeps(o)...)
		}
	}
	for _, w := range pl.Wheels {
		out = append(out, wheelDep(w))
	}
	if b := pl.Base; b != nil {
		out = append(out, ResourceDescriptor{Name: "base image " + pl.Platform, URI: b.Reference, Digest: digest(b.Digest)})
	}
	if bc := pl.Bytecode; bc != nil && bc.Base != nil {
		out = append(out, ResourceDescriptor{Name: "bytecode compiler image", URI: bc.Base.Reference, Digest: digest(bc.Base.Digest)})
	}
	return out
}

func osDeps(o *plan.OS) []ResourceDescriptor {
	var out []ResourceDescriptor
	var fingerprints []string
	for _, k := range o.Keys {
		fingerprints = append(fingerprints, k.SHA256)
		out = append(out, ResourceDescriptor{Name: "APK signing key " + k.Name, URI: k.Source, Digest: map[string]string{"sha256": k.SHA256}})
	}
	for _, r := range o.Repositories {
		out = append(out, ResourceDescriptor{Name: "APK repository", URI: r,
			Annotations: map[string]string{"keys": strings.Join(fingerprints, " ")}})
	}
	for _, ix := range o.Indexes {
		out = append(out, ResourceDescriptor{Name: "APK index", URI: ix.URL, Digest: map[string]string{"sha256": ix.SHA256}})
	}
	for _, pk := range o.Packages {
		d := ResourceDescriptor{Name: pk.ID() + ".apk", URI: strings.TrimSuffix(pk.Repository, "/") + "/" + o.Arch + "/" + pk.ID() + ".apk",
			Annotations: map[string]string{"apk.checksum": pk.Checksum}}
		if alg, sum, err := apk.DecodeChecksum(pk.Checksum); err == nil {
			// APK's checksum is the digest of the signed control segment,
			// which names the data segment's SHA-256: the package's
			// identity, as apk itself checks it.
			d.Digest = map[string]string{alg: hex.EncodeToString(sum)}
		}
		out = append(out, d)
	}
	return out
}

func wheelDep(w plan.Wheel) ResourceDescriptor {
	if b := w.Build; b != nil {
		d := ResourceDescriptor{Name: w.ID() + " (" + b.Kind + ")", Annotations: map[string]string{"built": "from source by pyko"}}
		switch b.Kind {
		case plan.SourceSdist:
			d.URI, d.Digest = b.URL, hashes(b.SHA256, b.Hashes)
		case plan.SourceGit:
			d.URI, d.Digest = b.URL, map[string]string{"gitCommit": b.Commit}
		case plan.SourceDirectory:
			d.URI = "file:" + b.Path
		}
		return d
	}
	return ResourceDescriptor{Name: w.Filename, URI: w.URL, Digest: hashes(w.SHA256, w.Hashes)}
}

// hashes is a digest set from a sha256 and "algorithm:hex" hashes.
func hashes(sha256 string, more []string) map[string]string {
	out := map[string]string{}
	if sha256 != "" {
		out["sha256"] = sha256
	}
	for _, h := range more {
		if alg, v, ok := strings.Cut(h, ":"); ok {
			out[alg] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// digest is the digest set of "sha256:HEX".
func digest(d string) map[string]string {
	alg, v, ok := strings.Cut(d, ":")
	if !ok {
		return nil
	}
	return map[string]string{alg: v}
}

// dedupe keeps one of each dependency (platforms share packages and
// keys), sorted by URI and name, the plan first.
func dedupe(deps []ResourceDescriptor) []ResourceDescriptor {
	first, rest := deps[0], deps[1:]
	slices.SortStableFunc(rest, func(a, b ResourceDescriptor) int {
		return cmp.Or(cmp.Compare(a.URI, b.URI), cmp.Compare(a.Name, b.Name))
	})
	rest = slices.CompactFunc(rest, func(a, b ResourceDescriptor) bool { return a.URI == b.URI && a.Name == b.Name })
	return append([]ResourceDescriptor{first}, rest...)
}
