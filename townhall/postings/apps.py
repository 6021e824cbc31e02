from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingsConfig(AppConfig):
    name = "townhall.postings"
    label = "postings"
    verbose_name = _("Postings")

    def ready(self) -> None:
        from townhall.postings import checks, tasks  # noqa: F401  (system checks, periodic jobs)
