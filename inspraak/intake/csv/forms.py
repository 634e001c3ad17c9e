# SPDX-License-Identifier: EUPL-1.2
"""Forms shared by the upload page and the importers: one row is validated one way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from inspraak.consultations.models import Contribution
from inspraak.intake.files import size_problem

# Dutch words people type in a spreadsheet, mapped to our kinds and channels.
KIND_WORDS = {
    "probleem": "problem",
    "idee": "idea",
    "opmerking": "remark",
    "vraag": "question",
    "voorstel": "proposal",
    "beleidsvoorstel": "proposal",
    "samenvatting": "summary",
    "inzicht": "remark",
}
CHANNEL_WORDS = {
    "post-it": "postit",
    "plakbriefje": "postit",
    "formulier": "form",
    "webformulier": "form",
    "e-mail": "email",
    "mail": "email",
    "document": "document",
    "spreadsheet": "spreadsheet",
    "pol.is": "polis",
}
TRUE_WORDS = {"ja", "j", "yes", "y", "true", "1", "x", "waar"}
FALSE_WORDS = {"nee", "n", "no", "false", "0", "", "onwaar"}
DATETIME_FORMATS = [
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]


class WordChoiceField(forms.ChoiceField):
    """A choice field that also accepts the Dutch words people type."""

    def __init__(self, *, words: dict[str, str], **kwargs: Any) -> None:
        self.words = words
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value)).strip().lower()
        return self.words.get(text, text)


class YesNoField(forms.Field):
    def to_python(self, value: Any) -> bool:
        text = str(value or "").strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise forms.ValidationError(_("write ja or nee"), code="invalid")


class ContributionRowForm(forms.Form):
    """One contribution as it arrives from a file or the upload page."""

    session = forms.CharField(max_length=200)
    participant = forms.CharField(max_length=200)
    text = forms.CharField(strip=True)
    kind = WordChoiceField(words=KIND_WORDS, choices=Contribution.Kind.choices, required=False)
    channel = WordChoiceField(
        words=CHANNEL_WORDS, choices=Contribution.Channel.choices, required=False
    )
    created_at = forms.DateTimeField(required=False, input_formats=DATETIME_FORMATS)
    round = forms.CharField(max_length=200, required=False)
    prompt = forms.CharField(required=False, max_length=2000)
    discussed = YesNoField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = settings.INSPRAAK_CONTRIBUTION_MAX_CHARS
        self.fields["text"].validators.append(
            forms.fields.validators.MaxLengthValidator(settings.INSPRAAK_CONTRIBUTION_MAX_CHARS)
        )

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or Contribution.Kind.REMARK

    def clean_channel(self) -> str:
        return self.cleaned_data["channel"] or Contribution.Channel.POSTIT


class ContributionsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns sessie, deelnemer and tekst (or session, participant, text); any other "
            "column becomes a participant attribute."
        ),
    )
    round = forms.CharField(
        label=_("Round"),
        max_length=200,
        required=False,
        help_text=_(
            "For rows without a round column; may be empty when the consultation has one round."
        ),
    )

    def __init__(self, *args: Any, rounds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rounds:  # choose from the consultation's rounds rather than type one
            self.fields["round"] = forms.ChoiceField(
                label=_("Round"),
                required=False,
                choices=[("", _("— as the file's round column says —")), *((r, r) for r in rounds)],
                help_text=_("The round for rows without a round column."),
            )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        too_large = size_problem(upload.size)
        if too_large:
            raise forms.ValidationError(too_large)
        return upload
