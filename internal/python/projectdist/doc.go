// Package projectdist makes the project itself an installed distribution
// without building it: its code stays where the app layer puts it (/app),
// and a small wheel holding only its metadata, its entry points and a .pth
// file that puts the code on sys.path is installed into the venv, like an
// editable install (PEP 660) whose source is the image's /app. Then
// importlib.metadata sees the project and [project.scripts] become
// launchers. Only pure-Python projects qualify: one that needs a compiler
// is an error until pyko builds sdists.
package projectdist
