from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "townhall.bodies"
    label = "bodies"
    verbose_name = _("Advisory committees and working groups")

    def ready(self) -> None:
        from townhall.bodies import tasks  # noqa: F401  (registers periodic jobs)
