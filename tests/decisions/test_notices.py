# SPDX-License-Identifier: EUPL-1.2
"""Notices go through Django's SMTP backend to a real SMTP server on loopback, at most once."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email import policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from django.utils import timezone

from inspraak.cli import main
from inspraak.consultations import services as cs
from inspraak.consultations.models import Contribution
from inspraak.decisions import services
from inspraak.decisions.models import Notification
from inspraak.decisions.services import Decision
from tests.decisions.conftest import themes_of


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def body(self, n: int) -> str:
        return self.messages[n][1].get_body().get_content()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.INSPRAAK_BASE_URL = "https://inspraak.example.org"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def published(world: Any) -> Any:
    third, _ = cs.participant_get_or_create(consultation=world.consultation, key="derde")
    third.email = "derde@example.org"
    third.save()
    Contribution.objects.create(
        round=world.round,
        participant=third,
        text="Meer bankjes in het park",
        channel=Contribution.Channel.FORM,
        created_at=timezone.now(),
    )
    wonen, ov, _zorg = themes_of(world)
    services.dispositions_decide(
        round=world.round,
        themes=[wonen, ov],
        decision=Decision(status="adopted"),
        actor=world.organiser,
    )
    services.decisions_publish(round=world.round, actor=world.organiser)
    world.third = third
    return world


def send(*args: str) -> Any:
    result = CliRunner().invoke(main, ["notices", "send", *args])
    return result


def test_one_message_per_consenting_participant_with_only_their_own_data(
    published: Any, smtp: Inbox
) -> None:
    result = send()
    assert result.exit_code == 0, result.output
    assert "Sent 2 notices" in result.output
    recipients = sorted(r for rcpt, _m in smtp.messages for r in rcpt)
    assert recipients == ["derde@example.org", "ik@example.org"]
    by_rcpt = {rcpt[0]: n for n, (rcpt, _m) in enumerate(smtp.messages)}
    mine, third = smtp.body(by_rcpt["ik@example.org"]), smtp.body(by_rcpt["derde@example.org"])
    own = services.participant_link(published.mine)
    assert f"https://inspraak.example.org{own}" in mine
    assert "2 of your 3 points have been taken up" in mine
    assert "Huren moeten omlaag" in mine and "Meer bankjes" not in mine
    assert own not in third and "Huren moeten omlaag" not in third
    for body in (mine, third):
        assert "Geheime tekst" not in body and "Betaalbare huurwoningen" not in body
    assert smtp.messages[0][1]["From"] == "inspraak@localhost"


def test_running_twice_sends_once(published: Any, smtp: Inbox) -> None:
    send()
    again = send()
    assert "Sent 0 notices" in again.output and len(smtp.messages) == 2
    services.decisions_publish(round=published.round, actor=published.organiser)
    send()
    assert len(smtp.messages) == 2


def test_a_run_stopped_halfway_sends_the_rest_once(published: Any, smtp: Inbox) -> None:
    assert "Sent 1 notices" in send("--limit", "1").output
    assert "Sent 1 notices" in send().output
    assert sorted(r for rcpt, _m in smtp.messages for r in rcpt) == [
        "derde@example.org",
        "ik@example.org",
    ]


def test_a_notice_left_half_sent_is_not_sent_again_by_itself(published: Any, smtp: Inbox) -> None:
    stuck = Notification.objects.order_by("pk").first()
    Notification.objects.filter(pk=stuck.pk).update(state=Notification.State.SENDING)
    result = send()
    assert "Sent 1 notices" in result.output and "--release-uncertain" in result.output
    assert len(smtp.messages) == 1
    assert "Sent 1 notices" in send("--release-uncertain").output
    assert len(smtp.messages) == 2


def test_an_unreachable_server_keeps_everything_queued(
    published: Any, smtp: Inbox, settings: Any
) -> None:
    settings.EMAIL_PORT = _free_port()  # nobody listens there
    result = send()
    assert result.exit_code == 1 and "unreachable" in result.output
    assert set(Notification.objects.values_list("state", flat=True)) == {"pending"}


def test_a_refused_recipient_is_retried_next_run(published: Any, smtp: Inbox) -> None:
    original = Inbox.handle_DATA
    calls = {"n": 0}

    async def refuse_first(self: Inbox, server: Any, session: Any, envelope: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 1:
            return "451 try again later"
        return await original(self, server, session, envelope)

    Inbox.handle_DATA = refuse_first  # type: ignore[method-assign]
    try:
        assert "1 failed" in send().output
        assert "Sent 1 notices" in send().output
    finally:
        Inbox.handle_DATA = original  # type: ignore[method-assign]
    assert len(smtp.messages) == 2
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


def test_dry_run_shows_and_changes_nothing(published: Any, smtp: Inbox) -> None:
    result = send("--dry-run")
    assert "To: ik@example.org" in result.output and "Would send 2 notices" in result.output
    assert smtp.messages == []
    assert set(Notification.objects.values_list("state", flat=True)) == {"pending"}


def test_a_participant_who_chose_english_gets_english(published: Any, smtp: Inbox) -> None:
    link = services.participant_link_get(participant=published.mine)
    services.participant_link_language(link=link, language="en")
    send()
    subjects = {rcpt[0]: m["Subject"] for rcpt, m in smtp.messages}
    assert subjects["ik@example.org"] == "What became of your input: Programma"
