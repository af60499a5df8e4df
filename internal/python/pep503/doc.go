// Package pep503 normalizes Python project names as PEP 503 says, so that
// "Flask", "flask" and "FLASK_" ... "Foo.Bar" and "foo-bar" name one
// project: https://peps.python.org/pep-0503/#normalized-names
package pep503
