"""crosstally: who counted what, where it was said, and whether the sources agree."""

__version__ = "0.1.0"
