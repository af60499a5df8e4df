"""A small Flask app, exercised through Flask's test client.

The container has no network, so instead of serving, main() sends a
request to the app in-process and prints what a reviewer of the image
wants to see: the rendered page (Jinja2, escaped by MarkupSafe's C
speedups), that requests imports and prepares a request, and who runs it.
"""

import os
import sys

import markupsafe
import requests
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/hello")
def hello():
    from flask import request

    return render_template("hello.html", name=request.args.get("name", "world"))


def main() -> None:
    client = app.test_client()
    resp = client.get("/hello", query_string={"name": "<pyko>"})
    print(f"GET /hello: {resp.status_code} {resp.get_data(as_text=True).strip()}")
    # "markupsafe._speedups" when the compiled extension was installed and
    # loads; "markupsafe._native" would mean the wheel lost its .so.
    print(f"markupsafe escape: {markupsafe.escape.__module__}")
    prepared = requests.Request("GET", "https://example.org/search", params={"q": "pyko"}).prepare()
    print(f"requests {requests.__version__}: {prepared.url}")
    print(f"uid={os.getuid()} prefix={sys.prefix} python={sys.version_info.major}.{sys.version_info.minor}")


if __name__ == "__main__":
    main()
