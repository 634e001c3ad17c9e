# SPDX-License-Identifier: EUPL-1.2
"""Reads: which disposition belongs to which of today's themes, and who may see it.

A disposition covers contribution ids. A theme of the round's latest analysis
shows the disposition sharing most of its contributions; a disposition whose
contributions now sit in several themes is flagged for review, and so is a
theme that two dispositions reach (after a merge). Nothing is dropped: a
disposition that reaches no theme at all is listed as left over.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils.text import slugify

from inspraak.consultations.models import Consultation, Contribution, Participant, Round
from inspraak.decisions.models import TAKEN_UP, Disposition, Status
from inspraak.sensemaking.models import Theme
from inspraak.sensemaking.selectors import run_latest
from inspraak_analysis.support import support_rank


@dataclass
class ThemeRow:
    theme: Theme
    member_ids: set[int]
    disposition: Disposition | None
    sessions: list[str]
    sources: list[tuple[str, int]]
    split: bool = False
    conflict: bool = False
    others: list[Disposition] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return (
            self.disposition is not None
            and self.disposition.status != Status.PENDING
            and not self.conflict
        )

    @property
    def needs_review(self) -> bool:
        return self.split or self.conflict


@dataclass
class RoundDecisions:
    round: Round
    rows: list[ThemeRow]
    leftover: list[Disposition]
    published: bool

    @property
    def decided(self) -> int:
        return sum(1 for r in self.rows if r.decided)

    @property
    def total(self) -> int:
        return len(self.rows)


def _published(round_id: int) -> bool:
    from inspraak.decisions.models import Publication

    return Publication.objects.filter(round_id=round_id).exists()


def dispositions_active(
    round_: Round, *, scope: str = Disposition.Scope.THEME
) -> list[Disposition]:
    return list(
        Disposition.objects.filter(round=round_, scope=scope, retired_at=None)
        .select_related("meeting", "decided_by")
        .prefetch_related("chapters")
    )


def round_leaves(round_: Round) -> list[Theme]:
    run = run_latest(round_id=round_.pk)
    if run is None:
        return []
    members = Prefetch("members", queryset=Contribution.objects.select_related("session"))
    leaves = list(run.themes.filter(is_leaf=True).prefetch_related(members))
    return sorted(leaves, key=lambda t: (support_rank(t.support), -t.participants, t.label))


def _row(theme: Theme, dispositions: list[Disposition]) -> ThemeRow:
    members = list(theme.members.all())
    ids = {c.pk for c in members}
    reaching = sorted(
        (d for d in dispositions if ids & set(d.contribution_ids)),
        key=lambda d: -len(ids & set(d.contribution_ids)),
    )
    sessions = sorted({c.session.title for c in members if c.session})
    channels = Counter(c.get_channel_display() for c in members)
    return ThemeRow(
        theme=theme,
        member_ids=ids,
        disposition=reaching[0] if reaching else None,
        sessions=sessions,
        sources=sorted(channels.items(), key=lambda kv: (-kv[1], kv[0])),
        conflict=len(reaching) > 1,
        others=reaching[1:],
    )


def round_decisions(round_: Round) -> RoundDecisions:
    """Every leaf theme of the round's latest analysis with its disposition and review flags."""
    dispositions = dispositions_active(round_)
    rows = [_row(theme, dispositions) for theme in round_leaves(round_)]
    themes_of: dict[int, set[int]] = {}
    for row in rows:
        for d in [row.disposition, *row.others]:
            if d is not None:
                themes_of.setdefault(d.pk, set()).add(row.theme.pk)
    for row in rows:
        row.split = row.disposition is not None and len(themes_of[row.disposition.pk]) > 1
    leftover = [d for d in dispositions if d.pk not in themes_of and d.contribution_ids]
    return RoundDecisions(round_, rows, leftover, _published(round_.pk))


