# SPDX-License-Identifier: EUPL-1.2
"""Writes for reports: create, edit wording, freeze a version, publish and revoke."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations.models import Round
from inspraak.core.audit import audit_log
from inspraak.reports.build import report_build
from inspraak.reports.document import ReportDocument, SessionSection, ThemeSection
from inspraak.reports.inputs import report_input_from_round
from inspraak.reports.models import Report, ReportEdit, ReportVersion

MAX_EDIT_CHARS = 10_000


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

    An edit whose theme can no longer be found is kept in `doc.meta["orphaned_edits"]`,
    so no wording is lost silently.
    """
    inp = report_input_from_round(report.round, contact=report.contact, breakdown=report.breakdown)
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
    return doc


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
    """Freeze the current draft as the next numbered version."""
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        document=report_draft(report).to_json(),
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
    *, version: ReportVersion, actor: Any, expires_at: datetime | None = None
) -> ReportVersion:
    """Give the version an unguessable public link (a fresh one after a revoke)."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry date must lie in the future."))
    if not version.is_public:
        version.public_token = secrets.token_urlsafe(24)
        version.revoked_at = None
    version.published_at, version.expires_at = timezone.now(), expires_at
    version.save(update_fields=["public_token", "revoked_at", "published_at", "expires_at"])
    audit_log(
        actor=actor,
        action="report_publish",
        target=version,
        consultation=version.report.round.consultation,
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
    """The version as the public sees it: no participant identity anywhere."""
    doc = ReportDocument.from_json(version.document)
    doc.public = True
    for source in doc.sources:
        source.who = ""
    return doc
