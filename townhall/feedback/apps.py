from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "townhall.feedback"
    label = "feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        from townhall.feedback import tasks  # noqa: F401  (background jobs)
