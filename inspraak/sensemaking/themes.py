# SPDX-License-Identifier: EUPL-1.2
"""Adapter: a round's contributions → the sensemaking engine → stored themes.

The engine (inspraak_analysis.sensemaking) sees plain records: contribution ids
are database keys, sessions are titles. Organisers' theme edits are replayed on
each new run (sensemaking.edits).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations.models import Consultation, Contribution, Round
from inspraak.consultations.services import session_present
from inspraak.core.audit import audit_log
from inspraak.sensemaking.edits import edits_apply
from inspraak.sensemaking.embeddings import embeddings_cached
from inspraak.sensemaking.facilitator import FACILITATOR_COUNTS
from inspraak.sensemaking.models import ROUND_LEVEL_SESSION, AnalysisRun, Theme
from inspraak.sensemaking.selectors import run_themes_json

if TYPE_CHECKING:  # the engine loads scikit-learn (about 1.5 s): imported where it runs
    from inspraak_analysis import sensemaking as engine

# Contributions that belong to the round but to no session (e-mail, web form).
Progress = Callable[[str, int, int], None]


class AnalysisRefused(Exception):
    pass


def round_for_analysis(*, consultation: Consultation, title: str = "") -> Round:
    """The round to analyse: the named one, or the consultation's only round."""
    rounds = consultation.rounds.all()
    if title:
        found = rounds.filter(title=title).first()
        if found is None:
            raise AnalysisRefused(_("No round “%(title)s”.") % {"title": title})
        return found
    if rounds.count() != 1:
        raise AnalysisRefused(
            _("The consultation has %(n)d rounds: name one.") % {"n": rounds.count()}
        )
    return rounds.get()


def _records(round_: Round) -> tuple[list[engine.Contribution], dict[str, int], list[engine.Note]]:
    from inspraak_analysis import sensemaking as engine

    contributions = (
        Contribution.objects.filter(round=round_, hidden=False)
        .select_related("session")
        .prefetch_related("endorsements")
        .order_by("created_at", "pk")
    )
    records = [
        engine.Contribution(
            id=c.pk,
            session=c.session.title if c.session else ROUND_LEVEL_SESSION,
            participant=str(c.participant_id or f"anonymous-{c.pk}"),
            text=c.text,
            kind=c.kind,
            channel=c.channel,
            discussed=c.discussed,
            endorsed_by=tuple(
                sorted(
                    {str(e.participant_id) for e in c.endorsements.all()} - {str(c.participant_id)}
                )
            ),
        )
        for c in contributions
    ]
    present = {s.title: session_present(s) for s in round_.sessions.all()}
    notes = [
        engine.Note(
            session=note.session.title,
            text=note.text,
            contribution_ids=tuple(note.contributions.values_list("pk", flat=True)),
        )
        for session in round_.sessions.all()
        for note in session.notes.all()
    ]
    return records, present, notes


def themes_analyse(
    *, consultation: Consultation, round: Round, actor: Any = None, progress: Progress | None = None
) -> AnalysisRun:
    """Analyse a round's visible contributions and store the themes (with edits replayed)."""
    from inspraak_analysis import sensemaking as engine

    if round.consultation_id != consultation.pk:
        raise AnalysisRefused(_("The round belongs to another consultation."))
    records, present, notes = _records(round)
    run = AnalysisRun.objects.create(
        consultation=consultation,
        round=round,
        kind=AnalysisRun.Kind.THEMES,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        result = engine.analyse(
            records, present=present, notes=notes, progress=progress, embed=embeddings_cached
        )
    except Exception as error:  # the run records any failure for the organiser to see
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=AnalysisRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        _themes_store(run, result)
        edits_apply(run=run)
        run.result = engine.result_to_json(result, row_of=lambda cid: cid)
        run.result["warnings"] = list(result.warnings)
        run.result["themes"] = run_themes_json(run=run)["themes"]
        run.status, run.finished_at = AnalysisRun.Status.DONE, timezone.now()
        run.save(update_fields=["result", "status", "finished_at"])
        audit_log(
            actor=actor,
            action="themes_analyse",
            target=run,
            consultation=consultation,
            detail={"contributions": len(records), "themes": run.themes.count()},
        )
    return run


def _themes_store(run: AnalysisRun, result: engine.SensemakingResult) -> None:
    stored: dict[str, Theme] = {}
    # Parents first, so leaves can point at them.
    ordered = sorted(result.themes, key=lambda t: (t.is_leaf, t.id))
    for position, t in enumerate(ordered):
        theme = Theme.objects.create(
            run=run,
            parent=stored.get(t.parent) if t.parent else None,
            key=t.id,
            label=t.label[:200],
            keywords=list(t.keywords),
            support=t.support,
            participants=t.participants,
            present=t.present,
            by_session={
                n: {"participants": s.participants, "present": s.present}
                for n, s in t.by_session.items()
            },
            quotes=list(t.quote_ids),
            is_leaf=t.is_leaf,
            discussed=t.discussed,
            position=position,
            summary=t.summary,
            extra=dict(t.extra),
        )
        theme.members.set(list(t.contribution_ids))
        theme.facilitator = facilitator_support(theme)
        if theme.facilitator:
            theme.save(update_fields=["facilitator"])
        stored[t.id] = theme


def facilitator_support(theme: Theme) -> dict[str, dict[str, Any]]:
    """The facilitator's recorded counts for wall clusters whose post-its are mostly this theme's.

    Per session: {"supporters", "present", "cluster", "recorded_at"}; kept apart from
    the counted support (issue 13, item 5).
    """
    members = set(theme.members.values_list("pk", flat=True))
    out: dict[str, dict[str, Any]] = {}
    for lookup in FACILITATOR_COUNTS:
        for record in lookup(members):
            items = record.pop("items")
            if len(items & members) * 2 > len(items):
                out[record.pop("session")] = record
    return dict(sorted(out.items()))
