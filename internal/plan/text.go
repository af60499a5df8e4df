package plan

import (
	"fmt"
	"io"
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
		writePlatform(tw, pl)
	}
	return tw.Flush()
}

func writePlatform(w io.Writer, pl Platform) {
	fmt.Fprintf(w, "\n%s\n", pl.Platform)
	if pl.Base != nil {
		fmt.Fprintf(w, "  base\t%s\t%s\n", pl.Base.Reference, pl.Base.Digest)
	}
	if pl.Python.Interpreter != "" {
		fmt.Fprintf(w, "  python\t%s\t%s glibc %s\n", pl.Python.Interpreter, pl.Python.Version, pl.Python.Glibc)
	}
	os := map[string]OSPackage{}
	if pl.OS != nil {
		for _, p := range pl.OS.Packages {
			os[p.Name+"-"+p.Version] = p
		}
	}
	wheels := map[string]Wheel{}
	for _, wh := range pl.Wheels {
		wheels[wh.Name+"=="+wh.Version] = wh
	}
	for i, l := range pl.Layers {
		fmt.Fprintf(w, "  layer %d\t%s\n", i+1, l.Kind)
		for _, c := range l.Contents {
			switch {
			case os[c].Name != "":
				p := os[c]
				fmt.Fprintf(w, "    %s\t%s\t%s\t%d B\n", c, p.Checksum, p.Repository, p.Size)
			case wheels[c].Name != "":
				wh := wheels[c]
				fmt.Fprintf(w, "    %s\t%s\t%s\tsha256:%s\t%d B\n", c, wh.Filename, wh.MatchedTag, shortHash(wh.SHA256), wh.Size)
			default:
				fmt.Fprintf(w, "    %s\n", c)
			}
		}
	}
	if pl.Self != nil {
		fmt.Fprintf(w, "  project\t%s %s in %s\t%s\n", pl.Self.Name, pl.Self.Version, pl.Self.CodeRoot, strings.Join(pl.Self.Scripts, " "))
	}
	c := pl.Config
	fmt.Fprintf(w, "  user\t%s\n  workdir\t%s\n  entrypoint\t%s\n", c.User, c.WorkingDir, strings.Join(c.Entrypoint, " "))
	for _, e := range c.Env {
		fmt.Fprintf(w, "  env\t%s\n", e)
	}
	for k, v := range c.Labels {
		fmt.Fprintf(w, "  label\t%s=%s\n", k, v)
	}
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