def rows_filter(
    rows: list[ThemeRow], *, undecided: bool = False, session: str = "", chapter: int | None = None
) -> list[ThemeRow]:
    if undecided:
        rows = [r for r in rows if not r.decided]
    if session:
        rows = [r for r in rows if session in r.sessions]
    if chapter is not None:
        rows = [
            r
            for r in rows
            if r.disposition and chapter in {c.pk for c in r.disposition.chapters.all()}
        ]
    return rows


def dispositions_single(round_: Round) -> dict[int, Disposition]:
    """contribution id → its own decision, for contributions decided apart from their theme."""
    return {
        cid: d
        for d in dispositions_active(round_, scope=Disposition.Scope.CONTRIBUTION)
        for cid in d.contribution_ids
    }


def disposition_for_contributions(round_: Round) -> dict[int, Disposition]:
    """contribution id → the disposition that speaks for it (a single one beats its theme's)."""
    found: dict[int, Disposition] = {}
    for row in round_decisions(round_).rows:
        if row.disposition is not None:
            for cid in row.member_ids:
                found[cid] = row.disposition
    for d in dispositions_active(round_):
        for cid in d.contribution_ids:
            found[cid] = d
    for d in dispositions_active(round_, scope=Disposition.Scope.CONTRIBUTION):
        for cid in d.contribution_ids:
            found[cid] = d
    return found


def _public_version(round_: Round) -> Any:
    from inspraak.reports.models import ReportVersion

    versions = ReportVersion.objects.filter(report__round=round_, public_token__isnull=False)
    return next((v for v in versions.order_by("-published_at", "-id") if v.is_public), None)


def public_report_path(round_: Round) -> str:
    """The link of the round's newest public report version, or "" when none is public."""
    version = _public_version(round_)
    return f"/r/{version.public_token}/" if version else ""


def report_sections(round_: Round) -> dict[int, str]:
    """contribution id → link to the theme's section in the newest public report."""
    version = _public_version(round_)
    if version is None:
        return {}
    links: dict[int, str] = {}
    for session in version.document.get("sessions", []):
        for theme in session.get("themes", []):
            anchor = f"/r/{version.public_token}/#{slugify(theme.get('key', ''))}"
            for cid in theme.get("contribution_ids", []):
                links.setdefault(cid, anchor)
    return links


@dataclass
class OwnItem:
    contribution: Contribution
    theme: str
    disposition: Disposition | None
    report_link: str = ""


@dataclass
class OwnRound:
    round: Round
    items: list[OwnItem]
    published: bool
    report_path: str

    @property
    def taken_up(self) -> int:
        return sum(1 for i in self.items if i.disposition and i.disposition.status in TAKEN_UP)


def participant_overview(participant: Participant) -> list[OwnRound]:
    """A participant's own visible contributions per round; decisions only once published."""
    contributions = participant.contributions.filter(hidden=False).select_related(
        "session", "round"
    )
    by_round: dict[int, list[Contribution]] = {}
    for c in contributions.order_by("round_id", "created_at", "pk"):
        by_round.setdefault(c.round_id, []).append(c)
    overview = []
    for mine in by_round.values():
        round_ = mine[0].round
        published = _published(round_.pk)
        sections = report_sections(round_)
        # A theme's label is words from several people's input: shown once it is public.
        report_path = public_report_path(round_)
        public = published or bool(report_path)
        leaves = round_leaves(round_) if public else []
        labels = {cid: t.label for t in leaves for cid in _ids(t)}
        decided = disposition_for_contributions(round_) if published else {}
        items = [
            OwnItem(c, labels.get(c.pk, ""), decided.get(c.pk), sections.get(c.pk, ""))
            for c in mine
        ]
        overview.append(OwnRound(round_, items, published, report_path))
    return overview


def _ids(theme: Theme) -> list[int]:
    return [c.pk for c in theme.members.all()]


def rounds_published(consultation: Consultation) -> list[Round]:
    return list(consultation.rounds.filter(decisions_publication__isnull=False))


