from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "townhall.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from townhall.surveys import tasks  # noqa: F401  (registers periodic jobs)
