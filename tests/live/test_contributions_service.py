# SPDX-License-Identifier: EUPL-1.2
"""The one write path (consultations.contributions) seen from the room: text rules, idempotency,
tombstones, attendance, audit, and the wall hearing of every change."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from inspraak.consultations import services as cs
from inspraak.consultations.contributions import (
    ContributionDraft,
    ContributionRejected,
    contribution_set_hidden,
    contributions_add,
    text_normalise,
)
from inspraak.consultations.models import Attendance, Contribution
from inspraak.consultations.privacy import participant_erase
from inspraak.core.models import AuditEvent
from inspraak.live.models import LiveEvent
from inspraak.live.selectors import events_since
from tests.live.conftest import new_id

pytestmark = pytest.mark.django_db


def _post(phone: Client, live: Any, text: str) -> Any:
    """A post-it as phone.js sends it."""
    return phone.post(
        f"/j/{live.code}/post/",
        {"text": text, "client_id": new_id()},
        HTTP_ACCEPT="application/json",
    )


def _draft(session: Any, text: str, **extra: Any) -> ContributionDraft:
    extra.setdefault("channel", Contribution.Channel.EMAIL)
    return ContributionDraft(text=text, session=session, **extra)


def test_text_is_normalised_the_same_way_for_every_channel() -> None:
    decomposed = "Cafe\u0301\x00 in  de\r\nwijk\x07\u200b"
    assert text_normalise(decomposed) == "Café in de\nwijk"
    assert text_normalise("een\n\n\n\ntwee  ", single_line=False) == "een\n\ntwee"
    assert text_normalise(" een \n twee ", single_line=True) == "een twee"


def test_drafts_are_refused_all_together_before_anything_is_stored(live: Any) -> None:
    session = live.session
    drafts = [
        _draft(session, "Goed punt"),
        _draft(session, "\x00\x01 "),
        _draft(session, "x" * 6000),
    ]
    with pytest.raises(ContributionRejected) as refused:
        contributions_add(
            consultation=session.round.consultation, drafts=drafts, actor=None, source="test"
        )
    assert [index for index, _m in refused.value.problems] == [1, 2]
    assert not Contribution.objects.exists()


def test_a_key_is_stored_once_and_the_retry_says_which_row_it_was(live: Any) -> None:
    consultation, session = live.session.round.consultation, live.session
    draft = _draft(session, "Meer groen", idempotency_key="bericht-1", participant_key="a@b.nl")
    first = contributions_add(consultation=consultation, drafts=[draft], actor=None, source="t")
    again = contributions_add(
        consultation=consultation, drafts=[draft, draft], actor=None, source="t"
    )
    assert len(first.created) == 1 and again.created == [] and again.skipped == 2
    assert again.existing == {0: first.created[0].pk, 1: first.created[0].pk}


def test_erased_participants_stay_erased_on_every_channel(live: Any, organiser: Any) -> None:
    consultation, session = live.session.round.consultation, live.session
    draft = _draft(session, "Mijn punt", participant_key="Piet")
    stored = contributions_add(consultation=consultation, drafts=[draft], actor=None, source="t")
    participant_erase(participant=stored.created[0].participant, actor=organiser)
    again = contributions_add(consultation=consultation, drafts=[draft], actor=None, source="t")
    assert (again.created, again.erased) == ([], 1)
    assert not Contribution.objects.filter(text="Mijn punt").exists()


def test_only_input_written_in_the_room_makes_its_writer_present(live: Any) -> None:
    consultation, session = live.session.round.consultation, live.session
    drafts = [
        _draft(session, "Per mail", participant_key="mail"),
        _draft(session, "Op de post-it", participant_key="zaal", present=True, channel="postit"),
    ]
    contributions_add(consultation=consultation, drafts=drafts, actor=None, source="t")
    assert cs.session_present(session) == 1
    assert Attendance.objects.get().active_at is not None


def test_one_audit_record_per_call_with_counts_and_no_text(live: Any, organiser: Any) -> None:
    consultation, session = live.session.round.consultation, live.session
    drafts = [_draft(session, f"Geheim punt {n}") for n in range(3)]
    contributions_add(
        consultation=consultation, drafts=drafts, actor=organiser, source="mail_import"
    )
    event = AuditEvent.objects.get(action="mail_import")
    assert event.detail == {"created": 3, "skipped": 0, "erased": 0}
    assert "Geheim" not in json.dumps(event.detail)


def test_the_wall_hears_of_input_from_any_channel_and_of_hiding(live: Any, organiser: Any) -> None:
    consultation, session = live.session.round.consultation, live.session
    draft = _draft(session, "Van het webformulier", channel="postit", participant_key="w")
    postit = contributions_add(
        consultation=consultation, drafts=[draft], actor=None, source="t"
    ).created[0]
    contribution_set_hidden(contribution=postit, hidden=True, actor=organiser)
    kinds = list(LiveEvent.objects.filter(live=live).values_list("kind", flat=True))
    assert kinds[-2:] == ["postit_created", "postit_hidden"]


def test_erasure_takes_the_text_out_of_the_live_event_log(
    live: Any, make_phone: Any, organiser: Any
) -> None:
    phone, participant = make_phone()
    secret = "Mijn buurman Jan de Vries betaalt geen huur"
    response = _post(phone, live, secret)
    assert response.status_code in (200, 201)
    assert LiveEvent.objects.filter(data__text=secret).exists()
    participant_erase(participant=participant, actor=organiser)
    replay = json.dumps([e.data for e in events_since(live_id=live.pk, after=0)])
    assert secret not in replay
    assert secret not in json.dumps(list(LiveEvent.objects.values("data")))
    assert LiveEvent.objects.filter(live=live, kind="postit_withdrawn").exists()


def test_a_phone_post_it_with_a_nul_is_stored_clean(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    response = _post(phone, live, "Meer\x00 bankjes\x1b")
    assert response.status_code in (200, 201)
    assert Contribution.objects.get().text == "Meer bankjes"


def test_a_phone_post_it_of_control_characters_only_is_refused(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    response = _post(phone, live, "\x00\x01")
    assert response.status_code == 400 and not Contribution.objects.exists()


def test_hiding_from_the_session_page_reaches_the_wall(
    live: Any, make_phone: Any, organiser: Any
) -> None:
    phone, _participant = make_phone()
    _post(phone, live, "Weg ermee")
    postit = Contribution.objects.get()
    client = Client()
    client.force_login(organiser)
    slug = live.session.round.consultation.slug
    client.post(f"/c/{slug}/contributions/{postit.pk}/hide/", {"hidden": "1", "reason": "test"})
    postit.refresh_from_db()
    assert postit.hidden
    assert LiveEvent.objects.filter(live=live, kind="postit_hidden", data__id=postit.pk).exists()


def test_the_phone_links_its_own_page_once_it_posted(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    assert "/mijn/" not in phone.get(f"/j/{live.code}/").content.decode()
    _post(phone, live, "Een bankje bij de bushalte")
    page = phone.get(f"/j/{live.code}/").content.decode()
    link = re.search(r'href="(/mijn/[^"]+/)"', page)
    assert link, "the phone links the participant's own page"
    assert "Een bankje bij de bushalte" in phone.get(link.group(1)).content.decode()
