# SPDX-License-Identifier: EUPL-1.2
"""Importing a written outcome report (Markdown, DOCX, PDF) as a round of summaries.

Two steps, so the organiser sees and corrects the preview before anything is
stored: `document_read` parses (no database writes), `document_import` stores
the corrected preview. The import is atomic (every problem is listed before
anything is written) and idempotent (each point's fingerprint of its place in
the source and its text is kept per round, so a second import adds nothing).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.contributions import ContributionDraft, contributions_add
from inspraak.consultations.models import Consultation, Contribution, Round
from inspraak.intake.documents.parse import ParsedDocument, ParsedPoint, document_parse
from inspraak.intake.files import FileRejected, Problem, size_checked

DEFAULT_ROUND_TITLE = "Ronde 1"


@dataclass
class DocumentImportResult:
    consultation: Consultation
    round_title: str
    created: int = 0
    skipped: int = 0
    sessions: list[str] = field(default_factory=list)


def document_read(*, data: bytes, file_name: str) -> ParsedDocument:
    """The preview of a report: sessions, themes, points and stated support. Writes nothing.

    Raises FileRejected for a file over the size limit, of the wrong kind, or without points.
    """
    size_checked(data, file_name)
    if not data.strip():
        raise FileRejected(file_name, [Problem(0, "-", _("the file is empty"))])
    return document_parse(data, file_name)


def document_import(
    *,
    document: ParsedDocument,
    consultation: Consultation | None = None,
    consultation_slug: str = "",
    round_title: str = "",
    actor: Any = None,
) -> DocumentImportResult:
    """Store the (corrected) preview as contributions of kind summary, channel document.

    The round is `round_title`, else the document's title, else "Ronde 1"; a
    consultation named by `consultation_slug` is created when it does not exist.
    Raises FileRejected, listing every problem, before anything is written.
    """
    _points_checked(document)
    title = (" ".join(round_title.split()) or document.round_title or DEFAULT_ROUND_TITLE)[:200]
    with transaction.atomic():
        consultation = cs.consultation_for_import(
            consultation=consultation, slug=consultation_slug, actor=actor
        )
        round_ = cs.round_get_or_create(consultation=consultation, title=title)
        result = _points_store(consultation, round_, document, actor)
    return result


def _points_checked(document: ParsedDocument) -> None:
    limit = settings.INSPRAAK_CONTRIBUTION_MAX_CHARS
    points = document.points()
    problems = [
        Problem(
            point.line or point.page or 0,
            point.detail,
            _("the point has %(n)d characters; the limit is %(limit)d")
            % {"n": len(point.text), "limit": limit},
        )
        for _session, point in points
        if len(point.text) > limit
    ]
    if not points:
        problems.append(Problem(0, "-", _("every session or point is skipped: nothing to import")))
    if problems:
        raise FileRejected(document.file_name, problems)


def _points_store(
    consultation: Consultation, round_: Round, document: ParsedDocument, actor: Any
) -> DocumentImportResult:
    sessions: dict[str, Any] = {}
    seen: Counter[str] = Counter()
    drafts: list[ContributionDraft] = []
    for parsed_session, point in document.points():
        fingerprint = _fingerprint(consultation, point)
        seen[fingerprint] += 1
        title = parsed_session.title
        if title not in sessions:
            sessions[title] = cs.session_get_or_create(round=round_, title=title)
        drafts.append(
            ContributionDraft(
                text=point.text,
                channel=Contribution.Channel.DOCUMENT,
                session=sessions[title],
                kind=Contribution.Kind.SUMMARY,
                source_name=document.file_name,
                source_line=point.line,
                source_page=point.page,
                source_detail=point.detail,
                support_stated=point.support,
                discussed=point.discussed,
                idempotency_key=f"{fingerprint}:{seen[fingerprint]}",
            )
        )
    added = contributions_add(
        consultation=consultation,
        drafts=drafts,
        actor=actor,
        source="document_import",
        detail={"file": document.file_name, "round": round_.title},
    )
    return DocumentImportResult(
        consultation=consultation,
        round_title=round_.title,
        created=len(added.created),
        skipped=added.skipped,
        sessions=list(dict.fromkeys(s.title for s, _p in document.points())),
    )


def _fingerprint(consultation: Consultation, point: ParsedPoint) -> str:
    """Where the point stood in the source and what it says: the same on a second import,
    whatever session the organiser moved it to in the preview."""
    message = "\x1f".join(["document", point.origin, point.theme, point.text]).encode("utf-8")
    return hmac.new(consultation.salt.encode(), message, hashlib.sha256).hexdigest()[:56]
