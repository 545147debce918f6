"""crosstally's benchmark suite: ``python -m bench`` (see bench/README.md and bench/__main__.py)."""
