# SPDX-License-Identifier: EUPL-1.2
"""The e-mail channel: messages from files or an IMAP mailbox become contributions.

Each message is parsed by `mailparse`, routed to a round (and maybe a session),
and stored as one contribution per point, channel `email`. The sender's address
is the participant key and is kept on the participant for organisers only; it is
never written into a contribution. A message is imported once: its Message-ID
(or the hash of its bytes) is part of every point's import key.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mailbox
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.contributions import (
    ContributionDraft,
    contribution_key,
    contributions_add,
)
from inspraak.consultations.models import Consultation, Contribution, Round, Session
from inspraak.core.text import text_clean
from inspraak.intake.files import message_size_problem
from inspraak.intake.mail.parse import (
    MailRejected,
    ParsedMail,
    mail_parse,
    plus_tags,
    subject_tags,
)

TRIAGE_ROUND_TITLE = "Binnengekomen e-mail"
IMAP_TIMEOUT_S = 30.0
logger = logging.getLogger(__name__)

__all__ = ["MailRejected", "mail_fetch", "mail_import_file", "mail_import_message"]


class MailFetchError(Exception):
    """The mailbox could not be read (connection, login, folder); nothing was marked read."""


class MailFileRejected(Exception):
    """A mail file cannot be imported; `problems` lists each bad message. Nothing was stored."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        self.file_name = file_name
        self.problems = problems
        super().__init__("\n".join(f"{file_name}: {problem}" for problem in problems))


@dataclass
class MailImportResult:
    message_id: str
    round: Round | None = None
    session: Session | None = None
    routed_by: str = ""  # "explicit", "plus-address", "subject", "only round" or "triage"
    created: int = 0
    duplicate: bool = False  # imported before: nothing added
    erased: bool = False  # the sender's data was erased on request: nothing added
    warnings: list[str] = field(default_factory=list)


@dataclass
class MailFetchResult:
    messages: list[MailImportResult] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "uid 7: the message has no text …"

    @property
    def created(self) -> int:
        return sum(result.created for result in self.messages)


def mail_read(raw: bytes) -> ParsedMail:
    """Parse a message after checking its size; raises MailRejected."""
    too_large = message_size_problem(len(raw))
    if too_large:
        raise MailRejected(too_large)
    if not raw.strip():
        raise MailRejected(_("this is not an e-mail message: it is empty"))
    return mail_parse(raw)


def mail_import_message(
    *, consultation: Consultation, raw: bytes, round: Round | None = None, actor: Any = None
) -> MailImportResult:
    """Import one message (bytes as received); raises MailRejected before storing anything."""
    parsed = mail_read(raw)
    with transaction.atomic():
        return _messages_store(consultation, [parsed], round, actor, source="message")[0]


def mail_import_file(
    *,
    path: Path,
    consultation: Consultation | None = None,
    consultation_slug: str = "",
    round_title: str = "",
    actor: Any = None,
) -> list[MailImportResult]:
    """Import a `.eml` file or an `.mbox` mailbox file, atomically.

    Every message is read and checked first; a file with a bad message stores
    nothing and raises MailFileRejected listing each. The consultation is created
    as `consultation_slug` when it does not exist yet.
    """
    messages = _file_messages(path)
    parsed = _file_parsed(path.name, messages)
    with transaction.atomic():
        consultation = cs.consultation_for_import(
            consultation=consultation, slug=consultation_slug, actor=actor
        )
        round_ = None
        if round_title.strip():
            round_ = cs.round_get_or_create(consultation=consultation, title=round_title.strip())
        return _messages_store(consultation, parsed, round_, actor, source=path.name)


def _file_messages(path: Path) -> list[bytes]:
    if path.suffix.lower() == ".mbox":
        box = mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()
    too_large = message_size_problem(path.stat().st_size)
    if too_large:
        raise MailFileRejected(path.name, [too_large])
    return [path.read_bytes()]


def _file_parsed(file_name: str, messages: list[bytes]) -> list[ParsedMail]:
    if not messages:
        raise MailFileRejected(file_name, [_("the file holds no messages")])
    parsed: list[ParsedMail] = []
    problems: list[str] = []
    for n, raw in enumerate(messages, 1):
        try:
            parsed.append(mail_read(raw))
        except MailRejected as problem:
            problems.append(_("message %(n)d: %(problem)s") % {"n": n, "problem": problem})
    if problems:
        raise MailFileRejected(file_name, problems)
    return parsed