def _plain(d: Disposition | None) -> dict[str, Any]:
    if d is None:
        return {
            "status": Status.PENDING.value,
            "status_label": str(Status.PENDING.label),
            "explanation": "",
            "chapters": [],
            "meeting": None,
            "decided_at": None,
        }
    return {
        "status": d.status,
        "status_label": d.get_status_display(),
        "explanation": d.explanation,
        "chapters": [{"number": c.number, "title": c.title} for c in d.chapters.all()],
        "meeting": {"title": d.meeting.title, "date": d.meeting.date.isoformat()}
        if d.meeting
        else None,
        "decided_at": d.decided_at.isoformat() if d.decided_at else None,
    }


def decisions_for_report(round_: Round) -> list[dict[str, Any]]:
    """Plain data for the report's section "Wat we met de inbreng deden"; [] until published.

    One entry per theme, in support order: label, support word and counts, and the
    public side of its disposition (never the internal note or who decided).
    """
    if not _published(round_.pk):
        return []
    return [
        {
            "theme": row.theme.label,
            "support": row.theme.support,
            "participants": row.theme.participants,
            "present": row.theme.present,
            "sessions": row.sessions,
            **_plain(row.disposition),
        }
        for row in round_decisions(round_).rows
    ]


def decisions_by_chapter(round_: Round) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The report entries grouped by chapter, in chapter order; the rest under None."""
    entries = decisions_for_report(round_)
    chapters = round_.consultation.chapters.all()
    grouped = [
        (c, [e for e in entries if c.number in {x["number"] for x in e.get("chapters", [])}])
        for c in chapters
    ]
    rest = [e for e in entries if not e.get("chapters")]
    return [(c, e) for c, e in grouped if e] + ([(None, rest)] if rest else [])


def chapters_export(consultation: Consultation) -> list[dict[str, Any]]:
    return [
        {"number": c.number, "title": c.title, "description": c.description}
        for c in consultation.chapters.all()
    ]


def dispositions_export(round_: Round) -> list[dict[str, Any]]:
    """The round's current decisions for the exports (organisers' files: with the note).

    One entry per theme of the latest analysis, then those on single contributions
    and those that reach no theme now; `needs_review` marks the ones to look at again.
    """
    overview = round_decisions(round_)
    published = overview.published
    rows = [
        _export_entry(r.disposition, r.theme.label, r.theme, r.needs_review, published)
        for r in overview.rows
    ]
    singles = dispositions_active(round_, scope=Disposition.Scope.CONTRIBUTION)
    rows += [_export_entry(d, d.label, None, False, published) for d in singles]
    rows += [_export_entry(d, d.label, None, True, published) for d in overview.leftover]
    return rows


def _export_entry(
    d: Disposition | None, label: str, theme: Theme | None, review: bool, published: bool
) -> dict[str, Any]:
    members = len(d.contribution_ids) if d else len(_ids(theme)) if theme else 0
    return {
        "theme": label,
        "scope": d.scope if d else Disposition.Scope.THEME.value,
        "support": theme.support if theme else "",
        "participants": theme.participants if theme else None,
        "present": theme.present if theme else None,
        "contributions": members,
        **_plain(d),
        "note": d.note if d else "",
        "needs_review": review,
        "published": published,
    }


EXPORT_COLUMNS = (
    "theme",
    "scope",
    "support",
    "participants",
    "present",
    "contributions",
    "status",
    "status_label",
    "explanation",
    "chapters",
    "meeting",
    "decided_at",
    "note",
    "needs_review",
    "published",
)


def dispositions_export_rows(round_: Round) -> list[list[str]]:
    """The same, flat, for CSV and XLSX: one row per entry, in EXPORT_COLUMNS order."""
    rows = []
    for e in dispositions_export(round_):
        flat = dict(e)
        flat["chapters"] = "; ".join(f"{c['number']}. {c['title']}" for c in e["chapters"])
        meeting = e["meeting"]
        flat["meeting"] = f"{meeting['date']} {meeting['title']}" if meeting else ""
        flat["needs_review"] = "ja" if e["needs_review"] else "nee"
        flat["published"] = "ja" if e["published"] else "nee"
        rows.append(["" if flat[k] is None else str(flat[k]) for k in EXPORT_COLUMNS])
    return rows
