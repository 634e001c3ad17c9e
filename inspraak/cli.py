# SPDX-License-Identifier: EUPL-1.2
"""The `inspraak` command: thin wrappers that parse, call a service and report.

Django is set up lazily, inside each command, so `demo` can point the process at
its own database first and `--help` works without a database.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from inspraak import __version__


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _consultation(slug: str) -> Any:
    from inspraak.consultations.models import Consultation

    try:
        return Consultation.objects.get(slug=slug)
    except Consultation.DoesNotExist:
        raise click.ClickException(f"no consultation with short name {slug!r}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="inspraak")
def main() -> None:
    """inspraak: turn the input of many people into a programme.

    Settings come from the environment (see .env.example); the database is SQLite
    in INSPRAAK_DATA_DIR unless DATABASE_URL points at PostgreSQL.
    """


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _django()
    _migrate(verbosity=1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    help="Worker processes (PostgreSQL only; SQLite serves from one).",
)
@click.option(
    "--migrate/--no-migrate",
    "run_migrate",
    default=True,
    show_default=True,
    help="Apply migrations before serving.",
)
def serve(host: str, port: int, workers: int, run_migrate: bool) -> None:
    """Serve inspraak with the uvicorn ASGI server."""
    _django()
    if run_migrate:
        _migrate()
    _serve(host, port, workers)


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn
    from django.conf import settings

    if workers > 1 and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        click.echo("SQLite serves from one process; using 1 worker.", err=True)
        workers = 1
    uvicorn.run(
        "config.asgi:application",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
        lifespan="off",
        # Walls and phones hold event streams open; don't wait minutes for them on stop.
        timeout_graceful_shutdown=5,
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--password", default=None, help="Password for the demo accounts (generated when left out)."
)
@click.option(
    "--serve/--no-serve",
    "do_serve",
    default=True,
    show_default=True,
    help="Serve the demo after loading it.",
)
def demo(host: str, port: int, password: str | None, do_serve: bool) -> None:
    """Load a fresh demo consultation into its own SQLite database and serve it.

    The demo lives in INSPRAAK_DATA_DIR/demo and never touches your own database.
    """
    base = Path(os.environ.get("INSPRAAK_DATA_DIR", "data")).expanduser().resolve()
    demo_dir = base / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    for name in ("inspraak.sqlite3", "inspraak.sqlite3-wal", "inspraak.sqlite3-shm"):
        (demo_dir / name).unlink(missing_ok=True)
    os.environ["INSPRAAK_DATA_DIR"] = str(demo_dir)
    os.environ.pop("DATABASE_URL", None)
    _django()
    from inspraak.demo.loader import demo_load

    click.echo(f"Creating the demo database in {demo_dir} …")
    _migrate()
    info = demo_load(password=password)
    click.echo(info.summary)
    click.echo(
        f"\nOpen http://{host}:{port}/ and log in as organiser: {info.organiser} / {info.password}"
    )
    click.echo(f"A facilitator of one session: {info.facilitator} / {info.password}")
    click.echo(
        f"The published report, for anyone with the link: http://{host}:{port}{info.report_path}\n"
    )
    sys.stdout.flush()
    if do_serve:
        _serve(host, port, 1)


@main.command("create-organiser")
@click.argument("username")
@click.option("--email", default="", help="E-mail address of the account (optional).")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="INSPRAAK_ORGANISER_PASSWORD",
    help="Password; asked for when left out (or from INSPRAAK_ORGANISER_PASSWORD).",
)
@click.option(
    "--consultation",
    "slugs",
    multiple=True,
    help="Short name of a consultation this person organises (repeatable).",
)
def create_organiser(username: str, email: str, password: str, slugs: tuple[str, ...]) -> None:
    """Create an organiser account, optionally for given consultations."""
    _django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from inspraak.consultations.services import user_create_organiser

    consultations = tuple(_consultation(slug) for slug in slugs)
    try:
        validate_password(password)
        user_create_organiser(
            username=username, password=password, email=email, consultations=consultations
        )
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    click.echo(f"Organiser {username} created.")


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
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write; standard output when left out.",
)
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
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Written to {out}.", err=True)


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


@main.command()
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--consultation",
    "slug",
    default="",
    help="Compute on the stored votes of this consultation (and store the run) instead of a folder.",
)
@click.option(
    "--session",
    "session_title",
    default="",
    help="With --consultation: only the statements of this session.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON file to write; standard output when left out.",
)
def opinions(folder: Path | None, slug: str, session_title: str, out: Path | None) -> None:
    """Opinion groups and consensus from votes (the Pol.is method; docs/opinions.md).

    FOLDER is a Pol.is export folder (comments.csv, votes.csv); no database is used.
    """
    if (folder is None) == (not slug):
        raise click.UsageError("give either a Pol.is export FOLDER or --consultation SLUG")
    if folder is not None:
        from inspraak_analysis.opinions import compute_opinions, result_to_json
        from inspraak_analysis.polis_export import PolisExportError, read_polis_export

        try:
            export = read_polis_export(folder, with_participants=False)
        except PolisExportError as error:
            raise click.ClickException(str(error)) from None
        data = result_to_json(compute_opinions(export.votes, statements=export.statements))
    else:
        data = _opinions_stored(slug, session_title)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        summary = data["summary"]
        click.echo(
            f"{summary['participants_in_groups']} of {summary['participants']} participants in "
            f"{summary['groups']} groups; written to {out}.",
            err=True,
        )


def _opinions_stored(slug: str, session_title: str) -> dict[str, Any]:
    _django()
    from inspraak.sensemaking.opinions import opinions_compute

    consultation = _consultation(slug)
    session = None
    if session_title:
        from inspraak.consultations.models import Session

        session = Session.objects.filter(
            round__consultation=consultation, title=session_title
        ).first()
        if session is None:
            raise click.ClickException(f"no session {session_title!r} in {slug!r}")
    return dict(opinions_compute(consultation=consultation, session=session, actor="cli").result)


def _present_option(text: str) -> dict[str, int]:
    present: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, number = part.rpartition("=")
        if not name or not number.strip().isdigit():
            raise click.BadParameter(
                f'{part!r}: write SESSION=NUMBER, e.g. "Zorg=7"', param_hint="--present"
            )
        present[name.strip()] = int(number)
    return present


class _StageBar:
    """A terminal progress bar over the engine's stages."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="analysing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.label = f"{stage:<10}"
        self.bar.update(done - self.bar.pos)
        if done == total:
            self.bar.__exit__(None, None, None)