def _messages_store(
    consultation: Consultation,
    messages: list[ParsedMail],
    round_: Round | None,
    actor: Any,
    source: str,
) -> list[MailImportResult]:
    """Store every message's points through the one write path, in one call and one audit."""
    results: list[MailImportResult] = []
    drafts: list[ContributionDraft] = []
    owners: list[MailImportResult] = []
    for parsed in messages:
        result = MailImportResult(message_id=parsed.message_id, warnings=list(parsed.warnings))
        results.append(result)
        key = cs.participant_source_key(consultation=consultation, key=parsed.sender)
        if consultation.erasures.filter(source_key=key).exists():
            result.erased = True
            continue
        if _imported_before(consultation, parsed):
            # Checked before routing and before the sender becomes a participant: a forged
            # Message-ID of an earlier message adds nothing, not even a participant.
            result.duplicate = True
            continue
        result.round, result.session, result.routed_by = mail_route(
            consultation=consultation, parsed=parsed, round=round_
        )
        mine = _drafts(parsed, result, _participant(consultation, parsed.sender))
        drafts += mine
        owners += [result] * len(mine)
    added = contributions_add(
        consultation=consultation,
        drafts=drafts,
        actor=actor,
        source="mail_import",
        detail={"source": source[:255], "messages": len(messages)},
        overflow="shorten",
    )
    stored = {c.import_key for c in added.created}
    for draft, result in zip(drafts, owners, strict=True):
        result.created += contribution_key(draft.channel, draft.idempotency_key) in stored
    return results


def _imported_before(consultation: Consultation, parsed: ParsedMail) -> bool:
    """A message is imported once per consultation, whatever round it was routed to."""
    keys = [
        contribution_key(Contribution.Channel.EMAIL, f"{parsed.message_id}\x1f{n}")
        for n in range(len(parsed.points))
    ]
    return Contribution.objects.filter(
        round__consultation=consultation, import_key__in=keys
    ).exists()


def _drafts(
    parsed: ParsedMail, result: MailImportResult, participant: Any
) -> list[ContributionDraft]:
    assert result.round is not None
    return [
        ContributionDraft(
            text=point.text,
            channel=Contribution.Channel.EMAIL,
            round=result.round,
            session=result.session,
            participant=participant,
            created_at=parsed.date,
            source_name=_source_name(parsed),
            source_detail=f"{parsed.subject or '-'} · {point.detail}",
            idempotency_key=f"{parsed.message_id}\x1f{n}",
        )
        for n, point in enumerate(parsed.points)
    ]


def _source_name(parsed: ParsedMail) -> str:
    """The Message-ID, unless it happens to contain the sender's address (then its hash)."""
    local = parsed.sender.split("@", 1)[0]
    if len(local) >= 3 and local in parsed.message_id.lower():
        return "sha256:" + hashlib.sha256(parsed.message_id.encode()).hexdigest()
    return text_clean(parsed.message_id)[:255]


def _participant(consultation: Consultation, sender: str) -> Any:
    participant, _created = cs.participant_get_or_create(consultation=consultation, key=sender)
    if participant.email != sender:
        participant.email = sender
        participant.save(update_fields=["email"])
    return participant


def mail_route(
    *, consultation: Consultation, parsed: ParsedMail, round: Round | None = None
) -> tuple[Round, Session | None, str]:
    """Where a message goes: (round, session or None, how it was decided).

    An explicit round wins; then a plus-address or subject tag naming a session
    or round (within the explicit round, if given); then the consultation's only
    round; else the triage round "Binnengekomen e-mail", created when needed.
    """
    rounds = [round] if round is not None else list(consultation.rounds.all())
    tags = [("plus-address", tag) for tag in plus_tags(parsed.recipients)]
    tags += [("subject", tag) for tag in subject_tags(parsed.subject)]
    for how, tag in tags:
        found = _tag_match(rounds, tag)
        if found is not None:
            return found[0], found[1], "explicit" if round is not None else how
    if round is not None:
        return round, None, "explicit"
    ordinary = [r for r in rounds if r.title != TRIAGE_ROUND_TITLE]
    if len(ordinary) == 1:
        return ordinary[0], None, "only round"
    triage = cs.round_get_or_create(consultation=consultation, title=TRIAGE_ROUND_TITLE)
    return triage, None, "triage"


def _tag_match(rounds: list[Round], tag: str) -> tuple[Round, Session | None] | None:
    """A session whose title matches the tag (the latest round's on a tie), else a round."""
    wanted = slugify(tag)
    if not wanted:
        return None
    sessions = [s for r in rounds for s in r.sessions.all() if slugify(s.title) == wanted]
    if sessions:
        return sessions[-1].round, sessions[-1]
    matching = [r for r in rounds if slugify(r.title) == wanted]
    return (matching[-1], None) if matching else None


# -- IMAP ------------------------------------------------------------------------------


