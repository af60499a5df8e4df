package wheel

import (
	"fmt"
	"strings"
)

// headers is an email-style header block, as WHEEL and METADATA are
// (core metadata: "the format of email headers"). Keys are matched without
// regard to case; only the block before the first empty line is read, so a
// METADATA description body is ignored.
type headers map[string][]string

func parseHeaders(data []byte) (headers, error) {
	h := headers{}
	last := ""
	for i, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			// A folded continuation of the previous value.
			if last == "" {
				return nil, fmt.Errorf("line %d: continuation line before any header", i+1)
			}
			vs := h[last]
			vs[len(vs)-1] += "\n" + strings.TrimSpace(line)
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(key) != key || key == "" {
			return nil, fmt.Errorf("line %d: %q is not a \"Key: value\" header", i+1, line)
		}
		last = strings.ToLower(key)
		h[last] = append(h[last], strings.TrimSpace(value))
	}
	return h, nil
}

// get returns the first value of key, as pip and uv do for wheels that
// repeat a header (mkl_fft has two Wheel-Version lines).
func (h headers) get(key string) (string, bool) {
	vs := h[strings.ToLower(key)]
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}
