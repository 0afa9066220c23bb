from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .cache import connect_signals

        connect_signals()
