# SPDX-License-Identifier: EUPL-1.2
"""`mail_fetch` and `inspraak mail fetch` against a real Dovecot IMAP server on loopback.

The fixture runs Debian's Dovecot (package dovecot-imapd) in the foreground with a
private configuration in a temporary folder; messages are placed with IMAP APPEND.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import override_settings
from imapclient import IMAPClient

from inspraak.cli import main
from inspraak.consultations.models import Consultation, Contribution
from inspraak.core.models import AuditEvent
from inspraak.intake.mail.cli import mail_fetch_command
from inspraak.intake.mail.services import MailFetchError, mail_fetch
from tests.intake.mailhelpers import DOCX_TYPE, fixture, make_docx, make_message

DOVECOT = "/usr/sbin/dovecot"
USER = "inbox@test"
PASSWORD = "geheim-Wachtwoord-42"
_folders = itertools.count(1)

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/run
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
mail_location = maildir:{dir}/mail/%u
default_internal_user = nobody
default_login_user = nobody
default_internal_group = nogroup
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture(autouse=True)
def _loopback_plain_imap_allowed(settings: Any) -> None:
    # The test Dovecot listens on 127.0.0.1 without TLS: what an operator allows explicitly.
    settings.INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS = True
    settings.INSPRAAK_MAIL_ALLOW_PLAIN = True


@dataclass(frozen=True)
class Imap:
    host: str
    port: int

    def client(self) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    pytest.fail(f"Dovecot did not start on port {port}:\n{text}")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Imap]:
    if not Path(DOVECOT).exists():
        pytest.fail(
            f"{DOVECOT} is missing: these tests need Debian's Dovecot IMAP server "
            "(apt-get install dovecot-imapd; ./dev installs it)"
        )
    folder = Path(tempfile.mkdtemp(prefix="inspraak-dovecot-"))
    folder.chmod(0o755)  # nobody must read the users file on the way down
    (folder / "mail").mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder / "mail", user="nobody", group="nogroup")
    (folder / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    (folder / "dovecot.conf").write_text(CONFIG.format(dir=folder, port=port))
    process = subprocess.Popen(  # noqa: S603 - fixed program, our own config
        [DOVECOT, "-F", "-c", str(folder / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, process, folder / "dovecot.log")
        yield Imap("127.0.0.1", port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def mailbox_folder(dovecot: Imap) -> Iterator[Any]:
    """A fresh IMAP folder for one test, and a function that APPENDs messages to it."""
    name = f"Test{next(_folders)}"
    client = dovecot.client()
    client.create_folder(name)

    def append(raw: bytes, *, seen: bool = False) -> None:
        client.append(name, raw, flags=[b"\\Seen"] if seen else [])

    append.folder = name  # type: ignore[attr-defined]
    append.client = client  # type: ignore[attr-defined]
    yield append
    client.logout()


def fetch(dovecot: Imap, consultation: Consultation, folder: str, **kwargs: Any) -> Any:
    options = {"host": dovecot.host, "port": dovecot.port, "username": USER, "password": PASSWORD}
    return mail_fetch(consultation=consultation, tls=False, folder=folder, **{**options, **kwargs})


def unseen(append: Any) -> list[int]:
    append.client.select_folder(append.folder, readonly=True)
    return list(append.client.search(["UNSEEN"]))


@pytest.fixture
def programme(make_consultation: Any) -> Consultation:
    return make_consultation(sessions=("Werk en inkomen", "Zorg", "Groen"))


def windows_1252_message() -> bytes:
    return (
        b"From: Els <els@example.nl>\r\nTo: inspraak@partij.nl\r\nSubject: Wonen\r\n"
        b"Message-ID: <cp1252@example.nl>\r\nDate: Fri, 20 Mar 2026 10:00:00 +0100\r\n"
        b"Content-Type: text/plain; charset=windows-1252\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"Een \x93tiny house\x94-regeling voor starters.\r\n"
    )


@pytest.mark.django_db
def test_fetch_imports_every_kind_of_message_and_marks_them_read(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation
) -> None:
    for name in ("outlook_html_only.eml", "gmail_reply.eml", "qp_latin1_numbered.eml"):
        mailbox_folder(fixture(name))
    mailbox_folder(windows_1252_message())
    docx = make_docx(["Punt uit de bijlage."])
    mailbox_folder(make_message("Zie bijlage.", attachments=(("a.docx", docx, DOCX_TYPE),)))
    mailbox_folder(make_message("Al gelezen.", message_id="<gelezen@x>"), seen=True)
    result = fetch(dovecot, programme, mailbox_folder.folder)
    assert (len(result.messages), result.rejected, result.created) == (5, [], 11)
    texts = set(Contribution.objects.values_list("text", flat=True))
    assert {"Een “tiny house”-regeling voor starters.", "Punt uit de bijlage."} <= texts
    assert "Al gelezen." not in texts
    assert unseen(mailbox_folder) == []
    assert fetch(dovecot, programme, mailbox_folder.folder).messages == []


@pytest.mark.django_db
def test_a_message_seen_again_is_not_imported_twice(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation
) -> None:
    mailbox_folder(fixture("gmail_reply.eml"))
    first = fetch(dovecot, programme, mailbox_folder.folder)
    client = mailbox_folder.client
    client.select_folder(mailbox_folder.folder)
    client.remove_flags(client.search(["ALL"]), [b"\\Seen"])
    again = fetch(dovecot, programme, mailbox_folder.folder)
    assert (first.created, again.created, again.messages[0].duplicate) == (2, 0, True)
    assert Contribution.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_message_is_reported_and_marked_read_the_rest_imported(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation
) -> None:
    mailbox_folder(make_message("Hoi,\n\nGroet,\nJan", message_id="<leeg@x>"))
    mailbox_folder(fixture("qp_latin1_numbered.eml"))
    result = fetch(dovecot, programme, mailbox_folder.folder)
    assert len(result.rejected) == 1 and result.rejected[0].endswith(
        ": the message has no text to import"
    )
    assert result.created == 3 and unseen(mailbox_folder) == []


@pytest.mark.django_db
def test_an_oversized_message_is_not_downloaded_and_is_reported(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation
) -> None:
    mailbox_folder(make_message("groot " * 1000, message_id="<groot@x>"))
    with override_settings(INSPRAAK_IMPORT_MAX_BYTES=2048):
        result = fetch(dovecot, programme, mailbox_folder.folder)
    assert result.messages == [] and "; the limit is 2.0\xa0KB" in result.rejected[0]
    assert Contribution.objects.count() == 0 and unseen(mailbox_folder) == []


@pytest.mark.django_db
def test_missing_folder_and_closed_port_are_clear_errors(
    dovecot: Imap, programme: Consultation
) -> None:
    with pytest.raises(MailFetchError, match="the mail server 127.0.0.1 refused"):
        fetch(dovecot, programme, "BestaatNiet")
    with pytest.raises(MailFetchError, match=r"cannot connect to 127.0.0.1:\d+"):
        fetch(dovecot, programme, "INBOX", port=_free_port())


@pytest.mark.django_db
def test_cli_fetch_reads_the_password_from_the_environment(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation
) -> None:
    mailbox_folder(fixture("base64_utf8_bullets.eml"))
    args = ["--consultation", programme.slug, "--host", dovecot.host, "--port", str(dovecot.port)]
    args += ["--user", USER, "--no-tls", "--folder", mailbox_folder.folder]
    result = CliRunner().invoke(mail_fetch_command, args, env={"INSPRAAK_MAIL_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert "4 points → Ronde 1 / Groen (subject)" in result.output
    assert "4 contributions imported from 1 new message(s)." in result.output
    assert PASSWORD not in result.output


@pytest.mark.django_db
def test_cli_fetch_every_keeps_going_until_interrupted(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation, monkeypatch: Any
) -> None:
    runs = []

    def sleep(seconds: float) -> None:
        runs.append(seconds)
        if len(runs) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("inspraak.intake.mail.cli.time.sleep", sleep)
    mailbox_folder(fixture("gmail_reply.eml"))
    args = ["--consultation", programme.slug, "--host", dovecot.host, "--port", str(dovecot.port)]
    args += ["--user", USER, "--no-tls", "--folder", mailbox_folder.folder, "--every", "60"]
    result = CliRunner().invoke(mail_fetch_command, args, input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert runs == [60, 60]
    assert "2 contributions imported from 1 new message(s)." in result.output
    assert "0 contributions imported from 0 new message(s)." in result.output
    assert result.output.count(PASSWORD) == 0


def test_organiser_connects_the_mailbox_once_and_fetches_by_button_and_command(
    client: Any, organiser: Any, dovecot: Imap, mailbox_folder: Any, make_consultation: Any
) -> None:
    from django.urls import reverse

    from inspraak.intake.models import Mailbox

    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    page = reverse("mailbox", args=[consultation.slug])
    settings_ = {
        "host": dovecot.host,
        "port": dovecot.port,
        "username": USER,
        "folder": mailbox_folder.folder,
    }
    assert client.post(page, {**settings_, "password": PASSWORD}).status_code == 302
    assert PASSWORD not in client.get(page).content.decode(), "the password is never shown back"
    client.post(page, {**settings_, "password": ""})  # saving again keeps the stored password
    assert Mailbox.objects.get().password == PASSWORD

    mailbox_folder(make_message(body="- Eerste punt via de knop\n- Tweede punt\n"))
    client.post(reverse("mailbox_fetch", args=[consultation.slug]))
    assert Contribution.objects.filter(channel="email").count() == 2
    assert Mailbox.objects.get().last_result.startswith("2 ")  # in the language of the page

    mailbox_folder(make_message(body="Via de opdrachtregel.", message_id="<cli@example.org>"))
    by_button = Mailbox.objects.get().last_fetch_at
    result = CliRunner().invoke(main, ["mail", "fetch", "--consultation", consultation.slug])
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert Contribution.objects.filter(channel="email").count() == 3
    # The command goes through the same mailbox service as the button: the fetch is recorded.
    stored = Mailbox.objects.get()
    assert stored.last_fetch_at > by_button and stored.last_result.startswith("1 ")


def test_fetch_without_a_connected_mailbox_says_what_to_do(make_consultation: Any) -> None:
    consultation = make_consultation()
    result = CliRunner().invoke(main, ["mail", "fetch", "--consultation", consultation.slug])
    assert result.exit_code == 1 and "no mailbox connected" in result.output


def test_other_organisers_cannot_see_or_use_the_mailbox(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    from django.urls import reverse

    client.force_login(two_consultations["alice"])
    b = two_consultations["b"]
    assert client.get(reverse("mailbox", args=[b.slug])).status_code == 404
    assert client.post(reverse("mailbox_fetch", args=[b.slug])).status_code == 404


@pytest.mark.django_db
def test_wrong_password_is_a_clear_error_that_never_shows_a_password(
    dovecot: Imap, mailbox_folder: Any, programme: Consultation, caplog: Any
) -> None:
    # Last in the module: Dovecot slows down logins from an address after a failed one.
    caplog.set_level(logging.DEBUG)
    wrong = "verkeerd-Wachtwoord-99"
    fetch(dovecot, programme, mailbox_folder.folder)  # the right one, also logged at DEBUG
    with pytest.raises(MailFetchError) as info:
        fetch(dovecot, programme, mailbox_folder.folder, password=wrong)
    assert str(info.value) == f"login failed for {USER} on 127.0.0.1"
    for secret in (wrong, PASSWORD):
        assert secret not in caplog.text
        assert secret not in str(list(AuditEvent.objects.values("detail")))
