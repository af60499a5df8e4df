package wheel

import (
	"io"
	"io/fs"
	"strings"
)

// Modes of installed files: root-owned, read-only for others.
const (
	fileMode fs.FileMode = 0o644
	execMode fs.FileMode = 0o755
)

// spread maps every member to its place in the venv (steps 2.a to 2.c).
// Members outside <name>-<version>.data go to site-packages (purelib and
// platlib are one directory in a venv, so Root-Is-Purelib changes
// nothing); each .data subdirectory goes to its scheme's directory.
func (in *installation) spread() error {
	dataDir := strings.TrimSuffix(in.distInfo, ".dist-info") + ".data/"
	entryPoints := make(map[string]bool, len(in.scripts))
	for _, s := range in.scripts {
		entryPoints[s.name] = true
	}
	for _, m := range in.members {
		if err := in.ctx.Err(); err != nil {
			return err
		}
		switch m.name {
		case in.distInfo + "/RECORD", in.distInfo + "/RECORD.jws", in.distInfo + "/RECORD.p7s":
			// Rewritten below; the signatures sign the wheel's RECORD,
			// which is not the installed one.
			continue
		case in.distInfo + "/INSTALLER":
			// pyko is the installer now, as pip overwrites it too.
			continue
		case in.distInfo + "/direct_url.json":
			if in.o.directURL != nil {
				continue
			}
		}
		rest, inData := strings.CutPrefix(m.name, dataDir)
		if !inData {
			in.addMember(m, in.l.sitePackages()+"/"+m.name, fileMode)
			continue
		}
		scheme, sub, _ := strings.Cut(rest, "/")
		if sub == "" {
			return invalid(in.src.wheel, m.name, "is not inside one of %s's purelib, platlib, headers, scripts or data directories", dataDir)
		}
		switch scheme {
		case "purelib", "platlib":
			in.addMember(m, in.l.sitePackages()+"/"+sub, fileMode)
		case "headers":
			in.addMember(m, in.l.headers(in.name)+"/"+sub, fileMode)
		case "data":
			if in.l.reserved(sub) {
				return invalid(in.src.wheel, m.name, "would replace the venv's own %s", sub)
			}
			in.addMember(m, in.l.root()+"/"+sub, fileMode)
		case "scripts":
			if err := in.addScript(m, sub, entryPoints); err != nil {
				return err
			}
		default:
			return invalid(in.src.wheel, m.name, "is in an unknown .data directory %q; known: purelib, platlib, headers, scripts, data", scheme)
		}
	}
	return nil
}

// addMember installs m as is, executable if the zip says so.
func (in *installation) addMember(m *member, target string, mode fs.FileMode) {
	if m.exec {
		mode = execMode
	}
	want := in.hashes[m.name]
	in.add(target, mode, m.size, want.String(), func() (io.ReadCloser, error) { return in.src.open(m, want) })
}

// addScript installs a .data/scripts file in bin, executable ("Unix
// installers may need to add the +x bit to these files if the archive was
// created on Windows"), its "#!python" line pointing to the interpreter.
func (in *installation) addScript(m *member, name string, entryPoints map[string]bool) error {
	if strings.Contains(name, "/") {
		return invalid(in.src.wheel, m.name, "is in a subdirectory of scripts; scripts are files directly in it")
	}
	if reservedScript(name) {
		return invalid(in.src.wheel, m.name, "would replace the venv's interpreter")
	}
	if isEntryPointWrapper(name, entryPoints) {
		return nil
	}
	target := in.l.scripts() + "/" + name
	want := in.hashes[m.name]
	rw, err := in.src.planRewrite(m, want, in.l.Interpreter)
	if err != nil {
		return err
	}
	if rw == nil {
		in.addMember(m, target, execMode)
		return nil
	}
	in.add(target, execMode, rw.size, rw.hash, func() (io.ReadCloser, error) { return in.src.openRewrite(rw) })
	return nil
}

// addLaunchers writes a launcher in bin for every console and gui script.
func (in *installation) addLaunchers() {
	for _, s := range in.scripts {
		b := launcher(in.l.Interpreter, s)
		in.add(in.l.scripts()+"/"+s.name, execMode, int64(len(b)), sha256Of(b), bytesOpener(b))
	}
}

// addInstallerMetadata writes INSTALLER and, if asked, direct_url.json:
// https://packaging.python.org/en/latest/specifications/recording-installed-packages/
func (in *installation) addInstallerMetadata() {
	dir := in.l.sitePackages() + "/" + in.distInfo
	installer := []byte(in.o.installer + "\n")
	in.add(dir+"/INSTALLER", fileMode, int64(len(installer)), sha256Of(installer), bytesOpener(installer))
	if in.o.directURL != nil {
		in.add(dir+"/direct_url.json", fileMode, int64(len(in.o.directURL)), sha256Of(in.o.directURL), bytesOpener(in.o.directURL))
	}
}

// addRecord writes the installed RECORD: every installed file with its
// path relative to site-packages ("../../../bin/flask" for a script, as
// pip writes), its hash and size, and RECORD itself without either.
func (in *installation) addRecord() {
	site := in.l.sitePackages()
	self := site + "/" + in.distInfo + "/RECORD"
	rows := make([]recordRow, 0, len(in.files)+1)
	for _, f := range in.files {
		rows = append(rows, recordRow{Path: relativeTo(site, f.entry.Path), Hash: f.hash, Size: f.entry.Size})
	}
	rows = append(rows, recordRow{Path: relativeTo(site, self), Size: -1})
	b := formatRecord(rows)
	in.add(self, fileMode, int64(len(b)), "", bytesOpener(b))
}
