package requirements

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// maxFileSize bounds what Parse reads from one file: the largest real
// compiled requirements files are a few hundred kilobytes.
const maxFileSize = 16 << 20

// Parse reads the requirements file at path and the files it includes with
// -r and -c. It checks every line's syntax, options and hashes; pins are
// checked by Select, since they depend on which markers hold.
func Parse(ctx context.Context, path string, opts ...Option) (*File, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("reading requirements file %s: %w", path, err)
	}
	p := &parser{ctx: ctx, opts: o, rootDir: filepath.Dir(abs), f: &File{path: path}}
	if err := p.parseFile(abs, false, nil); err != nil {
		return nil, err
	}
	return p.f, nil
}

// Open is Parse as a lock.OpenFunc; the pyproject is not needed.
func Open(ctx context.Context, in lock.Input) (lock.Lockfile, error) {
	var opts []Option
	if in.Log != nil {
		opts = append(opts, WithLogger(in.Log))
	}
	f, err := Parse(ctx, in.Path, opts...)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// parser holds the state of one Parse.
type parser struct {
	ctx     context.Context
	opts    options
	rootDir string // the directory of the top file, to name files in messages
	f       *File
}

// frame is one file being read, for include cycle detection.
type frame struct {
	key  string // the file's real path
	name string // as messages name it
}

// name is how messages name the file at abs: relative to the top file's
// directory, with forward slashes.
func (p *parser) name(abs string) string {
	if rel, err := filepath.Rel(p.rootDir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return abs
}

// parseFile reads one file; stack is the chain of files including it.
func (p *parser) parseFile(abs string, constraint bool, stack []frame) error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	name := p.name(abs)
	key := abs
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		key = real
	}
	for i, fr := range stack {
		if fr.key == key {
			chain := make([]string, 0, len(stack)-i+1)
			for _, f := range stack[i:] {
				chain = append(chain, f.name)
			}
			return fmt.Errorf("include cycle %s → %s: remove one of the -r or -c lines", strings.Join(chain, " → "), name)
		}
	}
	content, err := readFile(abs)
	if err != nil {
		return fmt.Errorf("reading requirements file %s: %w", name, err)
	}
	stack = append(stack, frame{key: key, name: name})
	for _, l := range logicalLines(content, p.opts.lookupEnv) {
		if err := p.parseLine(abs, name, l, constraint, stack); err != nil {
			var le *LineError
			if errors.As(err, &le) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			return &LineError{File: name, Line: l.n, Err: err}
		}
	}
	return nil
}

// readFile reads a requirements file, as UTF-8 with an optional byte order
// mark. pip also reads UTF-16, which PowerShell's "pip freeze >" writes;
// pyko asks for UTF-8 instead.
func readFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxFileSize {
		return "", fmt.Errorf("larger than %d MiB: is it a requirements file?", maxFileSize>>20)
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return "", errors.New("the file is UTF-16: save it as UTF-8")
	}
	return string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))), nil
}
