package repository

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
)

// maxKeySize bounds a key file: a PEM RSA public key is under 1 KiB even at
// 4096 bits, so anything much larger is not a key.
const maxKeySize = 64 << 10

// LoadKeys fetches each key (a path, relative or absolute, a file:// URL or
// an http(s) URL; URLs are revalidated through c and served from its cache
// offline) and trusts it under its file name.
func LoadKeys(ctx context.Context, c *fetch.Client, sources []string) (signature.Keyring, error) {
	keys := signature.Keyring{}
	from := map[string]string{} // key name -> the source that gave it
	for _, src := range sources {
		name, loc, err := keySource(src)
		if err != nil {
			return nil, err
		}
		p, err := c.Revalidate(ctx, loc)
		if err != nil {
			return nil, fmt.Errorf("loading key: %w", err)
		}
		pemBytes, err := readKey(p)
		if err != nil {
			return nil, fmt.Errorf("loading key %s: %w", fetch.Redact(src), err)
		}
		k := signature.Keyring{}
		if err := k.Add(name, pemBytes); err != nil {
			return nil, fmt.Errorf("loading key %s: %w", fetch.Redact(src), err)
		}
		if old, ok := keys[name]; ok && !old.Equal(k[name]) {
			return nil, fmt.Errorf("loading key %s: %s gave another key of the same name %q; signatures name keys by file name, so rename one of them",
				fetch.Redact(src), fetch.Redact(from[name]), name)
		}
		keys[name], from[name] = k[name], src
	}
	return keys, nil
}

// keySource returns the name a key is trusted under (its file name) and
// where to fetch it, relative paths made absolute.
func keySource(src string) (name, loc string, err error) {
	switch {
	case strings.HasPrefix(src, "http://"), strings.HasPrefix(src, "https://"), strings.HasPrefix(src, "file:"):
		u, err := url.Parse(src)
		if err != nil {
			return "", "", fmt.Errorf("loading key %s: not a valid URL", fetch.Redact(src))
		}
		name, loc = path.Base(u.Path), src
	case src == "":
		return "", "", fmt.Errorf("loading key: empty --keyring")
	default:
		abs, err := filepath.Abs(src)
		if err != nil {
			return "", "", fmt.Errorf("loading key %s: %w", src, err)
		}
		name, loc = filepath.Base(abs), abs
	}
	if name == "" || name == "." || name == "/" {
		return "", "", fmt.Errorf("loading key %s: the URL names no file; a key is trusted under its file name, e.g. .../wolfi-signing.rsa.pub", fetch.Redact(src))
	}
	return name, loc, nil
}

func readKey(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeySize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxKeySize {
		return nil, fmt.Errorf("larger than %d bytes: not a PEM public key", maxKeySize)
	}
	return b, nil
}

// KeyName is the name LoadKeys trusts the key at src under: its file name.
func KeyName(src string) (string, error) {
	name, _, err := keySource(src)
	return name, err
}
