package bytecode

import (
	"bufio"
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// maxObjects bounds the shared objects Loadable follows.
const maxObjects = 512

// Loadable checks that the program at prog (an image path) in the root
// file system dir can be loaded there: it is an ELF file whose dynamic
// loader (PT_INTERP) is in dir, and so is every library it needs
// (DT_NEEDED), and theirs, where the loader looks: the object's RUNPATH
// or RPATH ($ORIGIN its own directory), the lib directories and their
// subdirectories, and those the loader's configuration names. An object
// of another class or machine is passed over, as the loader does.
func Loadable(dir, prog string) error {
	l := loader{root: dir, seen: map[string]bool{}}
	first, err := l.open(prog)
	if err != nil {
		return err
	}
	defer first.Close()
	l.class, l.machine = first.Class, first.Machine
	p, err := interp(first)
	if err != nil {
		return fmt.Errorf("%s: %w", prog, err)
	}
	if p != "" {
		if _, err := l.resolve(p); err != nil {
			return fmt.Errorf("%s's loader %s: %w", prog, p, err)
		}
	}
	l.dirs = l.defaultDirs()
	return l.walk(prog, first)
}

// loader finds a program's libraries in a root as the dynamic loader
// would.
type loader struct {
	root    string
	class   elf.Class
	machine elf.Machine
	dirs    []string
	// seen are the objects walked, by resolved image path.
	seen map[string]bool
}

// walk checks the libraries the object at p needs, depth first.
func (l *loader) walk(p string, f *elf.File) error {
	if len(l.seen) >= maxObjects {
		return fmt.Errorf("more than %d shared objects", maxObjects)
	}
	needed, err := f.DynString(elf.DT_NEEDED)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	dirs := append(l.runpath(f, path.Dir(p)), l.dirs...)
	for _, name := range needed {
		lib, lf, err := l.find(name, dirs)
		if err != nil {
			return fmt.Errorf("%s needs %s: %w", p, name, err)
		}
		if l.seen[lib] {
			lf.Close()
			continue
		}
		l.seen[lib] = true
		err = l.walk(lib, lf)
		lf.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// find is the first object named name in dirs of the program's class and
// machine, open.
func (l *loader) find(name string, dirs []string) (string, *elf.File, error) {
	if strings.Contains(name, "/") {
		dirs = []string{""}
	}
	for _, d := range dirs {
		p, err := l.resolve(path.Join("/", d, name))
		if err != nil {
			continue
		}
		f, err := elf.Open(filepath.Join(l.root, filepath.FromSlash(p)))
		if err != nil {
			continue
		}
		if f.Class == l.class && f.Machine == l.machine {
			return p, f, nil
		}
		f.Close()
	}
	return "", nil, errors.New("not found in the root")
}

// open resolves the image path p and opens it as ELF.
func (l *loader) open(p string) (*elf.File, error) {
	r, err := l.resolve(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	f, err := elf.Open(filepath.Join(l.root, filepath.FromSlash(r)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return f, nil
}

// runpath are the directories f's RUNPATH (else RPATH) names, $ORIGIN
// being origin; entries with other substitutions are passed over.
func (l *loader) runpath(f *elf.File, origin string) []string {
	var out []string
	for _, tag := range []elf.DynTag{elf.DT_RUNPATH, elf.DT_RPATH} {
		vals, err := f.DynString(tag)
		if err != nil || len(vals) == 0 {
			continue
		}
		for _, v := range vals {
			for _, d := range strings.Split(v, ":") {
				d = strings.NewReplacer("${ORIGIN}", origin, "$ORIGIN", origin).Replace(d)
				if d != "" && !strings.Contains(d, "$") {
					out = append(out, d)
				}
			}
		}
		break
	}
	return out
}

// defaultDirs are the lib directories, their subdirectories, and the
// directories of /etc/ld.so.conf and /etc/ld.so.conf.d/*.
func (l *loader) defaultDirs() []string {
	var out []string
	base := slices.Sorted(func(yield func(string) bool) {
		for d := range libDirs {
			if !yield(d) {
				return
			}
		}
	})
	for _, d := range base {
		out = append(out, d)
		r, err := l.resolve(d)
		if err != nil {
			continue
		}
		es, _ := os.ReadDir(filepath.Join(l.root, filepath.FromSlash(r)))
		for _, e := range es {
			if e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
				out = append(out, path.Join(d, e.Name()))
			}
		}
	}
	confs := []string{"etc/ld.so.conf"}
	if r, err := l.resolve("etc/ld.so.conf.d"); err == nil {
		es, _ := os.ReadDir(filepath.Join(l.root, filepath.FromSlash(r)))
		for _, e := range es {
			confs = append(confs, path.Join("etc/ld.so.conf.d", e.Name()))
		}
	}
	for _, c := range confs {
		out = append(out, l.confDirs(c)...)
	}
	return out
}

// confDirs are the absolute directories the loader configuration file c
// lists; its include lines are what defaultDirs reads anyway.
func (l *loader) confDirs(c string) []string {
	r, err := l.resolve(c)
	if err != nil {
		return nil
	}
	f, err := os.Open(filepath.Join(l.root, filepath.FromSlash(r)))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := strings.TrimSpace(s.Text()); strings.HasPrefix(line, "/") {
			out = append(out, line)
		}
	}
	return out
}

// resolve follows the symbolic links of the image path p inside the
// root, an absolute target meaning the root's, ".." stopping at the
// root, and returns the path with none left: what opening it in the
// root's own namespace would reach.
func (l *loader) resolve(p string) (string, error) {
	todo := strings.Split(strings.Trim(p, "/"), "/")
	var done []string
	for hops := 0; len(todo) > 0; {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) > 0 {
				done = done[:len(done)-1]
			}
			continue
		}
		host := filepath.Join(l.root, filepath.FromSlash(path.Join(append(done, c)...)))
		fi, err := os.Lstat(host)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, c)
			continue
		}
		if hops++; hops > 40 {
			return "", fmt.Errorf("%s: too many levels of symbolic links", p)
		}
		target, err := os.Readlink(host)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(target, "/") {
			done = nil
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	return path.Join(done...), nil
}

// interp is f's program interpreter, the dynamic loader; "" for a
// static program.
func interp(f *elf.File) (string, error) {
	for _, p := range f.Progs {
		if p.Type != elf.PT_INTERP {
			continue
		}
		if p.Filesz > 4096 {
			return "", fmt.Errorf("a program interpreter of %d bytes", p.Filesz)
		}
		b := make([]byte, p.Filesz)
		if _, err := p.ReadAt(b, 0); err != nil {
			return "", fmt.Errorf("reading the program interpreter: %w", err)
		}
		return strings.TrimRight(string(b), "\x00"), nil
	}
	return "", nil
}
