# SPDX-License-Identifier: EUPL-1.2
"""Participants' data requests, and whole-database backup and restore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from inspraak.cli import _consultation, _django, _migrate, main


@main.group()
def participant() -> None:
    """A participant's data requests: get everything stored about them, or erase it."""


def _participant(slug: str, pseudonym: str) -> Any:
    consultation = _consultation(slug)
    found = consultation.participants.filter(pseudonym=pseudonym).first()
    if found is None:
        raise click.ClickException(f"no participant {pseudonym!r} in {slug!r}")
    return found


@participant.command("data")
@click.argument("pseudonym")
@click.option("--consultation", "slug", required=True, help="Short name of the consultation.")
def participant_data_command(pseudonym: str, slug: str) -> None:
    """Print everything stored about the participant PSEUDONYM as JSON."""
    _django()
    from inspraak.consultations.privacy import participant_data

    data = participant_data(_participant(slug, pseudonym))
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@participant.command("erase")
@click.argument("pseudonym")
@click.option("--consultation", "slug", required=True, help="Short name of the consultation.")
@click.option("--yes", is_flag=True, help="Erase without asking for confirmation.")
def participant_erase_command(pseudonym: str, slug: str, yes: bool) -> None:
    """Erase the participant PSEUDONYM with all their contributions, votes and attendance."""
    _django()
    from inspraak.consultations.privacy import participant_erase

    found = _participant(slug, pseudonym)
    if not yes:
        click.confirm(f"Erase {pseudonym} and all their input for good?", abort=True)
    counts = participant_erase(participant=found, actor="cli")
    click.echo(
        f"Erased {pseudonym}: {counts['contributions']} contributions, "
        f"{counts['votes']} votes, {counts['attendance']} attendances."
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write every row of the database to FILE (.json or .json.gz)."""
    _django()
    from inspraak.core.backup import BackupError, database_backup

    try:
        counts = database_backup(path=file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {sum(counts.values())} rows to {file}.")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore a backup made by `inspraak backup` into an empty database."""
    _django()
    from inspraak.core.backup import BackupError, database_restore

    _migrate()
    try:
        count = database_restore(path=file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {count} rows from {file}.")
