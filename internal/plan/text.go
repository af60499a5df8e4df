package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteText writes p as a person reads it: per platform, the base or the
// OS packages, the Python target, each layer with what goes into it (and
// the exact file of every package), then the config.
func WriteText(w io.Writer, p *Plan) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if p.Project.Name != "" {
		fmt.Fprintf(tw, "project %s %s", p.Project.Name, p.Project.Version)
		if p.Project.Lockfile != "" {
			fmt.Fprintf(tw, " (Python packages from %s)", p.Project.Lockfile)
		}
		fmt.Fprintln(tw)
	}
	for _, pl := range p.Platforms {
		writePlatform(tw, p, pl)
	}
	return tw.Flush()
}

func writePlatform(w io.Writer, p *Plan, pl Platform) {
	fmt.Fprintf(w, "\n%s\n", pl.Platform)
	if pl.Base != nil {
		fmt.Fprintf(w, "  base\t%s\t%s\n", pl.Base.Reference, pl.Base.Digest)
	}
	if t := pl.Target; t.Interpreter != "" {
		fmt.Fprintf(w, "  python\t%s\t%s glibc %s\n", t.Interpreter, t.Python, t.Glibc)
	}
	for i, l := range pl.Layers {
		fmt.Fprintf(w, "  layer %d\t%s\n", i+1, l.Kind)
		writeLayer(w, p, pl, l)
	}
	if br := pl.BuildRoot; br != nil {
		fmt.Fprintf(w, "  build root\t%s\t%d packages\n", strings.Join(br.World, " "), len(br.Packages))
		for _, pk := range br.Packages {
			fmt.Fprintf(w, "    %s\t%s\t%s\t%d B\n", pk.ID(), pk.Checksum, pk.Repository, pk.Size)
		}
	}
	writeBytecode(w, pl.Bytecode)
	if pl.Self != nil {
		fmt.Fprintf(w, "  project\t%s %s in %s\t%s\n", pl.Self.Name, pl.Self.Version, pl.Self.CodeRoot,
			strings.Join(slices.Sorted(maps.Keys(pl.Self.Scripts)), " "))
	}
	c := pl.Config
	fmt.Fprintf(w, "  user\t%s\n  workdir\t%s\n  entrypoint\t%s\n", c.User, c.WorkingDir, strings.Join(c.Entrypoint, " "))
	for _, e := range c.Env {
		fmt.Fprintf(w, "  env\t%s\n", e)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Labels)) {
		fmt.Fprintf(w, "  label\t%s=%s\n", k, c.Labels[k])
	}
}

func writeLayer(w io.Writer, p *Plan, pl Platform, l Layer) {
	pkgs := map[string]OSPackage{}
	if pl.OS != nil {
		for _, pk := range pl.OS.Packages {
			pkgs[pk.ID()] = pk
		}
	}
	wheels := map[string]Wheel{}
	for _, wh := range pl.Wheels {
		wheels[wh.ID()] = wh
	}
	for _, f := range l.Files {
		fmt.Fprintf(w, "    %s\n", f.Path)
	}
	for _, id := range l.Packages {
		pk := pkgs[id]
		fmt.Fprintf(w, "    %s\t%s\t%s\t%d B\n", id, pk.Checksum, pk.Repository, pk.Size)
	}
	if l.Kind == KindSBOM {
		fmt.Fprintf(w, "    %s in /var/lib/db/sbom, by %s\n", strings.Join(l.SBOM, " and "), l.Note)
	} else if l.Note != "" {
		fmt.Fprintf(w, "    %s\n", l.Note)
	}
	if l.Venv != "" {
		fmt.Fprintf(w, "    venv %s\n", l.Venv)
	}
	for _, id := range l.Wheels {
		wh := wheels[id]
		if b := wh.Build; b != nil {
			writeSource(w, id, *b)
			continue
		}
		fmt.Fprintf(w, "    %s\t%s\t%s\t%s\t%d B\n", id, wh.Filename, wh.Tag, wheelHash(wh), wh.Size)
	}
	if l.Kind == KindApp {
		fmt.Fprintf(w, "    %d files in %s\n", len(p.App.Files), p.App.Dir)
		for _, f := range p.App.Files {
			if f.Type != "dir" {
				fmt.Fprintf(w, "      %s\n", f.Path)
			}
		}
	}
}

// wheelHash is the hash a wheel is checked against, shortened: its
// sha256, else its first other hash, else "no hash".
func wheelHash(wh Wheel) string {
	switch {
	case wh.SHA256 != "":
		return "sha256:" + shortHash(wh.SHA256)
	case len(wh.Hashes) > 0:
		alg, d, _ := strings.Cut(wh.Hashes[0], ":")
		return alg + ":" + shortHash(d)
	}
	return "no hash"
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// writeSource writes a package built from source: the sdist with its
// hash, the directory with its file count, the repository at its commit.
func writeSource(w io.Writer, id string, b SourceBuild) {
	switch b.Kind {
	case SourceDirectory:
		fmt.Fprintf(w, "    %s\tbuilt from the directory %s\t%d files\n", id, b.Path, len(b.Files))
	case SourceGit:
		fmt.Fprintf(w, "    %s\tbuilt from git %s\n", id, b.Describe())
	default:
		fmt.Fprintf(w, "    %s\tbuilt from %s\t%s\t%s\t%d B\n", id, b.Filename, b.URL, wheelHash(Wheel{SHA256: b.SHA256, Hashes: b.Hashes}), b.Size)
	}
}

func writeBytecode(w io.Writer, b *Bytecode) {
	if b == nil {
		fmt.Fprintf(w, "  bytecode\tnone\n")
		return
	}
	var by string
	if b.Compiler != nil {
		by = fmt.Sprintf("%s packages for %s", strings.Join(b.Compiler.World, " "), b.Compiler.Arch)
	} else {
		by = "the interpreter of base " + b.Base.Reference + "@" + b.Base.Digest
	}
	stdlib := ""
	if b.Stdlib != "" {
		stdlib = ", " + b.Stdlib + " where it has none"
	}
	fmt.Fprintf(w, "  bytecode\t%s pycs: %s for site-packages%s, %s for the app\n", b.Tag, b.Dependencies, stdlib, b.App)
	fmt.Fprintf(w, "    compiled by\t%s %s (CPython %s)\n", b.Interpreter, by, b.Python)
}
