"""Atom feeds of change notes: the whole site's, and one per article."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.feeds import PublicFeed
from newsroom.views import speak_language_of

from .record import changelog_url, public_notes
from .views import published_article

FEED_ITEMS = 50


class NoteFeed(PublicFeed):
    def item_title(self, item):
        return _("%(kind)s: %(title)s") % {"kind": item.get_kind_display(), "title": item.article}

    def item_description(self, item):
        # Sent as text (type="text"): a note quoting markup stays text in every feed reader.
        return item.text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class CorrectionsFeed(NoteFeed):
    """Every substantive note on the site; minor fixes stay in the article changelogs."""

    title = gettext_lazy("Corrections and updates")
    subtitle = gettext_lazy(
        "Corrections, clarifications, editor’s notes and updates, newest first."
    )

    def link(self):
        return reverse("corrections:list")

    def author_name(self):
        return settings.SITE_NAME

    def items(self):
        return public_notes()[:FEED_ITEMS]


class ArticleChangesFeed(NoteFeed):
    """Every note on one article, minor fixes included: the changelog as a feed."""

    def get_object(self, request, section, year, month, day, slug):
        article = published_article(slug)
        speak_language_of(article)
        return article

    def title(self, obj):
        return _("Changes to “%(title)s”") % {"title": obj.title}

    def link(self, obj):
        return changelog_url(obj)

    def author_name(self):
        return settings.SITE_NAME

    def items(self, obj):
        return obj.change_notes.order_by("-published_at", "-pk")[:FEED_ITEMS]
