# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "inspraak.decisions"
    label = "decisions"
    verbose_name = _("Decisions")
