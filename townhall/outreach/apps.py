from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "townhall.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from townhall.outreach import tasks  # noqa: F401  (registers periodic jobs)
