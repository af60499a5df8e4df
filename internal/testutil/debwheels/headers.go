package debwheels

import (
	"fmt"
	"strings"
)

// field is one header of a core metadata file (PKG-INFO or METADATA).
type field struct{ name, value string }

// parseHeaders reads the header block of a core metadata file: RFC 822
// style "Name: value" lines up to the first empty line, where a line that
// starts with a space or tab continues the previous value. The body (the
// long description) is ignored. Repeated fields keep their order.
func parseHeaders(text string) ([]field, error) {
	var fields []field
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(fields) == 0 {
				return nil, fmt.Errorf("parsing metadata line %d: continuation line before any field", n+1)
			}
			f := &fields[len(fields)-1]
			f.value += "\n" + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("parsing metadata line %d: want \"Name: value\", got %q", n+1, line)
		}
		fields = append(fields, field{name, strings.TrimSpace(value)})
	}
	return fields, nil
}

// get returns the first value of the field name (case-insensitive), or "".
func get(fields []field, name string) string {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

// all returns every value of the field name (case-insensitive), in order.
func all(fields []field, name string) []string {
	var v []string
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			v = append(v, f.value)
		}
	}
	return v
}
