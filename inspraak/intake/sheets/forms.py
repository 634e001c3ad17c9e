# SPDX-License-Identifier: EUPL-1.2
"""Forms of the spreadsheet import: the sheet to read and which column plays which part."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Header words that suggest a column's part, so the mapping form starts filled in.
GUESSES = {
    "text": {"text", "tekst", "inbreng", "opmerking", "post-it"},
    "participant": {"participant", "deelnemer", "naam", "name", "wie"},
    "session": {"session", "sessie", "thema", "tafel"},
    "kind": {"kind", "soort", "type"},
    "created_at": {"created_at", "datum", "date", "tijd", "geschreven"},
    "discussed": {"discussed", "besproken"},
}


class SheetChoiceForm(forms.Form):
    sheet = forms.ChoiceField(label=_("Sheet"))

    def __init__(self, *args: Any, sheets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheets]


class MappingForm(forms.Form):
    """One select per part, offering the sheet's header; attributes as checkboxes."""

    text = forms.ChoiceField(label=_("Text of the contribution"))
    participant = forms.ChoiceField(label=_("Participant (who gave it)"))
    session = forms.ChoiceField(label=_("Session"))
    kind = forms.ChoiceField(label=_("Kind (optional)"), required=False)
    created_at = forms.ChoiceField(label=_("Written at (optional)"), required=False)
    discussed = forms.ChoiceField(label=_("Discussed (optional)"), required=False)
    attributes = forms.MultipleChoiceField(
        label=_("Participant attributes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Columns kept as attributes of the participant, such as role or municipality."),
    )

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [(name, name) for name in header if name]
        blank = [("", _("— not in the file —"))]
        for role in ("text", "participant", "session"):
            self.fields[role].choices = [("", _("— choose a column —")), *columns]
        for role in ("kind", "created_at", "discussed"):
            self.fields[role].choices = [*blank, *columns]
        self.fields["attributes"].choices = columns
        if not self.is_bound:
            self.initial = {**guessed(header), **self.initial}


def guessed(header: list[str]) -> dict[str, str]:
    """A first mapping from familiar header words."""
    found: dict[str, str] = {}
    for role, words in GUESSES.items():
        for name in header:
            if name.strip().lower() in words and role not in found:
                found[role] = name
    return found
