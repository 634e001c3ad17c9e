# SPDX-License-Identifier: EUPL-1.2
"""The statement form of the set-up pages: it parses and checks; votes.services writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inspraak.consultations.models import Consultation
from inspraak.consultations.setup_forms import sessions_in_order
from inspraak.votes.models import Statement


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("One clear sentence participants can agree or disagree with."),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=None,
        required=False,
        empty_label=_("— the whole consultation —"),
        help_text=_("Choose a session to vote on it there live."),
    )
    moderation = forms.TypedChoiceField(
        label=_("Moderation"),
        choices=Statement.Moderation.choices,
        coerce=int,
        required=False,
        empty_value=Statement.Moderation.ACCEPTED,
        initial=Statement.Moderation.ACCEPTED,
        help_text=_("Statements moderated out are left out of the opinion groups."),
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions_in_order(consultation)
        self.fields["session"].label_from_instance = lambda s: f"{s.round.title} · {s.title}"
