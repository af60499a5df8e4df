package e2e

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestShellCompletion: the scripts `pyko completion SHELL` prints work in
// the real shells: bash (with the bash-completion package, as distributions
// install it) and fish complete commands and flag values; zsh parses its
// script.
func TestShellCompletion(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	tools.Require(t, "bash", "zsh", "fish")
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	path := filepath.Dir(pykoBin) + ":/usr/bin:/bin"
	bash := func(words ...string) string {
		t.Helper()
		line := strings.Join(words, " ")
		script := `source ` + bashCompletion + `; source <(pyko completion bash)
COMP_WORDS=(` + line + `); COMP_CWORD=` + strconv.Itoa(len(words)-1) + `; COMP_LINE="` + line + `"; COMP_POINT=${#COMP_LINE}
__start_pyko 2>/dev/null; echo "${COMPREPLY[@]}"`
		return shell(t, path, "bash", "-c", script)
	}
	fish := func(line string) string {
		t.Helper()
		out := shell(t, path, "fish", "-c", `pyko completion fish | source; complete -C "`+line+`"`)
		var names []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			name, _, _ := strings.Cut(l, "\t")
			names = append(names, name)
		}
		return strings.Join(names, " ")
	}
	for _, tt := range []struct{ got, want string }{
		{bash("pyko", "bui"), "build"},
		{bash("pyko", "build", "--sbom", "cy"), "cyclonedx"},
		{bash("pyko", "build", "--compr"), "--compression"},
		{fish("pyko pl"), "plan"},
		{fish("pyko build --compression z"), "zstd"},
	} {
		if tt.got != tt.want {
			t.Errorf("completed to %q, want %q", tt.got, tt.want)
		}
	}
	shell(t, path, "zsh", "-c", `pyko completion zsh > "$1" && zsh -n "$1"`, "zsh", filepath.Join(t.TempDir(), "_pyko"))
}

// shell runs a shell command with PATH=path and returns its stdout.
func shell(t *testing.T, path string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = []string{"PATH=" + path, "HOME=" + t.TempDir(), "TERM=dumb"}
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %q: %v\n%s", name, args, err, stderr)
	}
	return strings.TrimSpace(string(out))
}
