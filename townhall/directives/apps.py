from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "townhall.directives"
    label = "directives"
    verbose_name = _("Directives")

    def ready(self) -> None:
        from townhall.directives import tasks  # noqa: F401  (registers periodic jobs)
