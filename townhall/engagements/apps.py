from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "townhall.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        from townhall.engagements import tasks  # noqa: F401  (registers periodic jobs)
