package scaffold

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const section = "[tool.pyko]\n# a comment\nentrypoint = \"main.py\"\n"

func TestAppend(t *testing.T) {
	tests := []struct {
		name, old, want string
	}{
		{"no pyproject", "", section},
		{"newline at end", "[project]\nname = \"x\"\n", "[project]\nname = \"x\"\n\n" + section},
		{"no newline at end", "[project]\nname = \"x\"", "[project]\nname = \"x\"\n\n" + section},
		{"crlf", "[project]\r\nname = \"x\"\r\n", "[project]\r\nname = \"x\"\r\n\r\n" + strings.ReplaceAll(section, "\n", "\r\n")},
		{"other tools", "[tool.black]\nline-length = 100\n# trailing comment  \n", "[tool.black]\nline-length = 100\n# trailing comment  \n\n" + section},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "pyproject.toml")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Append(context.Background(), dir, []byte(section))
			if err != nil {
				t.Fatal(err)
			}
			if got != path {
				t.Errorf("path %s, want %s", got, path)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != tt.want {
				t.Errorf("file\n%q\nwant\n%q", data, tt.want)
			}
			fi, _ := os.Stat(path)
			if want := os.FileMode(0o600); tt.old != "" && fi.Mode().Perm() != want {
				t.Errorf("mode %v, want the file's own %v", fi.Mode().Perm(), want)
			}
		})
	}
}

func TestAppendRefuses(t *testing.T) {
	tests := []struct {
		name, old, want string
	}{
		{"has tool.pyko", "[tool.pyko]\nuser = \"1000\"\n", "already has a [tool.pyko]"},
		{"dotted tool.pyko", "[tool]\npyko.user = \"1000\"\n", "already has a [tool.pyko]"},
		{"inline tool table", "tool = { black = { line-length = 1 } }\n", "does not load"},
		{"malformed", "[project\n", "parsing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "pyproject.toml")
			if err := os.WriteFile(path, []byte(tt.old), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Append(context.Background(), dir, []byte(section))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(tt.want, "already") && !errors.Is(err, ErrConfigExists) {
				t.Errorf("error %v is not ErrConfigExists", err)
			}
			data, _ := os.ReadFile(path)
			if !bytes.Equal(data, []byte(tt.old)) {
				t.Errorf("file changed to %q", data)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("directory holds %d entries, want only pyproject.toml", len(entries))
			}
		})
	}
}
