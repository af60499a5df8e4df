"""uv-app: a command-line app locked with uv."""
