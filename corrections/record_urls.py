"""URLs of the public record, in their own namespace `record`.

`newsroom.urls` includes them with the article address as prefix, since an article's
changelog lives below the article itself.
"""

from django.urls import path

from . import record_views
from .feeds import ArticleChangesFeed, CorrectionsFeed


def record_patterns(article_prefix: str) -> list:
    return [
        path("corrections/", record_views.corrections_list, name="corrections"),
        path("corrections/feed/", CorrectionsFeed(), name="feed"),
        path("corrections/policy/", record_views.policy, name="policy"),
        path(f"{article_prefix}changes/", record_views.changelog, name="changelog"),
        path(f"{article_prefix}changes/feed/", ArticleChangesFeed(), name="changelog_feed"),
    ]
