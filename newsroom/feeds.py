from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .models import Article

FEED_ITEMS = 30


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with each summary sent as plain text (type="text").

    Django's Atom feed labels summaries as HTML, so a standfirst or a note escaped once
    for XML became markup again in the feed reader. Ours are plain text: say so, and
    send them as written.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


@method_decorator(require_safe, name="__call__")
class PublicFeed(Feed):
    """A feed answers GET and HEAD; OPTIONS or TRACE used to get 200 and the whole feed."""

    feed_type = TextSummaryAtomFeed


class LatestArticlesFeed(PublicFeed):
    title = settings.SITE_NAME
    subtitle = _("The latest articles.")

    def link(self):
        return reverse("newsroom:home")

    def items(self):
        return Article.objects.published().for_listing()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [item.section.name]
