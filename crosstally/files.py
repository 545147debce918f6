"""Files and directories crosstally creates in its data directory are its user's alone.

The data directory holds the database (sources, claims, reviewers' accounts and password
hashes), the WARC files (everything the crawl fetched, which may include pages since taken
down) and the review app's cookie-signing secret. None of it is meant for other local users,
whatever umask the process happens to run under (cron and systemd often give 0022), so every
directory crosstally creates there is 0700 and every file 0600.

The mode is given when the file or directory is created, never by a later ``chmod``: there is
no moment when it is open to others, and an existing file or directory keeps the mode its owner
gave it (``crosstally init`` only warns about an open data directory, see :func:`open_to_others`).
The umask still applies on top, and can only take bits away. The process umask itself is never
changed: it is process-wide, and exports (``crosstally export --output``) are meant to be
shared, so they keep the user's.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# Any permission for the group or for others.
_SHARED_BITS = stat.S_IRWXG | stat.S_IRWXO


def private_directory(path: Path, *, within: Path | None = None) -> Path:
    """Create ``path`` if missing, and every missing directory between ``within`` (the data
    directory, created too when missing) and it, each 0700. Directories above ``within`` are
    not crosstally's: they are created, when missing, with the user's umask."""
    path = Path(path)
    top = Path(within) if within is not None else path
    missing = [path, *(parent for parent in path.parents if parent.is_relative_to(top))]
    missing = [directory for directory in missing if not directory.is_dir()]
    if not missing:
        return path
    missing[-1].parent.mkdir(parents=True, exist_ok=True)
    for directory in reversed(missing):
        directory.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open`: a file it creates is created 0600."""
    return os.open(path, flags, PRIVATE_FILE_MODE)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and 0600 unless it exists; True when this call created it."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def open_to_others(path: Path) -> int | None:
    """The permission bits of ``path`` when they give its group or others any access; None
    when it is private or missing."""
    try:
        mode = stat.S_IMODE(Path(path).stat().st_mode)
    except FileNotFoundError:
        return None
    return mode if mode & _SHARED_BITS else None
