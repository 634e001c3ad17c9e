# SPDX-License-Identifier: EUPL-1.2
"""Forms of the set-up pages: they parse and check input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from inspraak.consultations.attributes import AttributeSpec
from inspraak.consultations.invitations import VALID_DAYS_DEFAULT, VALID_DAYS_MAX
from inspraak.consultations.models import Consultation, Session


def sessions_in_order(consultation: Consultation) -> Any:
    """Sessions as the consultation page lists them: by round (dated first), then position."""
    return (
        Session.objects.filter(round__consultation=consultation)
        .select_related("round")
        .order_by(F("round__date").asc(nulls_last=True), "round_id", "position", "pk")
    )


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown at the top of the consultation's page."),
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=Consultation.State.choices,
        help_text=_("Closed and archived consultations accept no new input."),
    )


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Ronde 1: wat speelt er?”."),
    )
    when = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class SessionForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=_("Theme"),
        max_length=200,
        help_text=_("The session's topic, as participants will see it."),
    )
    facilitator_name = forms.CharField(
        label=_("Facilitator's name"),
        max_length=200,
        required=False,
        help_text=_(
            "Shown on the session's page. To give them access to the live wall, invite them "
            "as facilitator once the session is saved."
        ),
    )
    present_override = forms.IntegerField(
        label=_("Number present (override)"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_(
            "Leave empty to count those who joined and took part. Fill in when you counted "
            "the room yourself, for example for a session on paper."
        ),
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = consultation.rounds.all()


class PromptForm(forms.Form):
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The question participants answer on their post-its."),
    )
    per_participant_limit = forms.IntegerField(
        label=_("Post-its per participant"),
        min_value=1,
        max_value=50,
        initial=3,
        help_text=_("How many post-its one participant may write for this question."),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Lower numbers come first. Leave empty to put it last."),
    )


class AttributeForm(forms.Form):
    name = forms.RegexField(
        label=_("Name"),
        regex=r"^[a-z][a-z0-9_]{0,39}$",
        max_length=40,
        help_text=_(
            "The short name in exports, such as “gemeente”: lower-case letters, digits and _. "
            "It stays fixed once in use."
        ),
        error_messages={"invalid": _("Use lower-case letters, digits and _ only.")},
    )
    label_nl = forms.CharField(
        label=_("Label in Dutch"),
        max_length=80,
        help_text=_("What participants read on the join form, such as “Uw gemeente”."),
    )
    label_en = forms.CharField(label=_("Label in English"), max_length=80, required=False)
    choices = forms.CharField(
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line. Leave empty to let participants type freely."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.initial.get("name"):
            # Participants carry values under this name: renaming would orphan them.
            self.fields["name"].disabled = True
            # Older attributes had no labels; they may be saved without one for now.
            self.fields["label_nl"].required = False

    def spec(self) -> AttributeSpec:
        data = self.cleaned_data
        lines = [line.strip()[:100] for line in data.get("choices", "").splitlines()]
        return AttributeSpec(
            name=data["name"],
            label_nl=data["label_nl"].strip(),
            label_en=data.get("label_en", "").strip(),
            choices=tuple(dict.fromkeys(line for line in lines if line)),
        )


class BaseAttributeFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this question")
            form.fields["DELETE"].help_text = _(
                "Answers already given are kept with the participants, but no longer asked."
            )

    def specs(self) -> list[AttributeSpec]:
        return [
            form.spec()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


AttributeFormSet = forms.formset_factory(
    AttributeForm, formset=BaseAttributeFormSet, extra=1, can_delete=True, max_num=12
)


def attribute_initial(specs: list[AttributeSpec]) -> list[dict[str, str]]:
    return [
        {
            "name": s.name,
            "label_nl": s.label_nl,
            "label_en": s.label_en,
            "choices": "\n".join(s.choices),
        }
        for s in specs
    ]


class InvitationForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The facilitator sees and runs these sessions only."),
    )
    label = forms.CharField(
        label=_("For whom"),
        max_length=150,
        required=False,
        help_text=_("A reminder for yourself, such as a first name. Not shown to anyone else."),
    )
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=VALID_DAYS_MAX,
        initial=VALID_DAYS_DEFAULT,
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = sessions_in_order(consultation)
        self.fields["sessions"].label_from_instance = lambda s: f"{s.round.title} · {s.title}"


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("You log in with this. Letters, digits and @ . + - _ only."),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        user = get_user_model()(username=self.cleaned_data.get("username", ""))
        validate_password(password, user)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
