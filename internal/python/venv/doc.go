// Package venv lays out a virtual environment (PEP 405) as layer entries:
// pyvenv.cfg, the bin/python links to the image's interpreter and an
// empty site-packages, the skeleton that CPython's "python -m venv
// --without-pip" makes on Linux, minus the activate scripts (an image has
// no shell to source them in). https://peps.python.org/pep-0405/
//
// Packages are added by the wheel installer; pip itself, when asked for,
// is one more wheel for the caller to install (pyko never runs ensurepip).
package venv
