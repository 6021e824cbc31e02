from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "townhall.reports"
    label = "reports"
    verbose_name = _("Reporting back")

    def ready(self) -> None:
        from townhall.reports import tasks  # noqa: F401  (registers the background jobs)
