# SPDX-License-Identifier: EUPL-1.2
"""Reads: overviews, filtered contribution lists and the export (a public interface).

The export format is documented in docs/export.md; keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from inspraak.consultations.models import Consultation, Contribution, Session
from inspraak.consultations.services import session_present

EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class ContributionFilter:
    q: str = ""
    kind: str = ""
    channel: str = ""
    theme: int | None = None
    attribute: str = ""
    value: str = ""
    show_hidden: bool = False


def sessions_with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        n_contributions=Count(
            "contributions", filter=Q(contributions__hidden=False), distinct=True
        ),
        n_attending=Count("attendances", distinct=True),
    ).select_related("round")


def contributions_filtered(
    contributions: QuerySet[Contribution], f: ContributionFilter
) -> QuerySet[Contribution]:
    """Search (every word must occur) and filters, as the session table offers them."""
    if not f.show_hidden:
        contributions = contributions.filter(hidden=False)
    for word in f.q.split()[:10]:
        contributions = contributions.filter(text__icontains=word)
    if f.kind:
        contributions = contributions.filter(kind=f.kind)
    if f.channel:
        contributions = contributions.filter(channel=f.channel)
    if f.theme is not None:
        contributions = contributions.filter(themes__pk=f.theme)
    if f.attribute and f.value:
        contributions = contributions.filter(**{f"participant__attributes__{f.attribute}": f.value})
    return contributions.select_related("participant", "prompt")


def attribute_values(consultation: Consultation) -> dict[str, list[str]]:
    """For each declared participant attribute, the values that occur (for filter menus)."""
    values: dict[str, set[str]] = {name: set() for name in consultation.attribute_names}
    for attributes in consultation.participants.values_list("attributes", flat=True):
        for name, value in (attributes or {}).items():
            if name in values and value:
                values[name].add(str(value))
    return {name: sorted(found) for name, found in values.items()}


def consultation_export(consultation: Consultation) -> dict[str, Any]:
    """The consultation as plain data: rounds → sessions → contributions, pseudonymised.

    Hidden contributions are left out; names appear only with recorded consent. Apps
    above this one add their parts (decisions: `dispositions` per round, `chapters`)
    through `export_part_register`.
    """
    rounds = []
    for round_ in consultation.rounds.all():
        sessions = []
        for session in round_.sessions.all():
            sessions.append(
                {
                    "title": session.title,
                    "present": session_present(session),
                    "contributions": [
                        _contribution_export(c) for c in _export_rows(session.contributions)
                    ],
                }
            )
        loose = _export_rows(round_.contributions.filter(session=None))
        rounds.append(
            {
                "title": round_.title,
                "date": round_.date.isoformat() if round_.date else None,
                "place": round_.place,
                "sessions": sessions,
                "contributions": [_contribution_export(c) for c in loose],
                **{key: part(round_) for key, part in _round_parts.items()},
            }
        )
    return {
        "format": "inspraak-export",
        "version": EXPORT_FORMAT_VERSION,
        "title": consultation.title,
        "slug": consultation.slug,
        "description": consultation.description,
        "language": consultation.language,
        "rounds": rounds,
        **{key: part(consultation) for key, part in _consultation_parts.items()},
    }


_round_parts: dict[str, Any] = {}
_consultation_parts: dict[str, Any] = {}


def export_part_register(*, key: str, per: str, part: Any) -> None:
    """Add `key` to the export of every round (`per="round"`) or of the consultation."""
    (_round_parts if per == "round" else _consultation_parts)[key] = part


def _export_rows(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return contributions.filter(hidden=False).select_related("participant", "prompt", "session")


def _contribution_export(c: Contribution) -> dict[str, Any]:
    return {
        "text": c.text,
        "participant": c.participant.public_name if c.participant else None,
        "attributes": dict(c.participant.attributes) if c.participant else {},
        "kind": c.kind,
        "channel": c.channel,
        "prompt": c.prompt.text if c.prompt else None,
        "discussed": c.discussed,
        "provenance": c.provenance,
        "created_at": c.created_at.isoformat(),
    }


EXPORT_CSV_COLUMNS = (
    "round",
    "session",
    "participant",
    "text",
    "kind",
    "channel",
    "created_at",
    "prompt",
    "discussed",
    "source",
    "line",
)


def consultation_export_rows(consultation: Consultation) -> tuple[list[str], list[list[str]]]:
    """The export as CSV rows in the import format (participant attributes as extra columns)."""
    attributes = consultation.attribute_names
    header = [*EXPORT_CSV_COLUMNS, *attributes]
    rows = []
    data = consultation_export(consultation)
    for round_ in data["rounds"]:
        groups = [(s["title"], s["contributions"]) for s in round_["sessions"]]
        for session_title, contributions in [*groups, ("", round_["contributions"])]:
            rows += [
                _export_row(round_["title"], session_title, c, attributes) for c in contributions
            ]
    return header, rows


def _export_row(
    round_title: str, session_title: str, c: dict[str, Any], attributes: list[str]
) -> list[str]:
    return [
        round_title,
        session_title,
        c["participant"] or "",
        c["text"],
        c["kind"],
        c["channel"],
        c["created_at"],
        c["prompt"] or "",
        "ja" if c["discussed"] else "nee",
        c["provenance"]["source"],
        str(c["provenance"]["line"] or ""),
        *[str(c["attributes"].get(a, "")) for a in attributes],
    ]


def participants_search(
    consultation: Consultation, *, q: str = "", attribute: str = "", value: str = ""
) -> QuerySet[Any]:
    """Participants for the organisers' list: by pseudonym or name, and by an attribute value.

    `attribute` must be a declared attribute (it becomes part of a JSON lookup).
    """
    participants = consultation.participants.annotate(
        n_contributions=Count("contributions", distinct=True), n_votes=Count("votes", distinct=True)
    )
    for word in q.split()[:5]:
        participants = participants.filter(
            Q(pseudonym__icontains=word) | Q(display_name__icontains=word)
        )
    if attribute in consultation.attribute_names and value:
        participants = participants.filter(**{f"attributes__{attribute}": value})
    return participants.order_by("pseudonym")
