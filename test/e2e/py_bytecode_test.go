package e2e

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// importFlask imports the app's dependencies and one app module with
// python -v, which names the file each code object comes from; its
// stderr goes to stdout, which podmanRun returns.
var importFlask = []string{"-v", "-c", "import os; os.dup2(1, 2); import flask, requests, greeting; print('word', greeting.WORD)"}

// compiledAtImport lists the sources python -v says it compiled: a
// "code object from" line that names a .py, not a .pyc.
func compiledAtImport(stderr string) []string {
	var out []string
	for _, line := range strings.Split(stderr, "\n") {
		if f, ok := strings.CutPrefix(line, "# code object from "); ok && strings.HasSuffix(strings.Trim(f, "'"), ".py") {
			out = append(out, strings.Trim(f, "'"))
		}
	}
	return out
}

// TestPyBytecode builds the Flask app with bytecode, from packages and on
// the Debian base, and runs it on a read-only root file system: every
// module imported (the stdlib's, the dependencies', the app's) comes
// from a pyc pyko wrote, none is compiled at import. An app module
// mounted over its file is picked up (the app's pycs are checked-hash).
// The digest does not depend on the cache or on how many compilers ran
// at once, and --no-compile leaves the dependencies and the app to be
// compiled at import (the stdlib's pycs come with the python package).
func TestPyBytecode(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	whl := debWheelDir(t)
	idx := pyindex.Serve(t, whl)
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	pyWriteFile(t, proj, "greeting.py", "WORD = 'built'\n")
	edited := filepath.Join(t.TempDir(), "greeting.py")
	pyWriteFile(t, filepath.Dir(edited), "greeting.py", "WORD = 'mounted'\n")
	args := func(out string, extra ...string) []string {
		return append(wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app"), extra...)
	}
	wolfi := filepath.Join(t.TempDir(), "wolfi")
	digest := buildOK(t, wolfiCache(t), args(wolfi)...)

	t.Run("same digest, fresh cache, one compiler at a time", func(t *testing.T) {
		t.Parallel()
		if d := buildOK(t, append(wolfiCache(t), "GOMAXPROCS=1"), args(filepath.Join(t.TempDir(), "oci"))...); d != digest {
			t.Errorf("digest %s, first build %s", d, digest)
		}
	})

	t.Run("two builds at once share a fresh cache", func(t *testing.T) {
		t.Parallel()
		env := wolfiCache(t)
		var wg sync.WaitGroup
		digests := make([]string, 2)
		for i := range digests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := runPyko(t, env, args(filepath.Join(t.TempDir(), "oci"))...)
				if r.code != 0 {
					t.Errorf("build %d: exit %d\n%s", i, r.code, r.stderr)
				}
				digests[i] = strings.TrimSpace(r.stdout)
			}()
		}
		wg.Wait()
		for i, d := range digests {
			if d != digest {
				t.Errorf("build %d: digest %q, want %s", i, d, digest)
			}
		}
		// A third build takes every layer from the cache they made:
		// nothing is installed or compiled.
		r := runPyko(t, env, args(filepath.Join(t.TempDir(), "oci"))...)
		if r.code != 0 || strings.TrimSpace(r.stdout) != digest {
			t.Fatalf("warm build: exit %d, %q, want %s\n%s", r.code, r.stdout, digest, r.stderr)
		}
		if strings.Contains(r.stderr, "installing ") || strings.Contains(r.stderr, "compiled bytecode") {
			t.Errorf("the warm build installed or compiled:\n%s", r.stderr)
		}
	})

	debian := filepath.Join(t.TempDir(), "debian")
	onBase := func(out string) []string {
		return []string{"build", proj, "--base", baseRef(t), "--index-url", idx.IndexURL(), "-o", "oci:" + out + ":app"}
	}
	debianDigest := buildOK(t, wolfiCache(t), onBase(debian)...)

	t.Run("on the base, the compiler's root is unpacked once, while planning", func(t *testing.T) {
		t.Parallel()
		r := runPyko(t, wolfiCache(t), onBase(filepath.Join(t.TempDir(), "oci"))...)
		if r.code != 0 || strings.TrimSpace(r.stdout) != debianDigest {
			t.Fatalf("exit %d, %q, want %s\n%s", r.code, r.stdout, debianDigest, r.stderr)
		}
		if n := strings.Count(r.stderr, "unpacking the base image"); n != 1 {
			t.Errorf("the base was unpacked %d times, want once:\n%s", n, r.stderr)
		}
		if !strings.Contains(r.stderr, "while=planning") {
			t.Errorf("the base was not unpacked while the plan was made:\n%s", r.stderr)
		}
	})
	noPyc := filepath.Join(t.TempDir(), "nopyc")
	buildOK(t, wolfiCache(t), args(noPyc, "--no-compile")...)

	for _, img := range []struct {
		name, dir string
		compiled  bool
	}{{"wolfi", wolfi, true}, {"debian", debian, true}, {"no-compile", noPyc, false}} {
		t.Run(img.name, func(t *testing.T) {
			t.Parallel()
			p := tools.NewPodman(t)
			name := "localhost/bytecode-" + img.name + ":1"
			flags := []string{"--read-only", "--entrypoint", "/app/venv/bin/python"}
			got, err := podmanRun(t, p, img.dir, "app", name, flags, importFlask...)
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, got, "word built")
			compiled := compiledAtImport(got)
			if img.compiled && len(compiled) > 0 {
				t.Errorf("%d modules compiled at import, want none: %v", len(compiled), compiled)
			}
			if !img.compiled {
				// The mirror's python ships its stdlib's pycs, as Wolfi's
				// does; pyko wrote none for the dependencies or the app.
				deps, stdlib := 0, 0
				for _, f := range compiled {
					switch {
					case strings.HasPrefix(f, "/app/venv/lib/python3.11/site-packages/"):
						deps++
					case strings.HasPrefix(f, "/usr/lib/python3.11/"):
						stdlib++
					}
				}
				if deps < 30 || !slices.Contains(compiled, "/app/greeting.py") || stdlib > 0 {
					t.Errorf("--no-compile: %d dependency modules compiled at import (want more than 30), /app/greeting.py %v, %d stdlib modules (want 0): %v",
						deps, slices.Contains(compiled, "/app/greeting.py"), stdlib, compiled)
				}
			}
			if !img.compiled {
				return
			}
			mounted := append(flags, "-v", edited+":/app/greeting.py:ro")
			got, err = podmanRun(t, p, img.dir, "app", name, mounted, "-c", "import greeting; print('word', greeting.WORD)")
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, got, "word mounted")
		})
	}
}
