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


@main.group()
def mail() -> None:
    """The consultation's mailbox: fetch new messages as contributions (docs/mail.md)."""


def _attach_channel_commands() -> None:
    """Commands that live with their channel in inspraak.intake (they import this module)."""
    from inspraak.intake.csv.cli import import_contributions
    from inspraak.intake.documents.cli import import_document
    from inspraak.intake.mail.cli import import_mail, mail_fetch_command
    from inspraak.intake.polis.cli import import_polis
    from inspraak.intake.sheets.cli import import_sheet

    import_group.add_command(import_contributions, "contributions")
    import_group.add_command(import_polis, "polis")
    import_group.add_command(import_mail, "mail")
    import_group.add_command(import_document, "document")
    import_group.add_command(import_sheet, "sheet")
    import_group.add_command(import_sheet, "spreadsheet")  # the name issue 7 and the docs use
    mail.add_command(mail_fetch_command, "fetch")


_attach_channel_commands()
