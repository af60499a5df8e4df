package requirements

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// parseLine applies one logical line of the file at abs: a requirement is
// recorded, an option changes the file's settings or includes a file.
func (p *parser) parseLine(abs, name string, l line, constraint bool, stack []frame) error {
	pl, err := parseLine(l.text)
	if err != nil {
		return err
	}
	dir := filepath.Dir(abs)
	if pl.req != "" {
		return p.requirement(pl, dir, name, l.n, constraint)
	}
	for _, o := range pl.opts {
		if err := p.option(o, dir, name, l.n, stack); err != nil {
			return err
		}
	}
	return nil
}

// requirement records a requirement line with its --hash options.
func (p *parser) requirement(pl parsedLine, dir, name string, n int, constraint bool) error {
	r, err := parseRequirement(pl.req, dir)
	if err != nil {
		var syntax *pep508.SyntaxError
		if errors.As(err, &syntax) { // it quotes the requirement already
			return err
		}
		return fmt.Errorf("%q: %w", pl.req, err)
	}
	r.file, r.line, r.constraint = name, n, constraint
	var hashes []string
	for _, o := range pl.opts {
		if o.name == "--hash" {
			hashes = append(hashes, o.value)
			continue
		}
		// --global-option and --config-settings: build options, and pyko
		// does not build.
		p.opts.log.Debug("ignoring a build option: pyko installs wheels", "file", name, "line", n, "option", o.name)
	}
	if r.hashes, err = pinnedHashes(hashes); err != nil {
		return fmt.Errorf("%q: %w", pl.req, err)
	}
	if r.direct != nil && r.direct.file.SHA256 != "" {
		r.hashes = appendUnique(r.hashes, r.direct.file.SHA256)
	}
	if len(hashes) > 0 {
		r.hashed = true
		p.requireHashes(r.where())
	}
	if constraint {
		p.f.constraints = append(p.f.constraints, r)
	} else {
		p.f.reqs = append(p.f.reqs, r)
	}
	return nil
}

// errEditable says what to do with an editable requirement.
var errEditable = errors.New("editable requirements (-e) cannot go into an image: let pyko install the project itself (a pyproject.toml with [project]), or build a wheel (uv build, pip wheel) and require it by path")

// option applies one option of an option line.
func (p *parser) option(o option, dir, name string, n int, stack []frame) error {
	log := p.opts.log.With("file", name, "line", n)
	switch o.name {
	case "--requirement", "--constraint":
		return p.include(o, dir, stack)
	case "--editable":
		return fmt.Errorf("-e %s: %w", o.value, errEditable)
	case "--index-url":
		p.f.indexes.IndexURL = o.value
		log.Debug("index URL", "url", redact(o.value))
	case "--extra-index-url":
		p.f.indexes.ExtraIndexURLs = append(p.f.indexes.ExtraIndexURLs, o.value)
		log.Debug("extra index URL", "url", redact(o.value))
	case "--no-index":
		p.f.noIndex = true
	case "--find-links":
		p.f.indexes.FindLinks = append(p.f.indexes.FindLinks, findLink(o.value, dir))
	case "--require-hashes":
		p.requireHashes(fmt.Sprintf("%s line %d", name, n))
	case "--no-binary":
		log.Warn("ignoring --no-binary: pyko installs wheels only", "value", o.value)
	case "--hash":
		log.Warn("ignoring --hash on a line with no requirement")
	default:
		// --pre: every requirement is pinned, pre-release or not.
		// --prefer-binary, --only-binary: pyko installs wheels only.
		// --trusted-host: TLS is always verified. --use-feature: pip's.
		log.Debug("ignoring an option pyko has no use for", "option", o.name, "value", o.value)
	}
	return nil
}

// include reads the file a -r or -c option names, relative to the
// including file's directory. Like pip, -r includes requirements even from
// a constraints file.
func (p *parser) include(o option, dir string, stack []frame) error {
	target := o.value
	switch scheme := urlScheme(target); scheme {
	case "":
	case "file":
		d, err := fileURLPath(target, dir)
		if err != nil {
			return err
		}
		target = d
	default:
		return fmt.Errorf("%s %s: including a file over the network is not supported: download it into the project and include its path", o.name, redact(target))
	}
	target = filepath.FromSlash(target)
	if !filepath.IsAbs(target) {
		target = filepath.Join(dir, target)
	}
	return p.parseFile(filepath.Clean(target), o.name == "--constraint", stack)
}

// findLink makes a --find-links path absolute from dir; a URL is kept.
func findLink(v, dir string) string {
	if urlScheme(v) != "" {
		return v
	}
	v = filepath.FromSlash(v)
	if !filepath.IsAbs(v) {
		v = filepath.Join(dir, v)
	}
	return filepath.Clean(v)
}

// requireHashes turns hash checking on, remembering the first line that
// did for messages.
func (p *parser) requireHashes(where string) {
	if !p.f.requireHashes {
		p.f.requireHashes, p.f.hashesFrom = true, where
	}
}
