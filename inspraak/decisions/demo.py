# SPDX-License-Identifier: EUPL-1.2
"""The demo's decisions: the committee's answer to the first round, published.

Themes are found by a word in their label (the analysis names them), so the
demo keeps working when the analysis words a label slightly differently; a
theme that is not found is left under consideration, as a real committee would.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q

from inspraak.consultations.models import Consultation, Round
from inspraak.decisions import services
from inspraak.decisions.selectors import round_decisions
from inspraak.decisions.services import Decision

CHAPTERS = (
    (1, "Bestaanszekerheid", "Werk, inkomen en schulden: niemand valt tussen wal en schip."),
    (2, "Zorg dichtbij", "Jeugdzorg, Wmo en preventie, in de wijk georganiseerd."),
)

# (word in the theme's label, decision, chapters, public explanation)
DECISIONS = (
    ("bestaanszekerheid", "in_chapter", (1,), "Het uitgangspunt van hoofdstuk 1."),
    (
        "schulden",
        "in_chapter",
        (1,),
        "Vroegsignalering van schulden wordt een vaste taak van elke gemeente.",
    ),
    (
        "minimumloon",
        "in_chapter",
        (1,),
        "We steunen een hoger minimumloon en koppelen de bijstand eraan.",
    ),
    (
        "bijstand",
        "partly",
        (1,),
        "Ruimere bijverdienregels nemen we over; een hogere lokale toeslag niet, die betaalt het Rijk.",
    ),
    (
        "participatiebudget",
        "partly",
        (1,),
        "We vragen het Rijk om ruimere participatiebudgetten; een lokale aanvulling past niet in de begroting.",
    ),
    (
        "jeugdzorg",
        "in_chapter",
        (2,),
        "Jeugdzorg komt terug in de wijk, met één vast aanspreekpunt per gezin.",
    ),
    (
        "preventie",
        "in_chapter",
        (2,),
        "Geld voor preventie wordt een vast deel van het zorgbudget.",
    ),
    (
        "wmo",
        "adopted",
        (),
        "We schrappen de eigen bijdrage voor huishoudelijke hulp bij lage inkomens.",
    ),
    (
        "verhuurdersheffing",
        "existing",
        (),
        "Afschaffing van de verhuurdersheffing is al ons standpunt sinds 2021.",
    ),
    (
        "decentralisatie",
        "rejected",
        (),
        "Een nieuwe decentralisatie zonder geld erbij willen we juist voorkomen; de commissie neemt dit daarom niet over.",
    ),
    (
        "basisinkomen",
        "rejected",
        (),
        "Een basisinkomen is in deze periode niet te betalen; we kiezen nu voor een ruimere bijstand en houden het als stip op de horizon.",
    ),
    (
        "sde",
        "out_of_scope",
        (),
        "De SDE-regeling is landelijk beleid; daar gaat de gemeente niet over.",
    ),
    (
        "regionale media",
        "out_of_scope",
        (),
        "Mediabeleid ligt bij het Rijk en de provincie, niet bij de gemeente.",
    ),
)


def demo_decisions_load(*, consultation: Consultation, round: Round, actor: Any) -> str:
    """Chapters, the committee's decisions on the round, published; returns one own page link."""
    chapters = {
        number: services.chapter_save(
            consultation=consultation, number=number, title=title, description=text, actor=actor
        )
        for number, title, text in CHAPTERS
    }
    meeting = services.meeting_get_or_create(
        consultation=consultation, title="Programmacommissie", when=date(2026, 4, 8), actor=actor
    )
    rows = round_decisions(round).rows
    for word, status, numbers, explanation in DECISIONS:
        row = next((r for r in rows if word in r.theme.label.lower()), None)
        if row is None or row.disposition is not None:
            continue
        decision = Decision(
            status=status,
            explanation=explanation,
            chapters=tuple(chapters[n] for n in numbers),
            meeting=meeting,
        )
        services.dispositions_decide(
            round=round, themes=[row.theme], decision=decision, actor=actor
        )
    services.decisions_publish(round=round, actor=actor)
    return services.participant_link(_most_input(consultation, round))


def _most_input(consultation: Consultation, round_: Round) -> Any:
    """The participant with most input in the round, across channels: the fullest own page."""
    mine = Q(contributions__round=round_, contributions__hidden=False)
    return (
        consultation.participants.annotate(n=Count("contributions", filter=mine))
        .order_by("-n", "pk")
        .first()
    )
