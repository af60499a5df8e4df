package wheel

import (
	"context"
	"errors"
	"testing"
)

// TestRequiresPython: with WithPython, a wheel whose METADATA
// Requires-Python excludes that Python is refused, as pip refuses it;
// without it, or with a specifier that admits it or that does not parse
// (pip ignores it), the wheel installs.
func TestRequiresPython(t *testing.T) {
	tests := []struct {
		name, requires, python string
		refused                bool
	}{
		{"excluded", "<3.12", "3.12.4", true},
		{"patch level", ">=3.12.5", "3.12.4", true},
		{"admitted", ">=3.8, !=3.11.*", "3.12.4", false},
		{"not checked without WithPython", "<3.12", "", false},
		{"invalid specifier ignored", ">=three", "3.12.4", false},
		{"none", "", "3.12.4", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta := "Metadata-Version: 2.1\nName: mypkg\nVersion: 1.0\n"
			if tt.requires != "" {
				meta += "Requires-Python: " + tt.requires + "\n"
			}
			path := writeWheel(t, t.TempDir(), testWheel{metadata: meta, files: map[string]string{"mypkg/__init__.py": ""}})
			var opts []Option
			if tt.python != "" {
				opts = append(opts, WithPython(tt.python))
			}
			_, err := Install(context.Background(), path, testLayout, opts...)
			var rp *RequiresPythonError
			if got := errors.As(err, &rp); got != tt.refused || (!tt.refused && err != nil) {
				t.Fatalf("err = %v, want refused %v", err, tt.refused)
			}
			if tt.refused && (rp.Name != "mypkg" || rp.RequiresPython != tt.requires || rp.Python != tt.python || rp.Wheel != "mypkg-1.0-py3-none-any.whl") {
				t.Errorf("error %+v", rp)
			}
		})
	}
	if _, err := Install(context.Background(), "x.whl", testLayout, WithPython("three")); err == nil {
		t.Error("WithPython took a version that is none")
	}
}
