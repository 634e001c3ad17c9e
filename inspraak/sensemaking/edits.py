# SPDX-License-Identifier: EUPL-1.2
"""Organisers rename, merge and split themes; the edits survive a new analysis.

Each edit is stored as a ThemeEdit naming the contributions it concerns and
applied to the current run at once; every later run of the round replays all
edits in order (edits_apply). Counts and support words of changed themes are
recounted from their contributions, so an edit can never make a word
contradict its numbers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inspraak.consultations.models import Contribution
from inspraak.consultations.services import session_present
from inspraak.core.audit import audit_log
from inspraak.sensemaking.models import AnalysisRun, Theme, ThemeEdit
from inspraak_analysis.support import support_level
from inspraak_analysis.themes.model import SensemakingConfig

EXTRA_CHANNELS = SensemakingConfig().extra_channels
# A rename follows the new theme that shares at least this share of contributions.
RENAME_MIN_OVERLAP = 0.5


def _leaves(run: AnalysisRun) -> list[Theme]:
    return list(run.themes.filter(is_leaf=True).prefetch_related("members"))


def _member_ids(theme: Theme) -> set[int]:
    return {c.pk for c in theme.members.all()}


def theme_recount(theme: Theme) -> None:
    """Counts per session and the support word, from the theme's contributions."""
    from inspraak.sensemaking.models import ROUND_LEVEL_SESSION

    carriers: dict[str, set[Any]] = defaultdict(set)
    sessions: dict[str, Any] = {}
    extra: dict[str, int] = defaultdict(int)
    members = theme.members.filter(hidden=False).select_related("session")
    for c in members.prefetch_related("endorsements"):
        if c.channel in EXTRA_CHANNELS:  # extra input: beside the theme, never present
            extra[c.channel] += 1
            continue
        name = c.session.title if c.session else ROUND_LEVEL_SESSION
        carriers[name].add(c.participant_id or f"anonymous-{c.pk}")
        carriers[name].update(e.participant_id for e in c.endorsements.all())
        sessions[name] = c.session
    theme.extra = dict(sorted(extra.items()))
    by_session = {}
    for name, people in sorted(carriers.items()):
        session = sessions[name]
        present = max(session_present(session), len(people)) if session else len(people)
        by_session[name] = {"participants": len(people), "present": present}
    theme.by_session = by_session
    theme.participants = sum(s["participants"] for s in by_session.values())
    theme.present = sum(s["present"] for s in by_session.values())
    theme.support = support_level(theme.participants, theme.present)
    theme.discussed = _discussed(theme, [s for s in sessions.values() if s is not None])
    theme.save(
        update_fields=["by_session", "participants", "present", "support", "discussed", "extra"]
    )


def _discussed(theme: Theme, sessions: list[Any]) -> bool | None:
    """True when a contribution was discussed or noted; None when its sessions kept no record."""
    members = theme.members.all()
    if members.filter(discussed=True).exists() or members.filter(notes__isnull=False).exists():
        return True
    recorded = Contribution.objects.filter(session__in=sessions, discussed=True).exists() or any(
        s.notes.exists() for s in sessions
    )
    return False if recorded else None


def _apply_rename(run: AnalysisRun, edit: ThemeEdit) -> None:
    wanted = set(edit.contribution_ids)
    best, best_overlap = None, 0.0
    for theme in _leaves(run):
        members = _member_ids(theme)
        overlap = len(members & wanted) / len(members | wanted) if members | wanted else 0.0
        if overlap > best_overlap:
            best, best_overlap = theme, overlap
    if best is not None and best_overlap >= RENAME_MIN_OVERLAP:
        best.label, best.edited = edit.label, True
        best.save(update_fields=["label", "edited"])


def _apply_merge(run: AnalysisRun, edit: ThemeEdit) -> None:
    wanted = set(edit.contribution_ids)
    holders = [t for t in _leaves(run) if _member_ids(t) & wanted]
    if not holders:
        return
    keep, others = holders[0], holders[1:]
    for other in others:
        keep.members.add(*other.members.all())
        other.delete()
    keep.label, keep.edited = edit.label, True
    keep.save(update_fields=["label", "edited"])
    theme_recount(keep)


def _apply_split(run: AnalysisRun, edit: ThemeEdit) -> None:
    moving = set(edit.contribution_ids)
    sources = [t for t in _leaves(run) if _member_ids(t) & moving]
    present_ids = set(
        Contribution.objects.filter(pk__in=moving, hidden=False).values_list("pk", flat=True)
    )
    if not sources or not present_ids:
        return
    new = Theme.objects.create(
        run=run,
        parent=sources[0].parent,
        label=edit.label,
        edited=True,
        position=sources[0].position,
    )
    new.members.set(present_ids)
    for source in sources:
        source.members.remove(*present_ids)
        if source.members.exists():
            theme_recount(source)
        else:
            source.delete()
    theme_recount(new)


APPLY = {
    ThemeEdit.Kind.RENAME: _apply_rename,
    ThemeEdit.Kind.MERGE: _apply_merge,
    ThemeEdit.Kind.SPLIT: _apply_split,
}


def edits_apply(*, run: AnalysisRun) -> None:
    """Replay every edit of the run's round, oldest first."""
    for edit in ThemeEdit.objects.filter(round=run.round).order_by("created_at", "pk"):
        APPLY[ThemeEdit.Kind(edit.kind)](run, edit)


@transaction.atomic
def _edit_record(
    *, run: AnalysisRun, kind: str, label: str, ids: set[int], actor: Any
) -> ThemeEdit:
    label = label.strip()
    if not label:
        raise ValidationError(_("A theme needs a name."))
    if not ids:
        raise ValidationError(_("Choose the contributions this concerns."))
    edit = ThemeEdit.objects.create(
        round=run.round,
        kind=kind,
        label=label[:200],
        contribution_ids=sorted(ids),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    APPLY[ThemeEdit.Kind(kind)](run, edit)
    audit_log(
        actor=actor,
        action=f"theme_{kind}",
        target=edit,
        consultation=run.consultation,
        detail={"label": edit.label, "contributions": len(ids)},
    )
    return edit


def theme_rename(*, theme: Theme, label: str, actor: Any) -> ThemeEdit:
    return _edit_record(
        run=theme.run, kind=ThemeEdit.Kind.RENAME, label=label, ids=_member_ids(theme), actor=actor
    )


def theme_merge(*, themes: list[Theme], label: str, actor: Any) -> ThemeEdit:
    if len(themes) < 2:
        raise ValidationError(_("Choose at least two themes to merge."))
    ids = set().union(*(_member_ids(t) for t in themes))
    return _edit_record(
        run=themes[0].run, kind=ThemeEdit.Kind.MERGE, label=label, ids=ids, actor=actor
    )


def theme_split(*, theme: Theme, contribution_ids: set[int], label: str, actor: Any) -> ThemeEdit:
    ids = contribution_ids & _member_ids(theme)
    if ids == _member_ids(theme):
        raise ValidationError(
            _("Leave at least one contribution in the theme, or rename it instead.")
        )
    return _edit_record(run=theme.run, kind=ThemeEdit.Kind.SPLIT, label=label, ids=ids, actor=actor)
