"""EXTRACTOR_VERSION: which code and which lexicons produced a claim.

``crosstally-extract/<semver>+<8 hex>``: the semver is bumped by hand when the code changes
behaviour; the hex is a sha256 over that semver and every ``extract/lang/*.yaml`` file, so
editing a lexicon changes the version and stored claims can ask for re-review.
"""

from __future__ import annotations

import hashlib

from extract.lexicon import LANG_DIR

# 0.1.1: coordinated figures keep their own words; 0.2.0: count relations, sources, places
# and dates as components of their own (originator, region, period, as-of source), arrests
# shared along coordinations, states dated only by their own dates; 0.2.1: a flow's day is
# never the day it was told ("said on Monday"); 0.2.2: "of" (whom an event noun counts) in
# the parse features
CODE_VERSION = "0.2.2"


def extractor_version() -> str:
    digest = hashlib.sha256(CODE_VERSION.encode())
    for path in sorted(LANG_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"crosstally-extract/{CODE_VERSION}+{digest.hexdigest()[:8]}"


EXTRACTOR_VERSION = extractor_version()
