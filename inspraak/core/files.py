# SPDX-License-Identifier: EUPL-1.2
"""Files that hold people's opinions or secrets are readable by the server's user only."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def private_file(path: Path) -> Path:
    """Create `path` (or keep it) with mode 0600, whatever the umask; returns it.

    Content written later through open() keeps the mode. SQLite gives its -wal and
    -shm files the database file's mode, so making the database private is enough.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE)
    try:
        os.fchmod(fd, PRIVATE)
    finally:
        os.close(fd)
    return path
