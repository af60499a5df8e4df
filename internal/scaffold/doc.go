// Package scaffold writes a first [tool.pyko] section for a project, from
// what it finds there: the web framework and the server in its
// dependencies and code (Flask, FastAPI/Starlette, Django; gunicorn,
// uvicorn), the port the app listens on, the Python version it asks for,
// and its ignore file. `pyko init` is its command.
//
// Detect only reads; Section renders what it found as commented TOML,
// every key one that project.Config decodes; Append adds the section to
// pyproject.toml atomically, keeping the bytes already there.
//
// Reading code is a guess by pattern (`app = Flask(__name__)`), not a
// Python parse: the section it writes says what it found and where, so the
// user can check it.
package scaffold
