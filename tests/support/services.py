"""Missing services: a skip on a developer's machine, a failure in CI.

CI (``CI`` set, as ``.ci/run`` and every hosted runner do) installs PostgreSQL, Redis and
Chromium, so a test that cannot find one there means the setup broke, not that the test may go.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def need(condition: bool, reason: str) -> None:
    """Skip locally when a service is missing; under CI, a missing service is a failure."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (required when CI is set)")
    pytest.skip(reason)
