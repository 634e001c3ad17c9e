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

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspraak.consultations import services as cs
from inspraak.consultations.models import Contribution, Session
from inspraak.core.audit import audit_log
from inspraak.intake.models import RoundForm

MAX_POINTS = 5
MAX_POINT_CHARS = 2000
SUBMISSIONS_PER_HOUR_PER_ADDRESS = 10


class WebForm(forms.Form):
    """What a participant fills in; the field `website` is a honeypot, hidden from people."""

    submission = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        required=False,
        label=gettext_lazy("Theme (optional)"),
        empty_label=gettext_lazy("— no particular theme —"),
    )
    kind = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Kind (optional)"),
        choices=[("", "—"), *[(k, v) for k, v in Contribution.Kind.choices if k != "summary"]],
    )
    name = forms.CharField(
        required=False, max_length=150, label=gettext_lazy("Your name (optional)")
    )
    name_consent = forms.BooleanField(
        required=False, label=gettext_lazy("My name may be shown with my input")
    )
    email = forms.EmailField(required=False, label=gettext_lazy("Your e-mail address (optional)"))
    email_consent = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "The organisers may use my e-mail address to tell me what became of my input"
        ),
    )

    def __init__(self, *args: Any, round_form: RoundForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = round_form.round.sessions.all()
        for n in range(1, MAX_POINTS + 1):
            self.fields[f"point_{n}"] = forms.CharField(
                required=False,
                max_length=MAX_POINT_CHARS,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=_("Point %(n)d") % {"n": n},
            )

    def points(self) -> list[str]:
        return [
            self.cleaned_data[f"point_{n}"].strip()
            for n in range(1, MAX_POINTS + 1)
            if self.cleaned_data.get(f"point_{n}", "").strip()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.is_bound and not self.errors and not self.points():
            raise ValidationError(_("Write at least one point."))
        if data.get("email") and not data.get("email_consent"):
            self.add_error("email_consent", _("Tick this box, or leave your e-mail address out."))
        return data


@dataclass
class Submitted:
    created: int
    duplicate: bool


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
    keys = [f"form:{submission.hex}:{n}" for n in range(1, MAX_POINTS + 1)]
    if Contribution.objects.filter(round=round_, import_key__in=keys).exists():
        return Submitted(created=0, duplicate=True)
    consultation = round_.consultation
    email = data["email"].lower() if data["email"] and data["email_consent"] else ""
    participant, _created = cs.participant_get_or_create(
        consultation=consultation,
        key=email or f"form:{submission.hex}",
        display_name=data["name"],
        name_consent=bool(data["name"] and data["name_consent"]),
    )
    if email and participant.email != email:
        participant.email = email
        participant.save(update_fields=["email"])
    now = timezone.now()
    for number, text in enumerate(form.points(), start=1):
        Contribution.objects.create(
            round=round_,
            session=data["session"],
            participant=participant,
            text=text,
            kind=data["kind"] or Contribution.Kind.REMARK,
            channel=Contribution.Channel.FORM,
            source_name=_("web form"),
            source_detail=_("submission %(id)s, point %(n)d")
            % {"id": submission.hex[:8], "n": number},
            import_key=keys[number - 1],
            created_at=now,
        )
    audit_log(
        actor="web form",
        action="form_submit",
        target=round_form,
        consultation=consultation,
        detail={"points": len(form.points())},
    )
    return Submitted(created=len(form.points()), duplicate=False)


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
