package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChecksBeforeWork: mistakes are one line with the fix, before
// anything is downloaded: a base whose Python requires-python excludes, a
// --python the repository has no package of (the versions it has are
// listed), a platform Wolfi does not publish.
func TestChecksBeforeWork(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	proj := copyExample(t, "hello")
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"hello\"\nversion = \"1\"\nrequires-python = \">=3.12\"\n")
	for _, tt := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"base Python excluded by requires-python", []string{"plan", proj, "--base", baseRef(t)}, 2,
			[]string{"has Python 3.11", `requires-python ">=3.12"`, "use a base with a Python that fits"}},
		{"--python excluded by requires-python", []string{"plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11"}, 2,
			[]string{"--python asks for Python 3.11", `requires-python in pyproject.toml is ">=3.12"`}},
		{"no package fits requires-python", []string{"plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo)}, 2,
			[]string{`no python-3.X package in the repositories fits requires-python ">=3.12"`, "they have python-3.11", "pass --python or change requires-python"}},
		{"--python the repository lacks", []string{"plan", helloDir(), "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.12"}, 2,
			[]string{"--python asks for Python 3.12", "Python versions in the repositories: python-3.11"}},
		{"a platform Wolfi does not publish", []string{"plan", helloDir(), "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11", "--platform", "linux/s390x"}, 1,
			[]string{"has no packages for s390x", "--platform linux/amd64 or linux/arm64"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runPyko(t, wolfiCache(t), tt.args...)
			last := lastErrorLine(r.stderr)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(last, w) {
					t.Errorf("the error %q lacks %q", last, w)
				}
			}
		})
	}
}

// TestEmptyOrEntrypointlessProject: a directory with nothing Python in it,
// or nothing to run, is refused in one line before any download (the
// repository given cannot be reached, so reaching it would be another
// error), with exit 2; pyko lock refuses the empty one too but needs no
// entrypoint.
func TestEmptyOrEntrypointlessProject(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	empty := t.TempDir()
	reqOnly := t.TempDir()
	pyWriteFile(t, reqOnly, "requirements.txt", "six==1.16.0\n")
	dead := []string{"--repository", "http://127.0.0.1:1/os", "--keyring", "http://127.0.0.1:1/key.rsa.pub"}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"build in an empty directory", []string{"build", empty, "-o", "oci:" + t.TempDir()}, "holds no Python project"},
		{"plan in an empty directory", []string{"plan", empty}, "holds no Python project"},
		{"lock in an empty directory", []string{"lock", empty}, "holds no Python project"},
		{"build with nothing to run", []string{"build", reqOnly, "-o", "oci:" + t.TempDir()}, "no entrypoint in " + reqOnly + ": add main.py or app.py, or pass --entrypoint"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runPyko(t, wolfiCache(t), append(tt.args, dead...)...)
			if r.code != 2 || !strings.Contains(lastErrorLine(r.stderr), tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
	entries, err := os.ReadDir(empty)
	if err != nil || len(entries) != 0 {
		t.Errorf("the empty directory now holds %v (%v)", entries, err)
	}
	// lock needs no entrypoint: it gets past the check and fails at the
	// unreachable repository instead.
	r := runPyko(t, wolfiCache(t), append([]string{"lock", reqOnly}, dead...)...)
	if r.code != 1 || !strings.Contains(lastErrorLine(r.stderr), "127.0.0.1:1") {
		t.Errorf("lock of a requirements-only project: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestRelativeFindLinks: a relative --find-links is read from the working
// directory, a relative [tool.pyko] find-links from the project's.
func TestRelativeFindLinks(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	proj := copyExample(t, "hello")
	pyWriteFile(t, proj, "requirements.txt", "six==1.16.0\n")
	links := filepath.Join(proj, "wheels")
	if err := os.Mkdir(links, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(debWheelDir(t), "six-1.16.0-py3-none-any.whl"))
	if err != nil {
		t.Fatal(err)
	}
	pyWriteFile(t, links, "six-1.16.0-py3-none-any.whl", string(data))
	flags := []string{"--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11", "--no-index", "--format", "json"}
	check := func(name string, r result) {
		t.Helper()
		if r.code != 0 || !strings.Contains(r.stdout, "six-1.16.0-py3-none-any.whl") {
			t.Errorf("%s: exit %d, six's wheel planned: %v; stderr:\n%s", name, r.code, strings.Contains(r.stdout, "six-1.16.0"), r.stderr)
		}
	}
	check("--find-links wheels, in the project", runPykoIn(t, proj, wolfiCache(t), append([]string{"plan", ".", "--find-links", "wheels"}, flags...)...))
	check("--find-links ./hello/wheels, from its parent", runPykoIn(t, filepath.Dir(proj), wolfiCache(t), append([]string{"plan", "hello", "--find-links", "./hello/wheels"}, flags...)...))
	pyWriteFile(t, proj, "pyproject.toml", "[tool.pyko]\nfind-links = [\"wheels/\"]\n")
	check("[tool.pyko] find-links, from elsewhere", runPykoIn(t, t.TempDir(), wolfiCache(t), append([]string{"plan", proj}, flags...)...))
}