@main.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--consultation",
    "slug",
    default="",
    help="Analyse the stored contributions of this consultation (and store the themes) instead of a file.",
)
@click.option(
    "--round",
    "round_title",
    default="",
    help="With --consultation: the round to analyse (needed when there are several).",
)
@click.option(
    "--present",
    "present_text",
    default="",
    help='Participants present per session, e.g. "Zorg=7,Groen=9" (file mode; default: who contributed).',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md"]),
    default="json",
    show_default=True,
    help="Output format (docs/sensemaking.md).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write; standard output when left out.",
)
def analyse(
    file: Path | None, slug: str, round_title: str, present_text: str, fmt: str, out: Path | None
) -> None:
    """Themes, support, claims and what was not discussed (the sensemaking engine).

    FILE is a CSV in the import format (session, participant, text; optional kind,
    channel, created_at, discussed); no database is used. Rows in the result are the
    file's 1-based data rows.
    """
    if (file is None) == (not slug):
        raise click.UsageError("give either a CSV FILE or --consultation SLUG")
    if file is not None:
        text = _analyse_file(file, _present_option(present_text), fmt)
    else:
        text = _analyse_stored(slug, round_title, fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Written to {out}.", err=True)


def _analyse_file(file: Path, present: dict[str, int], fmt: str) -> str:
    from inspraak_analysis.csvinput import read_analysis_csv
    from inspraak_analysis.sensemaking import analyse as run_engine
    from inspraak_analysis.sensemaking import result_to_json, result_to_markdown

    try:
        contributions = read_analysis_csv(file)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    result = run_engine(contributions, present=present, progress=_StageBar())
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if fmt == "md":
        return result_to_markdown(result, row_of=lambda cid: cid)
    return (
        json.dumps(result_to_json(result, row_of=lambda cid: cid), ensure_ascii=False, indent=1)
        + "\n"
    )


def _analyse_stored(slug: str, round_title: str, fmt: str) -> str:
    _django()
    from inspraak.sensemaking.themes import AnalysisRefused, round_for_analysis, themes_analyse

    consultation = _consultation(slug)
    try:
        round_ = round_for_analysis(consultation=consultation, title=round_title)
    except AnalysisRefused as error:
        raise click.ClickException(str(error)) from None
    run = themes_analyse(consultation=consultation, round=round_, actor="cli", progress=_StageBar())
    leaves = run.themes.filter(is_leaf=True).count()
    click.echo(f"{leaves} themes stored for {round_.title}.", err=True)
    if fmt == "md":
        return "".join(
            f"- {t.label}: {t.support} ({t.participants}/{t.present})\n"
            for t in run.themes.filter(is_leaf=True)
        )
    return json.dumps(run.result, ensure_ascii=False, indent=1) + "\n"


@main.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--consultation",
    "slug",
    default="",
    help="Report on a stored round of this consultation instead of a CSV file.",
)
@click.option(
    "--round",
    "round_title",
    default="",
    help="With --consultation: the round (needed when there are several).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "docx", "md"]),
    required=True,
    help="Report format.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write."
)
@click.option(
    "--present",
    "present_text",
    default="",
    help='File mode: participants present per session, e.g. "Zorg=7,Groen=9".',
)
@click.option(
    "--contact",
    default="",
    help="Where to send more input (e-mail address or form link), for the opening.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Leave every participant's pseudonym or name out, as a published report does.",
)
@click.option(
    "--breakdown",
    default="",
    help="With --consultation: a participant attribute (such as role) to count each theme's carriers by.",
)
def report(
    file: Path | None,
    slug: str,
    round_title: str,
    fmt: str,
    out: Path,
    present_text: str,
    contact: str,
    public: bool,
    breakdown: str,
) -> None:
    """The outcome report: sessions, themes with support in words and numbers, every point sourced.

    FILE is a CSV in the import format, run through the analysis engine without a
    database; with --consultation the round's latest analysis is used.
    """
    if (file is None) == (not slug):
        raise click.UsageError("give either a CSV FILE or --consultation SLUG")
    _django()
    from inspraak.reports.build import report_build
    from inspraak.reports.render import render

    if file is not None:
        from inspraak.reports.inputs import report_input_from_csv

        try:
            inp = report_input_from_csv(file, present=_present_option(present_text))
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        inp.contact = contact
    else:
        inp = _report_input_stored(slug, round_title, contact, breakdown)
    out.write_bytes(render(report_build(inp, public=public), fmt))
    click.echo(f"Report written to {out}.", err=True)


def _report_input_stored(slug: str, round_title: str, contact: str, breakdown: str) -> Any:
    from inspraak.reports.inputs import NoAnalysis, report_input_from_round
    from inspraak.sensemaking.themes import AnalysisRefused, round_for_analysis

    consultation = _consultation(slug)
    try:
        round_ = round_for_analysis(consultation=consultation, title=round_title)
        if breakdown and breakdown not in consultation.participant_attributes:
            raise click.BadParameter(
                f"participants have no attribute {breakdown!r}", param_hint="--breakdown"
            )
        return report_input_from_round(round_, contact=contact, breakdown=breakdown)
    except AnalysisRefused as error:
        raise click.ClickException(str(error)) from None
    except NoAnalysis:
        raise click.ClickException(
            f"{round_.title!r} has not been analysed yet: run `inspraak analyse --consultation {slug}` first"
        ) from None


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


if __name__ == "__main__":  # pragma: no cover
    main()