def mail_fetch(
    *,
    consultation: Consultation,
    host: str,
    port: int,
    username: str,
    password: str,
    tls: bool = True,
    starttls: bool = False,
    folder: str = "INBOX",
    round: Round | None = None,
    actor: Any = None,
    timeout: float = IMAP_TIMEOUT_S,
) -> MailFetchResult:
    """Import the unread messages of an IMAP folder and mark each one read (\\Seen).

    A message that cannot be imported is reported and marked read too, so it is
    not retried forever; a message imported before is skipped (Message-ID). The
    password is used to log in and appears in no log, error or audit record.
    `tls` encrypts the connection, from the start or (`starttls`) after STARTTLS;
    the host must be public and the connection encrypted unless the operator
    allows otherwise (mail_connection_check).
    """
    mail_connection_check(host=host, tls=tls)
    result = MailFetchResult()
    with _imap(host, port, username, password, (tls, starttls), timeout) as client:
        client.select_folder(folder)
        uids = client.search(["UNSEEN"])
        sizes = client.fetch(uids, ["RFC822.SIZE"]) if uids else {}
        for uid in uids:
            size = sizes.get(uid, {}).get(b"RFC822.SIZE", 0)
            _fetch_one(
                client, uid, size, result, consultation=consultation, round=round, actor=actor
            )
    return result


def mail_connection_check(*, host: str, tls: bool) -> None:
    """Raises MailFetchError for a host on an internal network or an unencrypted connection.

    Operators allow a mail server on the same machine with
    INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS and plain IMAP with INSPRAAK_MAIL_ALLOW_PLAIN.
    """
    from inspraak.core.nethost import HostRefused, host_check_public

    if not tls and not settings.INSPRAAK_MAIL_ALLOW_PLAIN:
        raise MailFetchError(
            _("connect over TLS or STARTTLS: this server does not allow plain IMAP")
        )
    try:
        host_check_public(host, allow_private=settings.INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS)
    except HostRefused as refused:
        raise MailFetchError(str(refused)) from None


def _fetch_one(client: Any, uid: int, size: int, result: MailFetchResult, **store: Any) -> None:
    try:
        too_large = message_size_problem(size)
        if too_large:
            raise MailRejected(too_large)
        raw = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {}).get(b"BODY[]", b"")
        result.messages.append(mail_import_message(raw=raw, **store))
    except MailRejected as problem:
        result.rejected.append(_("uid %(uid)d: %(problem)s") % {"uid": uid, "problem": problem})
    client.add_flags([uid], [b"\\Seen"])


@contextlib.contextmanager
def _imap(
    host: str, port: int, username: str, password: str, tls: tuple[bool, bool], timeout: float
) -> Iterator[Any]:
    """A logged-in IMAPClient; connection and protocol errors become MailFetchError.

    `tls` is (encrypted, by STARTTLS). Messages name the host, never the server's
    own words: a banner or error text could carry anything the server likes.
    """
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = {"host": host, "port": port, "user": username}
    encrypted, starttls = tls
    context = ssl.create_default_context() if encrypted else None
    try:
        client = IMAPClient(
            host, port=port, ssl=encrypted and not starttls, ssl_context=context, timeout=timeout
        )
        if starttls:
            client.starttls(context)
    except (OSError, IMAPClientError) as error:
        logger.warning(
            "IMAP connection to %s:%s failed: %s", host, port, _scrubbed(error, password)
        )
        message = _("cannot connect to %(host)s:%(port)s: %(error)s") % {
            **where,
            "error": _connect_problem(error),
        }
        raise MailFetchError(message) from None
    try:
        client.login(username, password)
        yield client
    except LoginError:
        raise MailFetchError(_("login failed for %(user)s on %(host)s") % where) from None
    except (OSError, IMAPClientError) as error:
        logger.warning("IMAP server %s refused: %s", host, _scrubbed(error, password))
        message = _("the mail server %(host)s refused the request (check the folder name)") % where
        raise MailFetchError(message) from None
    finally:
        with contextlib.suppress(Exception):
            client.logout()


def _connect_problem(error: BaseException) -> str:
    """Our own words for why a connection failed; never the server's text."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return _("its TLS certificate is not valid for this name")
    if isinstance(error, ssl.SSLError):
        return _("TLS failed")
    if isinstance(error, TimeoutError):
        return _("no answer in time")
    if isinstance(error, ConnectionRefusedError):
        return _("the connection was refused")
    if isinstance(error, socket.gaierror):
        return _("the name cannot be found")
    if isinstance(error, OSError):
        return _("the network could not reach it")
    return _("it does not speak IMAP as expected (or offers no STARTTLS)")


def _scrubbed(error: BaseException, password: str) -> str:
    """The error's text, which must not carry the password (for the server's log only)."""
    text = str(error) or type(error).__name__
    return text.replace(password, "***") if password else text
