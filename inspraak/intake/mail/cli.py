# SPDX-License-Identifier: EUPL-1.2
"""`inspraak import mail` and `inspraak mail fetch`: thin wrappers over inspraak.intake.mail.services.

Attach them to the CLI groups in inspraak/cli.py; Django is set up inside each
command, so `--help` works without a database.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import click

from inspraak.intake.cli import CONSULTATION_HELP, consultation_existing, django_setup, slug_checked

PASSWORD_ENV = "INSPRAAK_MAIL_PASSWORD"  # noqa: S105 - the variable's name, not a password


@click.command("mail")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--consultation",
    "slug",
    required=True,
    help=CONSULTATION_HELP,
)
@click.option(
    "--round",
    "round_title",
    default="",
    help="Round to put every message in (created when new); otherwise routed (docs/mail.md).",
)
def import_mail(file: Path, slug: str, round_title: str) -> None:
    """Import e-mail from a .eml file or an .mbox mailbox file (docs/mail.md).

    Each message becomes one contribution per point. A file with a bad message
    imports nothing and lists every bad message; a message is imported only once.
    """
    django_setup()
    from django.core.exceptions import ValidationError

    from inspraak.intake.mail.services import MailFileRejected, mail_import_file

    slug_checked(slug)
    try:
        results = mail_import_file(
            path=file, consultation_slug=slug, round_title=round_title, actor="cli"
        )
    except MailFileRejected as rejected:
        for problem in rejected.problems:
            click.echo(f"{file.name}: {problem}", err=True)
        raise click.ClickException(
            f"nothing imported: {len(rejected.problems)} bad message(s)"
        ) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    for result in results:
        _echo_result(result)
    created = sum(result.created for result in results)
    click.echo(f"{created} contributions imported from {len(results)} message(s).")


def _echo_result(result: Any) -> None:
    if result.duplicate:
        click.echo(f"{result.message_id}: imported before, skipped.")
    elif result.erased:
        click.echo(f"{result.message_id}: sender's data was erased on request, left out.")
    else:
        where = result.round.title + (f" / {result.session.title}" if result.session else "")
        click.echo(f"{result.message_id}: {result.created} points → {where} ({result.routed_by}).")
    for warning in result.warnings:
        click.echo(f"warning: {result.message_id}: {warning}", err=True)


@click.command("fetch")
@click.option("--consultation", "slug", required=True, help="Short name of the consultation.")
@click.option(
    "--host",
    default="",
    help="IMAP server name or address; leave out to use the mailbox connected on the consultation's Mailbox page.",
)
@click.option(
    "--port", type=int, default=None, help="IMAP port (default 993 with TLS, 143 without)."
)
@click.option(
    "--user", "username", default="", help="Account name on the IMAP server (with --host)."
)
@click.option(
    "--tls/--no-tls",
    default=True,
    show_default=True,
    help="Connect over TLS; --no-tls only for a server on this machine or a test.",
)
@click.option(
    "--starttls",
    is_flag=True,
    default=False,
    help="Connect unencrypted, then start TLS with STARTTLS (usually port 143).",
)
@click.option("--folder", default="INBOX", show_default=True, help="Folder to read.")
@click.option(
    "--round",
    "round_title",
    default="",
    help="Put every message in this existing round; otherwise routed (docs/mail.md).",
)
@click.option(
    "--every",
    type=click.IntRange(min=10),
    default=None,
    help="Fetch again every SECONDS (at least 10) until interrupted with Ctrl-C.",
)
def mail_fetch_command(
    slug: str,
    host: str,
    port: int | None,
    username: str,
    tls: bool,
    starttls: bool,
    folder: str,
    round_title: str,
    every: int | None,
) -> None:
    """Import the unread messages of an IMAP mailbox and mark them read (docs/mail.md).

    The password comes from the INSPRAAK_MAIL_PASSWORD environment variable, or is
    asked for; it is never shown or logged.
    """
    django_setup()
    consultation = consultation_existing(slug)
    round_ = _round(consultation, round_title)
    if host:
        if not username:
            raise click.UsageError("--host needs --user")
        password = os.environ.get(PASSWORD_ENV) or click.prompt("IMAP password", hide_input=True)
        connection = {
            "host": host,
            "port": port or (993 if tls and not starttls else 143),
            "username": username,
            "password": password,
            "tls": tls,
            "starttls": starttls and tls,
            "folder": folder,
        }
        options = {"consultation": consultation, "round": round_, "actor": "cli", **connection}
    else:  # the stored mailbox, through the same service as the page's button
        options = {"mailbox": _stored_mailbox(consultation), "round": round_, "actor": "cli"}
    if every is None:
        _fetch_once(options, keep_going=False)
        return
    try:
        while True:
            _fetch_once(options, keep_going=True)
            time.sleep(every)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


def _stored_mailbox(consultation: Any) -> Any:
    from inspraak.intake.models import Mailbox

    mailbox = Mailbox.objects.filter(consultation=consultation).first()
    if mailbox is None:
        raise click.ClickException(
            f"no mailbox connected for {consultation.slug!r}: connect one on its Mailbox page, "
            "or give --host and --user"
        )
    return mailbox


def _round(consultation: Any, title: str) -> Any:
    if not title:
        return None
    found = consultation.rounds.filter(title=title).first()
    if found is None:
        raise click.ClickException(f"no round {title!r} in {consultation.slug!r}")
    return found


def _fetch_once(options: dict[str, Any], *, keep_going: bool) -> None:
    """One fetch; with keep_going (periodic mode) a mailbox error is reported, not fatal."""
    from inspraak.intake.mail.mailbox import mailbox_fetch
    from inspraak.intake.mail.services import MailFetchError, mail_fetch

    try:
        result = mailbox_fetch(**options) if "mailbox" in options else mail_fetch(**options)
    except MailFetchError as error:
        if not keep_going:
            raise click.ClickException(str(error)) from None
        click.echo(f"error: {error}", err=True)
        return
    for message in result.messages:
        _echo_result(message)
    for problem in result.rejected:
        click.echo(f"rejected: {problem}", err=True)
    click.echo(
        f"{result.created} contributions imported from {len(result.messages)} new message(s)"
        f"{f', {len(result.rejected)} rejected' if result.rejected else ''}."
    )
