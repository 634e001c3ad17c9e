# SPDX-License-Identifier: EUPL-1.2
"""Forms of the document import's preview: the organiser's corrections of sessions and points."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SessionCorrectionForm(forms.Form):
    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Session name"), max_length=200)
    skip = forms.BooleanField(label=_("Skip this session"), required=False)


class PointCorrectionForm(forms.Form):
    point = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    session = forms.IntegerField(min_value=0)
    skip = forms.BooleanField(label=_("Skip"), required=False)
