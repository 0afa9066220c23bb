from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    name = "corrections"
    verbose_name = _("Corrections")

    def ready(self):
        from newsroom.cache import connect_article_part

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .models import ChangeNote

        # Notes are shown on the article page, so a new or deleted note refreshes it.
        connect_article_part(ChangeNote)
