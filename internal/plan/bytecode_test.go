package plan

import (
	"strings"
	"testing"
)

func TestVerifyBytecode(t *testing.T) {
	good := func() *Bytecode {
		return &Bytecode{Tag: "cpython-312", Dependencies: PycUnchecked, App: PycChecked, Stdlib: "/usr/lib/python3.12",
			Compiler:    &OS{Arch: "x86_64", Packages: []OSPackage{{Name: "python-3.12", Version: "3.12.7-r1"}}},
			Interpreter: "/usr/bin/python3.12", Python: "3.12.7-r1"}
	}
	tests := []struct {
		name, want string
		edit       func(b *Bytecode)
	}{
		{"good", "", func(b *Bytecode) {}},
		{"on a base", "", func(b *Bytecode) {
			b.Compiler, b.Base, b.Stdlib = nil, &Base{Reference: "oci:x", Digest: "sha256:1"}, ""
		}},
		{"bad tag", "bytecode.tag", func(b *Bytecode) { b.Tag = "pypy-73" }},
		{"timestamp mode", "bytecode mode", func(b *Bytecode) { b.App = "timestamp" }},
		{"relative interpreter", "bytecode path", func(b *Bytecode) { b.Interpreter = "usr/bin/python3.12" }},
		{"stdlib escapes", "bytecode path", func(b *Bytecode) { b.Stdlib = "/usr/lib/../../etc" }},
		{"no compiler", "exactly one", func(b *Bytecode) { b.Compiler = nil }},
		{"two compilers", "exactly one", func(b *Bytecode) { b.Base = &Base{} }},
		{"empty compiler", "bytecode.compiler", func(b *Bytecode) { b.Compiler.Packages = nil }},
		{"no python", "bytecode.python", func(b *Bytecode) { b.Python = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := good()
			tt.edit(b)
			err := verifyBytecode(b)
			if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
