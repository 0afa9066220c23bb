from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Article

FEED_ITEMS = 30


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
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
