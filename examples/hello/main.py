"""The smallest pyko example: prints who and what it runs as."""

import json
import os
import platform
import sqlite3
import ssl
import sys
import zlib


def main() -> None:
    print("hello from pyko")
    print(f"uid={os.getuid()} gid={os.getgid()}")
    print(f"python={platform.python_version()} ({sys.executable})")
    # Each of these needs a shared library from the base image.
    db = sqlite3.connect(":memory:")
    (answer,) = db.execute("select 6 * 7").fetchone()
    packed = zlib.compress(json.dumps({"answer": answer}).encode())
    restored = json.loads(zlib.decompress(packed))
    print(f"stdlib ok: ssl={ssl.OPENSSL_VERSION_INFO[0]} sqlite={sqlite3.sqlite_version} zlib+json={restored['answer']}")


if __name__ == "__main__":
    main()
