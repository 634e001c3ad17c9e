# SPDX-License-Identifier: EUPL-1.2
"""The upload step every file channel's page shares: the file (size and kind checked) and round."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from inspraak.intake.files import size_problem


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    round = forms.CharField(
        label=_("Round"),
        max_length=200,
        required=False,
        help_text=_("The round to import into; you can change it in the preview."),
    )

    def __init__(self, *args: Any, suffixes: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suffixes = suffixes
        self.fields["file"].widget.attrs["accept"] = ",".join(suffixes)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        too_large = size_problem(upload.size)
        if too_large:
            raise forms.ValidationError(too_large)
        if not upload.name.lower().endswith(self.suffixes):
            raise forms.ValidationError(
                _("Choose a file ending in %(suffixes)s.") % {"suffixes": ", ".join(self.suffixes)}
            )
        return upload


class RoundForm(forms.Form):
    round_title = forms.CharField(label=_("Round"), max_length=200)
