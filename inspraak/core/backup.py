# SPDX-License-Identifier: EUPL-1.2
"""Whole-database backup and restore through Django's serialisers.

A backup holds the accounts and every row of inspraak's own apps; a restore into
an empty database reproduces every row, primary keys included.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from inspraak.consultations.models import Consultation

BACKUP_LABELS = ("auth.group", "auth.user", "consultations", "votes", "sensemaking", "core")
SUFFIXES = (".json", ".json.gz")


class BackupError(Exception):
    pass


def _check_name(path: Path) -> None:
    if not path.name.endswith(SUFFIXES):
        raise BackupError(f"{path.name}: a backup file name ends in .json or .json.gz")


def database_backup(*, path: Path) -> Counter[str]:
    """Write all rows to `path`; returns the number of rows per model."""
    _check_name(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    call_command(
        "dumpdata", *BACKUP_LABELS, natural_foreign=True, output=str(path), verbosity=0
    )
    return _counts(path)


def _counts(path: Path) -> Counter[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            return Counter(row["model"] for row in json.load(stream))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path.name} is not an inspraak backup: {error}") from None


def database_restore(*, path: Path) -> int:
    """Load a backup into an empty database; refuses to mix it with existing data."""
    _check_name(path)
    counts = _counts(path)
    if Consultation.objects.exists() or get_user_model().objects.exists():
        raise BackupError(
            "the database is not empty: restore into a new database "
            "(a fresh INSPRAAK_DATA_DIR or an empty PostgreSQL database)"
        )
    with transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)
    return sum(counts.values())
