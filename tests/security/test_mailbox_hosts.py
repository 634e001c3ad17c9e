# SPDX-License-Identifier: EUPL-1.2
"""The mailbox setting cannot reach internal services, needs TLS, and never echoes a server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from inspraak.intake.mail.services import MailFetchError, mail_fetch
from inspraak.intake.models import Mailbox

INTERNAL = [
    "127.0.0.1",
    "127.1",
    "0.0.0.0",  # noqa: S104
    "::1",
    "[::1]",
    "10.20.30.40",
    "localhost",
    "169.254.169.254",
    "192.168.1.1",
    "::ffff:127.0.0.1",
]  # noqa: S104
BANNER = "SECRET-BANNER intern-mail-01.gemeente.local 10.9.8.7"


def _fetch(consultation: Any, host: str, **extra: Any) -> Any:
    options = {"host": host, "port": 993, "username": "u", "password": "p", "tls": True}
    return mail_fetch(consultation=consultation, **{**options, **extra})


@pytest.mark.parametrize("host", INTERNAL)
def test_internal_hosts_are_refused_before_connecting(make_consultation: Any, host: str) -> None:
    with pytest.raises(MailFetchError, match="internal network"):
        _fetch(make_consultation(), host, timeout=0.5)


def test_plain_imap_is_refused_unless_the_operator_allows_it(
    make_consultation: Any, settings: Any
) -> None:
    settings.INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(MailFetchError, match="TLS or STARTTLS"):
        _fetch(make_consultation(), "127.0.0.1", tls=False)


def test_the_form_refuses_an_internal_host_and_stores_nothing(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    data = {"host": "127.1", "port": 993, "tls": "on", "username": "u", "password": "p"}
    page = client.post(reverse("mailbox", args=[consultation.slug]), {**data, "folder": "INBOX"})
    assert page.status_code == 200
    error = page.context["form"].errors["host"][0]
    assert "internal network" in error or "intern netwerk" in error  # the page speaks Dutch
    assert not Mailbox.objects.exists()


@pytest.fixture
def hostile_imap() -> Iterator[int]:
    """A loopback 'IMAP server' that greets with a banner naming internal things, then hangs up."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                peer, _ = server.accept()
            except TimeoutError:
                continue
            with peer:
                peer.sendall(f"* BYE {BANNER}\r\n".encode())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("tls", [(True, False), (True, True), (False, False)])
def test_errors_never_reflect_the_servers_banner(
    make_consultation: Any, settings: Any, hostile_imap: int, tls: tuple[bool, bool]
) -> None:
    settings.INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS = settings.INSPRAAK_MAIL_ALLOW_PLAIN = True
    with pytest.raises(MailFetchError) as info:
        _fetch(
            make_consultation(),
            "127.0.0.1",
            port=hostile_imap,
            tls=tls[0],
            starttls=tls[1],
            timeout=3,
        )
    assert str(info.value).startswith("cannot connect to 127.0.0.1:")
    assert "SECRET" not in str(info.value) and "10.9.8.7" not in str(info.value)


def test_the_stored_password_is_encrypted_and_reads_back(make_consultation: Any) -> None:
    password = "Zomer-Wachtwoord-2026!"  # noqa: S105
    mailbox = Mailbox.objects.create(
        consultation=make_consultation(), host="imap.example.org", username="u", password=password
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_mailbox")
        stored = repr(cursor.fetchall())
    assert password not in stored and "fernet:" in stored
    assert Mailbox.objects.get(pk=mailbox.pk).password == password


def test_a_changed_secret_key_leaves_an_empty_password_not_a_crash(
    make_consultation: Any, settings: Any
) -> None:
    Mailbox.objects.create(
        consultation=make_consultation(), host="imap.example.org", username="u", password="x1"
    )
    settings.SECRET_KEY = "a-completely-different-secret-key-for-this-test-only"  # noqa: S105
    assert Mailbox.objects.get().password == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_passwords_stored_before() -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before, after = (
        [("intake", "0002_consultation_mailbox")],
        [("intake", "0003_mailbox_password_sealed_starttls")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    consultation = old.get_model("consultations", "Consultation").objects.create(
        title="Oud", slug="oud"
    )
    old.get_model("intake", "Mailbox").objects.create(
        consultation_id=consultation.pk,
        host="imap.example.org",
        username="u",
        password="oud-geheim",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    with connection.cursor() as cursor:
        cursor.execute("SELECT password_sealed FROM intake_mailbox")
        (sealed,) = cursor.fetchone()
    assert "oud-geheim" not in sealed and sealed.startswith("fernet:")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Mailbox.objects.get().password == "oud-geheim"


def test_an_operator_key_encrypts_and_old_rows_stay_readable(
    make_consultation: Any, settings: Any
) -> None:
    from cryptography.fernet import Fernet

    from inspraak.core.sealed import secret_open, secret_seal

    before = secret_seal("oud")  # under the key derived from SECRET_KEY
    settings.INSPRAAK_ENCRYPTION_KEY = Fernet.generate_key().decode()
    after = secret_seal("nieuw")
    assert secret_open(before) == "oud" and secret_open(after) == "nieuw"
    settings.INSPRAAK_ENCRYPTION_KEY = ""
    assert secret_open(after) == "", "without the operator's key the new row cannot be read"


def test_a_malformed_operator_key_is_a_clear_configuration_error(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from inspraak.core.sealed import secret_seal

    settings.INSPRAAK_ENCRYPTION_KEY = "te-kort"
    with pytest.raises(ImproperlyConfigured, match="Fernet key"):
        secret_seal("x")
