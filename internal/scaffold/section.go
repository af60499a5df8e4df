package scaffold

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/pyko-dev/pyko/internal/tomlwrite"
)

var minorVersion = regexp.MustCompile(`\b3\.([0-9]{1,2})\b`)

// Section renders the detection as a [tool.pyko] table: the entrypoint as
// a key when one was found, everything else as commented suggestions with
// the reason for each. It starts with the table header and ends with a
// newline; every key it writes is one project.Config decodes.
func (d *Detection) Section() []byte {
	w := &writer{}
	w.line("[tool.pyko]")
	w.comment("Written by `pyko init`. Each key stands for a `pyko build` flag (see")
	w.comment("pyko build --help); a flag given on the command line wins.")
	w.comment("Detected: " + d.Summary() + ".")
	w.blank()
	d.writeEntrypoint(w)
	d.writePort(w)
	if len(d.Notes) > 0 {
		w.blank()
		for _, n := range d.Notes {
			w.comment("Note: " + n)
		}
	}
	w.blank()
	d.writeSuggestions(w)
	return w.buf.Bytes()
}

func (d *Detection) writeEntrypoint(w *writer) {
	switch e := d.Entrypoint.(type) {
	case []string:
		what := "the project's console script, installed in the venv"
		if d.Server != "" {
			what = fmt.Sprintf("%s serves the %s app %s on every interface", d.Server, d.Framework, e[len(e)-1])
		}
		w.comment("The command the container runs: " + what + ".")
		w.line("entrypoint = " + tomlwrite.Array(e))
	case string:
		w.comment("The command the container runs: " + e + " with the image's Python (the venv's when")
		w.comment("there are dependencies). pyko runs main.py, else app.py, when entrypoint is not set.")
		w.line("entrypoint = " + tomlwrite.String(e))
	default:
		w.comment("No entrypoint found: pyko runs main.py or app.py, and there is neither. Set the")
		w.comment(`command the container runs: a script ("serve.py"), "-m package", or an array:`)
	}
	if d.Suggested != nil {
		if d.Entrypoint != nil {
			w.comment("Once " + d.Suggested[0][len(venvBin):] + " is in the dependencies:")
		}
		w.comment("entrypoint = " + tomlwrite.Array(d.Suggested))
	}
}

func (d *Detection) writePort(w *writer) {
	switch {
	case d.Port == 0 && d.Framework == "":
		return // a script, perhaps no server at all
	case d.Port == 0:
		w.comment("pyko does not know the port the app listens on: publish it with docker run -p PORT:PORT.")
		return
	}
	w.comment(fmt.Sprintf("The app listens on %d (%s): publish it with docker run -p %d:%d.", d.Port, d.PortWhy, d.Port, d.Port))
}

func (d *Detection) writeSuggestions(w *writer) {
	py, why := d.python()
	w.comment("The Python version (3.X) the image gets. " + why)
	w.comment("python = " + tomlwrite.String(py))
	w.blank()
	w.comment("The image's names: registry tags (with --push) or names in the -o outputs.")
	w.comment("tags = " + tomlwrite.Array([]string{d.Name + ":latest"}))
	w.blank()
	w.comment("The platforms to build (default linux/amd64).")
	w.comment("platforms = " + tomlwrite.Array([]string{"linux/amd64", "linux/arm64"}))
	w.blank()
	switch d.IgnoreFile {
	case ".pykoignore":
		w.comment("/app gets this directory's files but those .pykoignore leaves out.")
	case ".dockerignore":
		w.comment("/app gets this directory's files but those .dockerignore leaves out; a .pykoignore,")
		w.comment("when present, is read instead.")
	default:
		w.comment("/app gets every file of this directory except .git, .venv, .env files, keys and")
		w.comment("caches. To leave out more, list them in .pykoignore (.dockerignore syntax).")
	}
}

// python suggests a version and says where pyko would take it from.
func (d *Detection) python() (version, why string) {
	switch {
	case d.PythonVersion != "":
		if m := minorVersion.FindString(d.PythonVersion); m != "" {
			return m, "Default: .python-version (" + sanitize(d.PythonVersion) + ")."
		}
	case d.RequiresPython != "":
		v := "3.12"
		if m := minorVersion.FindString(d.RequiresPython); m != "" {
			v = m
		}
		return v, "Default: the newest that fits requires-python (" + sanitize(d.RequiresPython) + ")."
	}
	return "3.12", "Default: .python-version, else the newest the repositories have."
}

// Summary says in one line what was detected.
func (d *Detection) Summary() string {
	var s string
	switch {
	case d.Framework != "" && d.Server != "":
		s = fmt.Sprintf("%s app (%s) served by %s", d.Framework, d.Where, d.Server)
	case d.Framework != "":
		s = fmt.Sprintf("%s app (%s), no production server", d.Framework, d.Where)
	case d.Entrypoint != nil:
		s = "no web framework; a script entrypoint"
	default:
		s = "no web framework, no entrypoint"
	}
	if d.Port != 0 {
		s += fmt.Sprintf(", port %d", d.Port)
	}
	if len(d.DepSources) > 0 {
		s += "; dependencies from " + strings.Join(d.DepSources, ", ")
	}
	return sanitize(s)
}

// writer accumulates the lines of a section.
type writer struct{ buf bytes.Buffer }

func (w *writer) line(s string) { w.buf.WriteString(s + "\n") }
func (w *writer) blank()        { w.buf.WriteString("\n") }

// comment writes s as a TOML comment, which must stay on one line.
func (w *writer) comment(s string) { w.line("# " + sanitize(s)) }

// sanitize makes text from the project (file names, requires-python) safe
// in a one-line comment: TOML comments may hold neither control characters
// nor invalid UTF-8.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
