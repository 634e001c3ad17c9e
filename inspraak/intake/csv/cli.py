# SPDX-License-Identifier: EUPL-1.2
"""`inspraak import contributions`: a CSV of contributions through the CSV import."""

from __future__ import annotations

from pathlib import Path

import click

from inspraak.intake.cli import (
    CONSULTATION_HELP,
    FILE,
    django_setup,
    import_result_echo,
    rejected_error,
    slug_checked,
)


@click.command("contributions")
@click.argument("file", type=FILE)
@click.option(
    "--consultation",
    "slug",
    required=True,
    help=CONSULTATION_HELP,
)
@click.option("--round", "round_title", default="", help="Round for rows without a round column.")
def import_contributions(file: Path, slug: str, round_title: str) -> None:
    """Import a CSV of contributions (columns session, participant, text; see docs/import.md).

    A file with a bad row imports nothing and lists every bad row as file:line: column: problem.
    Importing the same file twice adds nothing.
    """
    django_setup()
    from django.core.exceptions import ValidationError

    from inspraak.intake.csv.services import contributions_import_csv
    from inspraak.intake.files import FileRejected

    slug_checked(slug)
    try:
        result = contributions_import_csv(
            data=file.read_bytes(),
            file_name=file.name,
            consultation_slug=slug,
            round_title=round_title,
            actor="cli",
        )
    except FileRejected as rejected:
        raise rejected_error(rejected, file.name) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    import_result_echo(result)
