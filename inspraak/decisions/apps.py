# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "inspraak.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from inspraak.consultations.own_page import own_page_register
        from inspraak.consultations.selectors import export_part_register
        from inspraak.core.events import subscribe
        from inspraak.decisions.selectors import (
            chapters_export,
            decisions_for_report,
            dispositions_export,
        )
        from inspraak.decisions.services import participant_link, participant_links_erased
        from inspraak.reports.inputs import decisions_provider_register

        own_page_register(participant_link)
        decisions_provider_register(decisions_for_report)
        subscribe("participant.erased", participant_links_erased)

        export_part_register(key="dispositions", per="round", part=dispositions_export)
        export_part_register(key="chapters", per="consultation", part=chapters_export)
