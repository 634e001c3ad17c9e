# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "inspraak.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from inspraak.core.events import subscribe
        from inspraak.reports.services import reports_participant_erased

        subscribe("participant.erased", reports_participant_erased)
