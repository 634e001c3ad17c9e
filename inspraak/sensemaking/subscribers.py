# SPDX-License-Identifier: EUPL-1.2
"""How the analysis takes part in the apps below it: erasure, the data download, theme filters.

Erasure reaches the analysis: stored runs and themes forget an erased participant.

An opinion run keeps each participant's group and place on the map by id; a theme
run and the themes keep quotes. On `participant.erased` the id leaves every opinion
run of the consultation and their words leave every stored result and quote. The
data download gets the participant's opinion groups from `opinion_groups_section`.
"""

from __future__ import annotations

from typing import Any

from inspraak.consultations.models import Participant
from inspraak.consultations.privacy import data_section_register
from inspraak.core.events import Event, subscribe
from inspraak.core.redact import json_redact
from inspraak.sensemaking.models import AnalysisRun, Theme


def on_participant_erased(event: Event) -> None:
    key, words = str(event.data["participant"]), list(event.data["words"])
    for run in AnalysisRun.objects.filter(consultation_id=event.data["consultation"]):
        result, changed = json_redact(run.result, words)
        if run.kind == AnalysisRun.Kind.OPINIONS and isinstance(result, dict):
            for part in ("participants", "pca"):
                if isinstance(result.get(part), dict) and key in result[part]:
                    del result[part][key]
                    changed = True
        if changed:
            run.result = result
            run.save(update_fields=["result"])
    themes = Theme.objects.filter(run__consultation_id=event.data["consultation"])
    for theme in themes.exclude(quotes=[]):
        quotes, changed = json_redact(theme.quotes, words)
        if changed:
            theme.quotes = [q for q in quotes if q != "[gewist]"]
            theme.save(update_fields=["quotes"])


def opinion_groups_section(participant: Participant) -> dict[str, Any]:
    """Which opinion group each stored run put the participant in."""
    runs = AnalysisRun.objects.filter(
        consultation_id=participant.consultation_id,
        kind=AnalysisRun.Kind.OPINIONS,
        status=AnalysisRun.Status.DONE,
    )
    key = str(participant.pk)
    groups = [
        {"run": run.pk, "at": run.started_at.isoformat(), "group": run.result["participants"][key]}
        for run in runs
        if key in (run.result.get("participants") or {})
    ]
    return {"opinion_groups": groups}


def subscribe_all() -> None:
    from inspraak.consultations.views import session_themes_register
    from inspraak.sensemaking.selectors import themes_for_session

    subscribe("participant.erased", on_participant_erased)
    data_section_register(opinion_groups_section)
    session_themes_register(themes_for_session)
