# SPDX-License-Identifier: EUPL-1.2
"""The web form channel: input from those who were not there, with spam defences.

No third-party service: a honeypot field bots fill in, a rate limit per address
(Django's cache), size limits per point and per submission, and an idempotent
submission id so a double click or a retried post stores nothing twice.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.contributions import (
    ContributionDraft,
    ContributionRejected,
    contributions_add,
)
from inspraak.consultations.models import Contribution
from inspraak.consultations.own_page import own_page_path
from inspraak.core.audit import audit_log
from inspraak.intake.models import RoundForm
from inspraak.intake.webform.forms import WebForm

SUBMISSIONS_PER_HOUR_PER_ADDRESS = 10


@dataclass
class Submitted:
    created: int
    duplicate: bool
    own_page: str = ""  # the path of the submitter's own page, when there is one


class Refused(Exception):
    """A submission that is not stored, with the reason to show."""


def rate_limited(address: str) -> bool:
    """True once an address sent SUBMISSIONS_PER_HOUR_PER_ADDRESS submissions this hour."""
    key = "webform:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > SUBMISSIONS_PER_HOUR_PER_ADDRESS


def form_submit(*, round_form: RoundForm, form: WebForm, address: str) -> Submitted:
    """Store a valid submission as contributions with channel `form`."""
    if not round_form.is_open:
        raise Refused(_("This form is closed."))
    if form.cleaned_data["website"]:
        # A bot filled in the honeypot: pretend success, store nothing.
        return Submitted(created=0, duplicate=False)
    if rate_limited(address):
        raise Refused(_("Too many submissions from your address; try again in an hour."))
    return _store(round_form, form)


@transaction.atomic
def _store(round_form: RoundForm, form: WebForm) -> Submitted:
    data, round_ = form.cleaned_data, round_form.round
    submission: uuid.UUID = data["submission"]
    consultation = round_.consultation
    participant = _participant(consultation, submission, data)
    drafts = [
        ContributionDraft(
            text=text,
            channel=Contribution.Channel.FORM,
            round=round_,
            session=data["session"],
            participant=participant,
            kind=data["kind"] or Contribution.Kind.REMARK,
            source_name=_("web form"),
            source_detail=_("submission %(id)s, point %(n)d")
            % {"id": submission.hex[:8], "n": number},
            idempotency_key=f"{submission.hex}:{number}",
        )
        for number, text in enumerate(form.points(), start=1)
    ]
    try:
        result = contributions_add(
            consultation=consultation,
            drafts=drafts,
            actor="web form",
            source="form_submit",
            detail={"points": len(drafts)},
        )
    except ContributionRejected as rejected:
        raise Refused(str(rejected)) from None
    if not result.created:
        transaction.set_rollback(True)  # a retried submission: drop its fresh participant
        return Submitted(created=0, duplicate=True)
    return Submitted(
        created=len(result.created), duplicate=False, own_page=own_page_path(participant)
    )


def _participant(consultation: Any, submission: uuid.UUID, data: dict[str, Any]) -> Any:
    """A new participant for each submission: an e-mail address typed into an open form
    proves nothing, so it never reaches an existing participant's name, consent or input."""
    participant, _created = cs.participant_get_or_create(
        consultation=consultation,
        key=f"form:{submission.hex}",
        display_name=data["name"] if data["name_consent"] else "",
        name_consent=bool(data["name"] and data["name_consent"]),
    )
    email = data["email"].lower() if data["email"] and data["email_consent"] else ""
    if email and participant.email != email:
        participant.email = email
        participant.save(update_fields=["email"])
    return participant


@transaction.atomic
def round_form_set(
    *, round: Any, is_open: bool, intro: str, new_link: bool, actor: Any
) -> RoundForm:
    """Open or close a round's form; `new_link` retires the old link for good."""
    round_form, _created = RoundForm.objects.get_or_create(round=round)
    round_form.is_open, round_form.intro = is_open, intro.strip()[:5000]
    if new_link:
        round_form.token = RoundForm._meta.get_field("token").default()
    round_form.save()
    audit_log(
        actor=actor,
        action="round_form_set",
        target=round_form,
        consultation=round.consultation,
        detail={"open": is_open, "new_link": new_link},
    )
    return round_form


def client_address(request: Any) -> str:
    """The client's address from the trusted proxies (never the spoofable leftmost hop)."""
    from inspraak.core.clientaddr import client_address as resolved

    return resolved(request)
