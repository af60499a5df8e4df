"""The hello command: shows the installed project and its dependencies."""

import importlib.metadata
import os
import sys

import requests


def main() -> int:
    version = importlib.metadata.version("uv-app")
    print(f"uv-app {version} (from {os.path.dirname(__file__)})")
    print(f"requests {requests.__version__} (from {os.path.dirname(requests.__file__)})")
    session = requests.Session()
    prepared = session.prepare_request(requests.Request("GET", "https://example.org/", params={"v": version}))
    print(f"prepared {prepared.url}")
    print(f"uid={os.getuid()} argv0={sys.argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
