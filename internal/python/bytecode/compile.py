# pyko's bytecode compiler driver, run by the image's own CPython in the
# sandbox:
#   python -I -S -B compile.py JOB_JSON
# JOB_JSON is {"python": [argv prefix of a fresh interpreter], "jobs": N,
# "sources": file, "groups": [{"mode": "unchecked-hash" | "checked-hash",
# "files": [[offset, size, dfile], ...], "out": file, "result": file}]}:
# every source is a slice of one file, and each group's pycs are appended
# to one file, because creating a file per module costs more than
# compiling it on some disks. Each group (one wheel, the app, a part of
# the standard library) is compiled by a fresh interpreter, at most N at
# once, its files in the given order: marshal's output can depend on what
# the same process compiled before, so a group's bytes must not depend on
# the others. The pycs are PEP 552 hash-based, made as py_compile makes
# them: no timestamp inside, so their bytes depend only on the source,
# the dfile and the CPython version. A group's result is
# {"pycs": [[dfile, offset, size], ...], "failed": [dfile, ...]}: a file
# that does not compile (Python 2 code in a wheel, say) gets no pyc, as
# pip and uv skip those too.
import json
import subprocess
import sys
from importlib import _bootstrap_external
from importlib.util import source_hash

CHECKED = {"unchecked-hash": False, "checked-hash": True}


def one(group_file, sources):
    with open(group_file) as f:
        group = json.load(f)
    checked = CHECKED[group["mode"]]
    pycs, failed, offset = [], [], 0
    with open(sources, "rb") as src, open(group["out"], "wb") as out:
        for start, size, dfile in group["files"]:
            src.seek(start)
            data = src.read(size)
            try:
                code = compile(data, dfile, "exec", dont_inherit=True)
            except (SyntaxError, ValueError, UnicodeDecodeError):
                failed.append(dfile)
                continue
            pyc = _bootstrap_external._code_to_hash_pyc(code, source_hash(data), checked)
            out.write(pyc)
            pycs.append([dfile, offset, len(pyc)])
            offset += len(pyc)
    with open(group["result"], "w") as f:
        json.dump({"pycs": pycs, "failed": failed}, f)


def main():
    if sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3])
        return
    with open(sys.argv[1]) as f:
        job = json.load(f)
    running = []
    for i, group in enumerate(job["groups"]):
        group_file = "/tmp/group-%d.json" % i
        with open(group_file, "w") as f:
            json.dump(group, f)
        if len(running) >= job["jobs"]:
            wait(running.pop(0))
        argv = job["python"] + ["-I", "-S", "-B", __file__, "--one", group_file, job["sources"]]
        running.append(subprocess.Popen(argv))
    for p in running:
        wait(p)


def wait(p):
    if p.wait() != 0:
        sys.exit("a compiler process exited with status %d" % p.returncode)


if __name__ == "__main__":
    main()
