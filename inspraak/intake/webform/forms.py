# SPDX-License-Identifier: EUPL-1.2
"""The web form a participant fills in, with its honeypot and per-point limits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspraak.consultations.models import Contribution, Session
from inspraak.intake.models import RoundForm

MAX_POINTS = 5


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
                max_length=settings.INSPRAAK_FORM_POINT_MAX_CHARS,
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
