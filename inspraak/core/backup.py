# SPDX-License-Identifier: EUPL-1.2
"""Whole-database backup and restore through Django's serialisers.

A backup holds the accounts and every row of inspraak's own apps; a restore into
an empty database reproduces every row, primary keys included.
"""

from __future__ import annotations

import datetime
import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from inspraak.core.files import private_file

BACKUP_LABELS = (
    "auth.group",
    "auth.user",
    "consultations",
    "votes",
    "sensemaking",
    "intake",
    "reports",
    "live",
    "decisions",
    "api",
    "core",
)
SUFFIXES = (".json", ".json.gz")


class BackupError(Exception):
    pass


def _check_name(path: Path) -> None:
    if not path.name.endswith(SUFFIXES):
        raise BackupError(f"{path.name}: a backup file name ends in .json or .json.gz")


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _backup_models() -> list[type[models.Model]]:
    chosen: dict[Any, list[type[models.Model]] | None] = {}
    for label in BACKUP_LABELS:
        if "." in label:
            model = apps.get_model(label)
            config = apps.get_app_config(model._meta.app_label)
            chosen.setdefault(config, [])
            chosen[config].append(model)  # type: ignore[union-attr]
        else:
            chosen[apps.get_app_config(label)] = None
    return serializers.sort_dependencies(chosen.items(), allow_cycles=True)


def database_backup(*, path: Path) -> Counter[str]:
    """Write all rows to `path` in Django's fixture format; returns rows per model."""
    _check_name(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for model in _backup_models():
        rows += serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
    opener = gzip.open if path.name.endswith(".gz") else open
    private_file(path)  # a backup holds everyone's input: the server's user only
    with opener(path, "wt", encoding="utf-8") as stream:
        json.dump(rows, stream, cls=_ExactEncoder, ensure_ascii=False)
    return Counter(row["model"] for row in rows)


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
    # By label, not import: core sits below the apps whose data it backs up.
    if (
        apps.get_model("consultations", "Consultation").objects.exists()
        or get_user_model().objects.exists()
    ):
        raise BackupError(
            "the database is not empty: restore into a new database "
            "(a fresh INSPRAAK_DATA_DIR or an empty PostgreSQL database)"
        )
    with transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)
    return sum(counts.values())
