# pyko's bytecode compiler driver, run by the image's own CPython in the
# sandbox:
#   python -I -S -B compile.py --serve      compile each job named on stdin
# JOB is lines of tab-separated fields:
#   jobs    N                            how many run at once
#   sources FILE                         every source, one after another
#   group   MODE OUT RESULT              then its files:
#   file    OFFSET SIZE DFILE            a slice of FILE, named DFILE
# The driver reads a job file's name per line of its stdin and forks a
# leader for the job, which writes "done NAME STATUS" to stdout when the
# job is done; the driver exits at the end of its input, once every
# leader is done (pyko kills it instead, once every job it gave is
# done): a build keeps one driver for all its jobs, as a fork costs a
# millisecond where a fresh interpreter costs 30 to 50 on a standard
# library without pycs (and its sandbox as much again).
# Each group (one wheel, the app, a part of the standard library) is
# compiled by a child the leader forks, at most N at once, the largest
# first, its files in the given order; a job of one group, by the leader
# itself. marshal's output depends on what the same process compiled
# before (a module that imports * interns the string "*", which marks
# every later "*" interned; a source in Latin-1 loads its codec), so a
# group's bytes must not depend on the others: every group starts from
# the leader's state after it read the job, which compiles nothing.
# A group's pycs are appended to OUT and listed in RESULT as "pyc OFFSET
# SIZE DFILE" or "failed DFILE" lines: a file that does not compile
# (Python 2 code in a wheel, say) gets no pyc, as pip and uv skip those.
# The pycs are PEP 552 hash-based and made as py_compile makes them: no
# timestamp inside, so their bytes depend only on the source, the dfile
# and the CPython version. The driver imports nothing but built-in and
# frozen modules (no json, no subprocess): on a root whose standard
# library has no pycs, importing those would cost each interpreter more
# than compiling a wheel.
import sys
import _imp
import posix

EXT = sys.modules["_frozen_importlib_external"]
CHECKED = {"unchecked-hash": False, "checked-hash": True}


def read_job(name):
    job = {"groups": []}
    with open(name, encoding="utf-8") as f:
        for line in f:
            kind, *fields = line.rstrip("\n").split("\t")
            if kind == "group":
                job["groups"].append({"mode": fields[0], "out": fields[1], "result": fields[2], "files": []})
            elif kind == "file":
                job["groups"][-1]["files"].append((int(fields[0]), int(fields[1]), fields[2]))
            else:
                job[kind] = fields
    return job


def one(job, index):
    group = job["groups"][index]
    checked = CHECKED[group["mode"]]
    lines, offset = [], 0
    with open(job["sources"][0], "rb") as src, open(group["out"], "wb") as out:
        for start, size, dfile in group["files"]:
            src.seek(start)
            data = src.read(size)
            try:
                code = compile(data, dfile, "exec", dont_inherit=True)
            except Exception:
                lines.append("failed\t%s\n" % dfile)
                continue
            pyc = EXT._code_to_hash_pyc(code, _imp.source_hash(EXT._RAW_MAGIC_NUMBER, data), checked)
            out.write(pyc)
            lines.append("pyc\t%d\t%d\t%s\n" % (offset, len(pyc), dfile))
            offset += len(pyc)
    with open(group["result"], "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    if sys.argv[1:] != ["--serve"]:
        sys.exit("usage: compile.py --serve")
    serve()


def run(job):
    groups = job["groups"]
    if len(groups) == 1:
        # This process is in the state a child would start from: an
        # app's edit compiles one group, and saves a fork.
        one(job, 0)
        return
    # The largest first, and the next as soon as any is done: a large
    # group started last would run alone while the other cores idle.
    order = sorted(range(len(groups)), key=lambda i: -sum(f[1] for f in groups[i]["files"]))
    running = 0
    for i in order:
        if running >= int(job["jobs"][0]):
            wait()
            running -= 1
        if posix.fork() == 0:
            child(job, i)
        running += 1
    for _ in range(running):
        wait()


def serve():
    leaders = 0
    for line in sys.stdin:
        name = line.rstrip("\n")
        if posix.fork() == 0:
            lead(name)
        leaders += 1
        # Leaders done by now are reaped; the rest at the end.
        while leaders and posix.waitpid(-1, posix.WNOHANG)[0]:
            leaders -= 1
    for _ in range(leaders):
        posix.waitpid(-1, 0)


def lead(name):
    """Runs the job in the file name and reports it on stdout."""
    status = 0
    try:
        run(read_job(name))
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    sys.stderr.flush()
    posix.write(1, ("done\t%s\t%d\n" % (name, status)).encode())
    posix._exit(status)


def child(job, index):
    status = 0
    try:
        one(job, index)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    # Not sys.exit: the child must not run what the driver would at its
    # exit, nor flush buffers it shares with it.
    posix._exit(status)


def wait():
    _, status = posix.waitpid(-1, 0)
    if not (posix.WIFEXITED(status) and posix.WEXITSTATUS(status) == 0):
        sys.exit("a compiler process failed with status %d" % status)


if __name__ == "__main__":
    main()
