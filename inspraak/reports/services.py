# SPDX-License-Identifier: EUPL-1.2
"""Writes for reports: create, edit wording, freeze a version, publish and revoke."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inspraak.consultations.models import Contribution, Participant, Round
from inspraak.core.audit import audit_log
from inspraak.reports.build import report_build
from inspraak.reports.document import ReportDocument, SessionSection, ThemeSection
from inspraak.reports.inputs import report_input_from_round
from inspraak.reports.models import Report, ReportEdit, ReportVersion
from inspraak.reports.privacy import REDACTED, document_publicise, document_redact
from inspraak.reports.render import render
from inspraak.reports.selectors import (
    cached,
    report_data_version,
    report_generation_bump,
    version_gone_ids,
)

MAX_EDIT_CHARS = 10_000


def CHANNEL_LABELS() -> dict[str, str]:  # noqa: N802 -- a constant, translated when asked
    return {str(value): str(label) for value, label in Contribution.Channel.choices}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def report_create(*, round: Round, contact: str = "", actor: Any = None) -> Report:
    report = Report.objects.create(
        round=round, contact=contact.strip()[:300], created_by=_user(actor)
    )
    audit_log(actor=actor, action="report_create", target=report, consultation=round.consultation)
    return report


# An edit follows the theme section that shares at least this share of its contributions.
EDIT_MIN_OVERLAP = 0.5


def _overlap(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _section_for(edit: ReportEdit, doc: ReportDocument) -> SessionSection | ThemeSection | None:
    session = next((s for s in doc.sessions if s.title == edit.session_title), None)
    if session is None or not edit.contribution_ids:
        return session
    wanted = set(edit.contribution_ids)
    best = max(
        session.themes, key=lambda t: _overlap(wanted, set(t.contribution_ids)), default=None
    )
    if best is None or _overlap(wanted, set(best.contribution_ids)) < EDIT_MIN_OVERLAP:
        return None
    return best


def report_draft(report: Report, *, public: bool = False) -> ReportDocument:
    """The report as the data says now, with the organiser's wording and stale edits flagged.

    Built once per data version (selectors.report_data_version) and served from the cache
    after; an edit whose theme can no longer be found is kept in `doc.meta["orphaned_edits"]`,
    so no wording is lost silently.
    """
    key = f"reports:draft:{report.pk}:{int(public)}:{report_data_version(report)}"
    return cached(key, lambda: _draft_build(report, public=public))  # type: ignore[no-any-return]


def _draft_build(report: Report, *, public: bool) -> ReportDocument:
    inp = report_input_from_round(report.round, contact=report.contact, breakdown=report.breakdown)
    with translation.override(inp.language):
        doc = report_build(inp, public=public)
    orphaned = []
    for edit in report.edits.all():
        section = _section_for(edit, doc)
        if isinstance(section, ThemeSection):
            section.edited_text = edit.text
            section.changed_since_edit = edit.fingerprint != section.fingerprint()
        elif isinstance(section, SessionSection):
            section.edited_intro = edit.text
        else:
            orphaned.append(
                {"session": edit.session_title, "label": edit.theme_label, "text": edit.text}
            )
    doc.meta["orphaned_edits"] = orphaned
    if public:
        document_publicise(doc, CHANNEL_LABELS())
    return doc


def report_render(report: Report, fmt: str, *, public: bool = False) -> bytes:
    """The draft in a format, rendered once per data version."""
    key = f"reports:render:{report.pk}:{int(public)}:{fmt}:{report_data_version(report)}"
    return cached(key, lambda: render(report_draft(report, public=public), fmt))  # type: ignore[no-any-return]


def _sections(doc: ReportDocument) -> dict[str, tuple[SessionSection, ThemeSection | None]]:
    found: dict[str, tuple[SessionSection, ThemeSection | None]] = {}
    for session in doc.sessions:
        found[session.key] = (session, None)
        found.update({t.key: (session, t) for t in session.themes})
    return found


@transaction.atomic
def report_edit(*, report: Report, section_key: str, text: str, actor: Any) -> None:
    """Set (or with empty text, clear) the wording of one section of the draft."""
    if len(text) > MAX_EDIT_CHARS:
        raise ValidationError(
            _("A section's text is limited to %(n)d characters.") % {"n": MAX_EDIT_CHARS}
        )
    doc = report_draft(report)
    sections = _sections(doc)
    if section_key not in sections:
        raise ValidationError(_("This section is no longer in the report."))
    session, theme = sections[section_key]
    for edit in report.edits.filter(session_title=session.title):
        if _section_for(edit, doc) is (theme or session):
            edit.delete()
    if text.strip():
        ReportEdit.objects.create(
            report=report,
            session_title=session.title,
            theme_label=theme.label if theme else "",
            contribution_ids=theme.contribution_ids if theme else [],
            text=text.strip(),
            fingerprint=theme.fingerprint() if theme else "",
            edited_by=_user(actor),
        )
    audit_log(
        actor=actor,
        action="report_edit",
        target=report,
        consultation=report.round.consultation,
        detail={"section": section_key},
    )


@transaction.atomic
def report_settings(*, report: Report, contact: str, breakdown: str, actor: Any) -> None:
    """Where to send more input, and the attribute to break support down by (or none)."""
    attributes = report.round.consultation.attribute_names
    if breakdown and breakdown not in attributes:
        raise ValidationError(_("Participants have no attribute “%(name)s”.") % {"name": breakdown})
    report.contact, report.breakdown = contact.strip()[:300], breakdown
    report.save(update_fields=["contact", "breakdown"])
    audit_log(
        actor=actor,
        action="report_settings",
        target=report,
        consultation=report.round.consultation,
        detail={"breakdown": breakdown},
    )


@transaction.atomic
def report_version_create(*, report: Report, actor: Any) -> ReportVersion:
    """Freeze the current draft as the next numbered version, with its public form beside it."""
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    private, public = report_draft(report), report_draft(report, public=True)
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        document={**private.to_json(), "meta": {**private.to_json()["meta"], "version": number}},
        public_document={**public.to_json(), "meta": {"version": number}},
        created_by=_user(actor),
    )
    audit_log(
        actor=actor,
        action="report_version_create",
        target=version,
        consultation=report.round.consultation,
    )
    return version


@transaction.atomic
def report_version_publish(
    *,
    version: ReportVersion,
    actor: Any,
    expires_at: datetime | None = None,
    move_from: ReportVersion | None = None,
) -> ReportVersion:
    """Give the version an unguessable public link (a fresh one after a revoke).

    With `move_from` (an older published version of the same report) the link moves:
    its address now shows this version, and the older version is no longer public.
    """
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry date must lie in the future."))
    if move_from is not None and move_from.report_id == version.report_id and move_from.is_public:
        token = move_from.public_token
        move_from.public_token, move_from.revoked_at = None, timezone.now()
        move_from.save(update_fields=["public_token", "revoked_at"])
        version.public_token, version.revoked_at = token, None
    elif not version.is_public:
        version.public_token = secrets.token_urlsafe(24)
        version.revoked_at = None
    version.published_at, version.expires_at = timezone.now(), expires_at
    version.save(update_fields=["public_token", "revoked_at", "published_at", "expires_at"])
    audit_log(
        actor=actor,
        action="report_publish",
        target=version,
        consultation=version.report.round.consultation,
        detail={"moved_from": move_from.number} if move_from else None,
    )
    return version


@transaction.atomic
def report_version_revoke(*, version: ReportVersion, actor: Any) -> None:
    version.revoked_at = timezone.now()
    version.save(update_fields=["revoked_at"])
    audit_log(
        actor=actor,
        action="report_revoke",
        target=version,
        consultation=version.report.round.consultation,
    )


def public_document(version: ReportVersion) -> ReportDocument:
    """The version as the public sees it: no identity, no trail, nothing hidden since."""
    if version.public_document:
        doc = ReportDocument.from_json(version.public_document)
    else:  # a version frozen before public documents were kept
        doc = ReportDocument.from_json(version.document)
        document_publicise(doc, CHANNEL_LABELS())
    ids = [s.contribution_id for s in doc.sources if s.contribution_id is not None]
    gone = version_gone_ids(version, ids)
    if gone:
        document_redact(doc, ids=gone, words=[], removed=_("(withdrawn)"))
    doc.meta["version"] = version.number
    doc.meta["gone"] = sorted(gone)
    return doc


def public_render(version: ReportVersion, fmt: str) -> bytes:
    """A public format of a version, rendered once per version, revision and hidden set."""
    doc = public_document(version)
    gone = hashlib.sha256(repr(doc.meta["gone"]).encode()).hexdigest()[:12]
    key = f"reports:public:{version.pk}:{version.revision}:{gone}:{fmt}"
    return cached(key, lambda: render(doc, fmt))  # type: ignore[no-any-return]


@transaction.atomic
def reports_participant_erased(event: Any) -> None:
    """On `participant.erased` (before the rows go): every stored version forgets them."""
    participant = Participant.objects.filter(pk=event.data["participant"]).first()
    if participant is not None:
        reports_redact_participant(participant)


def reports_redact_participant(participant: Participant) -> int:
    """Take an erased participant's texts, pseudonym and name out of every stored version.

    Called by the erasure service (before or after the texts are erased): every frozen
    document of the participant's consultation loses the participant's contributions and
    every occurrence of their pseudonym, name and address; cached renderings follow the
    raised revision. Drafts are rebuilt from the data. Returns the versions changed.
    """
    ids = set(Contribution.objects.filter(participant=participant).values_list("pk", flat=True))
    words = [w for w in (participant.pseudonym, participant.display_name, participant.email) if w]
    changed = 0
    versions = ReportVersion.objects.filter(
        report__round__consultation_id=participant.consultation_id
    ).select_for_update()
    for version in versions:
        stored = [version.document, version.public_document]
        for field, data in zip(("document", "public_document"), stored, strict=True):
            if not data:
                continue
            doc = ReportDocument.from_json(data)
            texts = {s.text for s in doc.sources if s.contribution_id in ids}
            gone = ids | {
                s.contribution_id for s in doc.sources if s.text in texts and s.contribution_id
            }
            document_redact(doc, ids=gone, words=words, removed=REDACTED)  # type: ignore[arg-type]
            setattr(version, field, doc.to_json())
        version.revision += 1
        version.save(update_fields=["document", "public_document", "revision"])
        changed += 1
    report_generation_bump(participant.consultation_id)
    return changed
