# pyko's bytecode compiler driver, run by the image's own CPython in the
# sandbox:
#   python -I -S -B compile.py JOB_JSON RESULT_JSON
# JOB_JSON is {"python": [argv prefix of a fresh interpreter], "jobs": N,
# "groups": [{"mode": "unchecked-hash" | "checked-hash",
#             "files": [[source, cfile, dfile], ...]}, ...]}.
# Each group (one wheel, the app, the standard library) is compiled by a
# fresh interpreter, at most N at once, its files in the given order:
# marshal's output can depend on what the same process compiled before,
# so a group's bytes must not depend on the others. The pycs are PEP 552
# hash-based: no timestamp inside, so their bytes depend only on the
# source, the dfile and the CPython version. RESULT_JSON gets, per group,
# the dfiles that did not compile (Python 2 code in a wheel, say): pip
# and uv skip those too.
import json
import py_compile
import subprocess
import sys

MODES = {
    "unchecked-hash": py_compile.PycInvalidationMode.UNCHECKED_HASH,
    "checked-hash": py_compile.PycInvalidationMode.CHECKED_HASH,
}


def one(group_file, failed_file):
    with open(group_file) as f:
        group = json.load(f)
    mode = MODES[group["mode"]]
    failed = []
    for src, cfile, dfile in group["files"]:
        try:
            py_compile.compile(src, cfile=cfile, dfile=dfile, doraise=True, invalidation_mode=mode)
        except (py_compile.PyCompileError, SyntaxError, ValueError, UnicodeDecodeError):
            failed.append(dfile)
    with open(failed_file, "w") as f:
        json.dump(failed, f)


def main():
    if sys.argv[1] == "--one":
        one(sys.argv[2], sys.argv[3])
        return
    with open(sys.argv[1]) as f:
        job = json.load(f)
    running, failed_files = [], []
    for i, group in enumerate(job["groups"]):
        group_file, failed_file = "/tmp/group-%d.json" % i, "/tmp/failed-%d.json" % i
        with open(group_file, "w") as f:
            json.dump(group, f)
        failed_files.append(failed_file)
        if len(running) >= job["jobs"]:
            wait(running.pop(0))
        argv = job["python"] + ["-I", "-S", "-B", __file__, "--one", group_file, failed_file]
        running.append(subprocess.Popen(argv))
    for p in running:
        wait(p)
    failed = []
    for name in failed_files:
        with open(name) as f:
            failed.append(json.load(f))
    with open(sys.argv[2], "w") as f:
        json.dump(failed, f)


def wait(p):
    if p.wait() != 0:
        sys.exit("a compiler process exited with status %d" % p.returncode)


if __name__ == "__main__":
    main()
