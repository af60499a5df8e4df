# pyko's PEP 517 driver: calls one hook of the build backend in this
# process and writes its result as JSON. Usage:
#   python driver.py HOOK RESULT_FILE [WHEEL_DIR]
# with PYKO_BUILD_BACKEND ("module:object") and PYKO_BACKEND_PATH (a JSON
# list of directories of the source tree) in the environment; the working
# directory is the source tree. Hooks: get_requires_for_build_wheel,
# build_wheel. It is pyko's own: nothing else is run.
import json
import os
import sys


def load_backend():
    spec = os.environ["PYKO_BUILD_BACKEND"]
    paths = [os.path.abspath(p) for p in json.loads(os.environ.get("PYKO_BACKEND_PATH", "[]"))]
    sys.path[:0] = paths
    mod_name, _, obj_path = spec.partition(":")
    __import__(mod_name)
    backend = sys.modules[mod_name]
    if paths:
        # PEP 517: an in-tree backend must come from backend-path.
        where = os.path.abspath(getattr(backend, "__file__", "") or "")
        if not any(where.startswith(p + os.sep) for p in paths):
            raise SystemExit("pyko: backend %s was loaded from %s, not from backend-path %s" % (mod_name, where, paths))
    for attr in obj_path.split(".") if obj_path else []:
        backend = getattr(backend, attr)
    return backend


def main():
    hook, result_file = sys.argv[1], sys.argv[2]
    backend = load_backend()
    if hook == "get_requires_for_build_wheel":
        fn = getattr(backend, hook, None)
        result = list(fn({})) if fn is not None else []
    elif hook == "build_wheel":
        result = backend.build_wheel(sys.argv[3], {}, None)
    else:
        raise SystemExit("pyko: unknown hook " + hook)
    with open(result_file, "w") as f:
        json.dump({"result": result}, f)


if __name__ == "__main__":
    main()
