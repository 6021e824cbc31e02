from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "townhall.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from townhall.meetings import tasks  # noqa: F401  (registers periodic jobs)
