# SPDX-License-Identifier: EUPL-1.2
"""`inspraak import document` and `inspraak import sheet`: parse options, call a service, report.

Attach them to the `import` group: `import_group.add_command(import_document)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
CONSULTATION_HELP = "Short name of the consultation; created when it does not exist."


def _slug_checked(slug: str) -> None:
    from django.utils.text import slugify

    if slugify(slug) != slug:
        raise click.ClickException(f"{slug!r} is not a valid short name; try {slugify(slug)!r}")


def _rejected(rejected: Any, file_name: str) -> click.ClickException:
    for message in rejected.messages:
        click.echo(message, err=True)
    return click.ClickException(
        f"nothing imported: {len(rejected.problems)} problem(s) in {file_name}"
    )


def preview_lines(document: Any, round_title: str = "") -> list[str]:
    """The preview as an indented tree: round, sessions, themes, points with stated support."""
    lines = [f"{round_title or document.round_title or '(round)'}"]
    for session in document.sessions:
        lines.append(f"  {session.title}" + ("  [skipped]" if session.skip else ""))
        for theme, points in session.themes():
            indent = "    "
            if theme:
                lines.append(f"    {theme}")
                indent = "      "
            for point in points:
                where = f"line {point.line}" if point.line else f"page {point.page or '?'}"
                support = f" [{point.support}: “{point.phrase}”]" if point.support else ""
                lines.append(f"{indent}- {point.text[:100]}{support} ({where})")
    return lines


@click.command("document")
@click.argument("file", type=FILE)
@click.option("--consultation", "slug", required=True, help=CONSULTATION_HELP)
@click.option(
    "--round", "round_title", default="", help="Round to import into; default: the title."
)
@click.option("--dry-run", is_flag=True, help="Print the preview as a tree and store nothing.")
def import_document(file: Path, slug: str, round_title: str, dry_run: bool) -> None:
    """Import an outcome report (Markdown, DOCX or PDF) as a round of summaries.

    Headings "Sessie …" become sessions, sub-headings themes, paragraphs and bullets
    points, with support the text states ("unaniem", "breed", …) recognised. See
    docs/documents.md. Importing the same file twice adds nothing.
    """
    from inspraak.cli import _django

    _django()
    from django.core.exceptions import ValidationError

    from inspraak.intake.csvfile import FileRejected
    from inspraak.intake.documents import document_import, document_read

    _slug_checked(slug)
    try:
        document = document_read(data=file.read_bytes(), file_name=file.name)
        if dry_run:
            click.echo("\n".join(preview_lines(document, round_title)))
            return
        result = document_import(
            document=document, consultation_slug=slug, round_title=round_title, actor="cli"
        )
    except FileRejected as rejected:
        raise _rejected(rejected, file.name) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    click.echo(
        f"{result.created} points imported into round {result.round_title!r}, "
        f"{result.skipped} already present (sessions: {', '.join(result.sessions)})."
    )


@click.command("sheet")
@click.argument("file", type=FILE)
@click.option("--consultation", "slug", required=True, help=CONSULTATION_HELP)
@click.option("--text", "text", required=True, help="Column holding the contribution's text.")
@click.option("--participant", required=True, help="Column naming who gave it.")
@click.option("--session", required=True, help="Column naming the session.")
@click.option("--kind", default="", help="Column with the kind (probleem, idee, …).")
@click.option("--created-at", default="", help="Column with when it was written.")
@click.option("--discussed", default="", help="Column saying whether it was discussed (ja/nee).")
@click.option(
    "--attribute", "attributes", multiple=True, help="Column to keep as a participant attribute."
)
@click.option("--sheet", default="", help="Sheet of the workbook; default: the first.")
@click.option("--round", "round_title", default="", help="Round to import into.")
@click.option("--dry-run", is_flag=True, help="Check every row and store nothing.")
def import_sheet(
    file: Path, slug: str, sheet: str, round_title: str, dry_run: bool, **columns: Any
) -> None:
    """Import contributions from a spreadsheet (XLSX or CSV) whose columns you name.

    Columns are named by their header. Rows are checked and stored exactly as by
    `inspraak import contributions`: a bad row imports nothing; twice adds nothing.
    """
    from inspraak.cli import _django

    _django()
    from django.core.exceptions import ValidationError

    from inspraak.intake.csvfile import FileRejected
    from inspraak.intake.sheets import Mapping, sheet_import, sheet_read, sheet_validate

    _slug_checked(slug)
    mapping = Mapping(**{**columns, "attributes": list(columns["attributes"])})
    try:
        table = sheet_read(data=file.read_bytes(), file_name=file.name, sheet=sheet)
        if dry_run:
            rows = sheet_validate(table=table, mapping=mapping)
            click.echo(f"{len(rows)} rows are valid; nothing stored.")
            return
        result = sheet_import(
            table=table,
            mapping=mapping,
            consultation_slug=slug,
            round_title=round_title,
            actor="cli",
        )
    except FileRejected as rejected:
        raise _rejected(rejected, file.name) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    click.echo(
        f"{result.created} contributions imported, {result.skipped} already present "
        f"({result.rows} rows; sessions: {', '.join(result.sessions)})."
    )
