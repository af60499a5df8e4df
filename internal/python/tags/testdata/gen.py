#!/usr/bin/python3
"""Writes the expected tag lists from pypa/packaging (Debian's
python3-packaging), one tag per line, most preferred first.

Run on a glibc x86_64 Linux with Debian's python3 (3.11), from this
directory:  /usr/bin/python3 gen.py

- cp311-x86_64-glibc2.36.txt is sys_tags() of the host interpreter itself,
  so it needs a host with glibc 2.36 (Debian 12).
- the others call packaging's cpython_tags/compatible_tags with the
  manylinux platforms computed for a pretended glibc and architecture.
"""
import sys

from packaging import __version__, _manylinux, tags


def write(name, tag_list):
    with open(name, "w") as f:
        f.write(f"# packaging {__version__}, CPython {sys.version.split()[0]}\n")
        f.writelines(f"{t}\n" for t in tag_list)


def pretend(py, arch, glibc):
    _manylinux._get_glibc_version = lambda: glibc
    _manylinux._have_compatible_abi = lambda executable, arch: True
    linux = f"linux_{arch}"
    platforms = list(_manylinux.platform_tags(linux, arch)) + [linux]
    interp = f"cp{py[0]}{py[1]}"
    return list(tags.cpython_tags(py, [interp], platforms)) + list(
        tags.compatible_tags(py, interp, platforms)
    )


assert _manylinux._get_glibc_version() == (2, 36), "needs a glibc 2.36 host"
assert sys.version_info[:2] == (3, 11), "needs CPython 3.11"
write("cp311-x86_64-glibc2.36.txt", tags.sys_tags())
write("cp312-x86_64-glibc2.36.txt", pretend((3, 12), "x86_64", (2, 36)))
write("cp310-aarch64-glibc2.28.txt", pretend((3, 10), "aarch64", (2, 28)))
