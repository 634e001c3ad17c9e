# SPDX-License-Identifier: EUPL-1.2
"""Commands that bring input in and take it out: imports and exports."""

from __future__ import annotations

import json
from pathlib import Path

import click

from inspraak.cli import _consultation, _django, _emit, main, out_option


@main.group("import")
def import_group() -> None:
    """Import input from files."""


@import_group.command("contributions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--consultation",
    "slug",
    required=True,
    help="Short name of the consultation; created when it does not exist.",
)
@click.option("--round", "round_title", default="", help="Round for rows without a round column.")
def import_contributions(file: Path, slug: str, round_title: str) -> None:
    """Import a CSV of contributions (columns session, participant, text; see docs/import.md).

    A file with a bad row imports nothing and lists every bad row as file:line: column: problem.
    Importing the same file twice adds nothing.
    """
    _django()
    from django.core.exceptions import ValidationError
    from django.utils.text import slugify

    from inspraak.intake.csvfile import FileRejected
    from inspraak.intake.services import contributions_import_csv

    if slugify(slug) != slug:
        raise click.ClickException(f"{slug!r} is not a valid short name; try {slugify(slug)!r}")
    try:
        result = contributions_import_csv(
            data=file.read_bytes(),
            file_name=file.name,
            consultation_slug=slug,
            round_title=round_title,
            actor="cli",
        )
    except FileRejected as rejected:
        for message in rejected.messages:
            click.echo(message, err=True)
        raise click.ClickException(
            f"nothing imported: {len(rejected.problems)} problem(s) in {file.name}"
        ) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    click.echo(
        f"{result.created} contributions imported, {result.skipped} already present "
        f"({result.rows} rows; sessions: {', '.join(result.sessions)})."
        + (f" {result.erased} rows of erased participants left out." if result.erased else "")
    )


@main.command()
@click.option("--consultation", "slug", required=True, help="Short name of the consultation.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="json",
    show_default=True,
    help="Output format (see docs/export.md).",
)
@out_option()
def export(slug: str, fmt: str, out: Path | None) -> None:
    """Export a consultation's contributions, pseudonymised (docs/export.md)."""
    _django()
    import io

    from inspraak.consultations.selectors import consultation_export, consultation_export_rows
    from inspraak.core.exporting import csv_write

    consultation = _consultation(slug)
    if fmt == "json":
        text = json.dumps(consultation_export(consultation), ensure_ascii=False, indent=2) + "\n"
    else:
        stream = io.StringIO()
        header, rows = consultation_export_rows(consultation)
        csv_write(stream, header, rows)
        text = stream.getvalue()
    _emit(text, out)


@import_group.command("polis")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--consultation",
    "slug",
    required=True,
    help="Short name of the consultation; created when it does not exist.",
)
def import_polis(folder: Path, slug: str) -> None:
    """Import a Pol.is export folder (comments.csv, votes.csv) as statements, participants and votes."""
    _django()
    from inspraak.consultations.models import Consultation
    from inspraak.consultations.services import consultation_create
    from inspraak.intake.polis import polis_import
    from inspraak_analysis.polis_export import PolisExportError

    consultation = Consultation.objects.filter(slug=slug).first()
    try:
        if consultation is None:
            consultation = consultation_create(title=folder.name, slug=slug, actor="cli")
        result = polis_import(consultation=consultation, path=folder, actor="cli")
    except PolisExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{result.statements_created} statements, {result.participants_created} participants and "
        f"{result.votes_created} votes imported; {result.votes_updated} votes updated."
    )


@main.group()
def mail() -> None:
    """The consultation's mailbox: fetch new messages as contributions (docs/mail.md)."""


def _attach_channel_commands() -> None:
    """Commands that live with their channel in inspraak.intake (they import this module)."""
    from inspraak.intake.documents_cli import import_document, import_sheet
    from inspraak.intake.mail_cli import import_mail, mail_fetch_command

    import_group.add_command(import_mail, "mail")
    import_group.add_command(import_document, "document")
    import_group.add_command(import_sheet, "sheet")
    import_group.add_command(import_sheet, "spreadsheet")  # the name issue 7 and the docs use
    mail.add_command(mail_fetch_command, "fetch")


_attach_channel_commands()
