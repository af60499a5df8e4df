package wheel

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
)

// launcher is the script pip and installer write for an entry point on
// POSIX (installer's scripts.py template, after distlib's): it imports
// the function and exits with its result. gui_scripts get the same on
// Linux, where there is no pythonw.
func launcher(interpreter string, s script) []byte {
	importName, _, _ := strings.Cut(s.attr, ".")
	return fmt.Appendf(nil, `#!%s
# -*- coding: utf-8 -*-
import re
import sys
from %s import %s
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])
    sys.exit(%s())
`, interpreter, s.module, importName, s.attr)
}

// isEntryPointWrapper reports whether a .data/scripts file is one that
// setuptools generated for an entry point (EP, EP.exe, EP-script.py,
// EP.pya): pip skips those, since its own launcher takes their place.
func isEntryPointWrapper(name string, scripts map[string]bool) bool {
	lower := strings.ToLower(name)
	for _, suffix := range []string{".exe", "-script.py", ".pya"} {
		if strings.HasSuffix(lower, suffix) {
			name = name[:len(name)-len(suffix)]
			break
		}
	}
	return scripts[name]
}

// maxShebangLine bounds the first line read from a "#!python" script.
const maxShebangLine = 4096

// rewrite describes a "#!python" script whose first line becomes
// "#!<interpreter>": the spec's step 2.c ("If applicable, update scripts
// starting with #!python to point to the correct interpreter"). As pip and
// installer do, the whole first line is replaced, "#!pythonw" included.
type rewrite struct {
	shebang  []byte // the new first line, "\n" included
	lineLen  int64  // length of the old first line, "\n" included
	size     int64  // of the rewritten script
	hash     string // RECORD hash of the rewritten script
	original *member
	want     digest
}

// planRewrite reads a .data/scripts member. If it starts with "#!python",
// it is read whole (verified against RECORD) to size and hash the rewritten
// script up front, since its RECORD row is written before any layer is;
// otherwise only its first bytes are looked at and nil is returned (the
// layer writer verifies the content later).
func (s source) planRewrite(m *member, want digest, interpreter string) (*rewrite, error) {
	rc, err := s.open(m, want)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, maxShebangLine)
	head, err := br.Peek(len("#!python"))
	if !bytes.Equal(head, []byte("#!python")) {
		var mismatch *HashMismatchError
		if errors.As(err, &mismatch) {
			return nil, err
		}
		return nil, nil
	}
	line, err := br.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, invalid(s.wheel, m.name, "has a first line longer than %d bytes", maxShebangLine)
	case err != nil && err != io.EOF:
		return nil, err
	}
	rw := &rewrite{shebang: []byte("#!" + interpreter + "\n"), lineLen: int64(len(line)), original: m, want: want}
	h := sha256.New()
	h.Write(rw.shebang)
	rest, err := io.Copy(h, br)
	if err != nil {
		return nil, err
	}
	rw.size = int64(len(rw.shebang)) + rest
	rw.hash = formatHash("sha256", h.Sum(nil))
	return rw, nil
}

// open streams the rewritten script: the new first line, then the
// original after its first line, still verified against RECORD.
func (s source) openRewrite(rw *rewrite) (io.ReadCloser, error) {
	rc, err := s.open(rw.original, rw.want)
	if err != nil {
		return nil, err
	}
	if _, err := io.CopyN(io.Discard, rc, rw.lineLen); err != nil {
		rc.Close()
		return nil, fmt.Errorf("skipping the shebang of %q in wheel %s: %w", rw.original.name, s.wheel, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(rw.shebang), rc), rc}, nil
}
