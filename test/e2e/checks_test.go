package e2e

import (
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
