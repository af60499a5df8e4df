package project

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

const (
	sha1     = "0123456789abcdef0123456789abcdef01234567"
	sha2     = "89abcdef0123456789abcdef0123456789abcdef"
	sha256ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func TestReadGit(t *testing.T) {
	origin := "[remote \"origin\"]\n\turl = https://user:tok@github.com/me/app.git\n"
	tests := []struct {
		name    string
		tree    map[string]string
		sub     string // the project directory inside the tree
		want    *GitInfo
		wantErr string
	}{{
		name: "loose ref",
		tree: map[string]string{
			".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": sha1 + "\n",
			".git/config": origin,
		},
		want: &GitInfo{Revision: sha1, Source: "https://github.com/me/app.git"},
	}, {
		name: "packed ref, project in a subdirectory",
		tree: map[string]string{
			".git/HEAD":        "ref: refs/heads/main\n",
			".git/packed-refs": "# pack-refs with: peeled fully-peeled sorted\n" + sha2 + " refs/heads/dev\n" + sha1 + " refs/heads/main\n^" + sha2 + "\n",
			"svc/api/":         "",
		},
		sub:  "svc/api",
		want: &GitInfo{Revision: sha1},
	}, {
		name: "loose ref wins over packed",
		tree: map[string]string{
			".git/HEAD": "ref: refs/heads/main", ".git/refs/heads/main": sha2,
			".git/packed-refs": sha1 + " refs/heads/main\n",
		},
		want: &GitInfo{Revision: sha2},
	}, {
		name: "detached HEAD, sha256",
		tree: map[string]string{".git/HEAD": sha256ID + "\n"},
		want: &GitInfo{Revision: sha256ID},
	}, {
		name: "unborn branch",
		tree: map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/": ""},
		want: &GitInfo{},
	}, {
		name: "symbolic ref chain",
		tree: map[string]string{
			".git/HEAD": "ref: refs/heads/alias\n", ".git/refs/heads/alias": "ref: refs/heads/main\n",
			".git/refs/heads/main": sha1,
		},
		want: &GitInfo{Revision: sha1},
	}, {
		name: "linked worktree",
		tree: map[string]string{
			"main/.git/HEAD": "ref: refs/heads/main\n", "main/.git/refs/heads/main": sha1,
			"main/.git/refs/heads/feature": sha2, "main/.git/config": origin,
			"main/.git/worktrees/wt/HEAD": "ref: refs/heads/feature\n", "main/.git/worktrees/wt/commondir": "../..\n",
			"wt/.git": "gitdir: ../main/.git/worktrees/wt\n",
		},
		sub:  "wt",
		want: &GitInfo{Revision: sha2, Source: "https://github.com/me/app.git"},
	}, {
		name: "submodule",
		tree: map[string]string{
			".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": sha1,
			".git/modules/lib/HEAD": sha2, "lib/.git": "gitdir: ../.git/modules/lib",
		},
		sub:  "lib",
		want: &GitInfo{Revision: sha2},
	}, {
		name: ".git directory without HEAD is skipped",
		tree: map[string]string{".git/HEAD": sha1, "sub/.git/objects/": ""},
		sub:  "sub",
		want: &GitInfo{Revision: sha1},
	}, {
		name:    "bad gitdir file",
		tree:    map[string]string{".git": "nonsense"},
		wantErr: `want "gitdir: PATH"`,
	}, {
		name:    "garbage HEAD",
		tree:    map[string]string{".git/HEAD": "hello\n"},
		wantErr: `"hello" is not a commit id`,
	}, {
		name:    "ref escaping the git dir",
		tree:    map[string]string{".git/HEAD": "ref: refs/../../../etc/passwd\n"},
		wantErr: "invalid ref name",
	}, {
		name: "symbolic ref loop",
		tree: map[string]string{
			".git/HEAD": "ref: refs/heads/a", ".git/refs/heads/a": "ref: refs/heads/b",
			".git/refs/heads/b": "ref: refs/heads/a",
		},
		wantErr: "levels of symbolic refs",
	}, {
		name:    "bad packed-refs",
		tree:    map[string]string{".git/HEAD": "ref: refs/heads/main", ".git/packed-refs": "junk\n"},
		wantErr: "packed-refs: line 1",
	}, {
		name:    "bad config",
		tree:    map[string]string{".git/HEAD": sha1, ".git/config": "[remote \"origin\"\nurl = x\n"},
		wantErr: "config: line 1",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, tt.tree)
			got, err := readGit(context.Background(), filepath.Join(root, tt.sub))
			errorContains(t, err, tt.wantErr)
			if err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("readGit() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReadGitNone(t *testing.T) {
	dir := t.TempDir()
	if gd, _ := findGitDir(context.Background(), dir); gd != "" {
		t.Skipf("the temporary directory is inside a git checkout (%s)", gd)
	}
	got, err := readGit(context.Background(), dir)
	if got != nil || err != nil {
		t.Errorf("readGit() = %+v, %v; want nil, nil", got, err)
	}
}

// TestReadGitReal checks the reader against repositories made by git itself.
func TestReadGitReal(t *testing.T) {
	tools.Require(t, "git")
	dir := t.TempDir()
	repo, wt := filepath.Join(dir, "repo"), filepath.Join(dir, "wt")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir,
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main", repo)
	git("-C", repo, "remote", "add", "origin", "https://x-access-token:secret@example.com/org/app.git")
	git("-C", repo, "commit", "-q", "--allow-empty", "-m", "one")
	first := git("-C", repo, "rev-parse", "HEAD")
	git("-C", repo, "pack-refs", "--all")
	git("-C", repo, "worktree", "add", "-q", "-b", "feature", wt)
	git("-C", wt, "commit", "-q", "--allow-empty", "-m", "two")
	second := git("-C", wt, "rev-parse", "HEAD")

	for _, tc := range []struct{ dir, want string }{{repo, first}, {wt, second}} {
		got, err := readGit(context.Background(), tc.dir)
		if err != nil {
			t.Fatal(err)
		}
		want := &GitInfo{Revision: tc.want, Source: "https://example.com/org/app.git"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("readGit(%s) = %+v, want %+v", tc.dir, got, want)
		}
	}
}

func TestParsePackedRefs(t *testing.T) {
	data := []byte("# pack-refs with: peeled\r\n" + sha1 + " refs/tags/v1\n^" + sha2 + "\n" + sha2 + " refs/heads/main\n")
	for ref, want := range map[string]string{"refs/heads/main": sha2, "refs/tags/v1": sha1, "refs/heads/x": ""} {
		got, err := parsePackedRefs(data, ref)
		if err != nil || got != want {
			t.Errorf("parsePackedRefs(%s) = %q, %v; want %q", ref, got, err, want)
		}
	}
}

func FuzzPackedRefs(f *testing.F) {
	f.Add([]byte(sha1+" refs/heads/main\n^"+sha2+"\n"), "refs/heads/main")
	f.Fuzz(func(t *testing.T, data []byte, ref string) {
		got, err := parsePackedRefs(data, ref)
		if err == nil && got != "" && !isObjectID(got) {
			t.Errorf("parsePackedRefs() = %q, not an object id", got)
		}
	})
}
