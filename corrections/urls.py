from django.urls import path

from newsroom.converters import ARTICLE_PREFIX

from . import views
from .feeds import ArticleChangesFeed, CorrectionsFeed

app_name = "corrections"

urlpatterns = [
    path("corrections/", views.corrections_list, name="list"),
    path("corrections/feed/", CorrectionsFeed(), name="feed"),
    path("corrections/policy/", views.policy, name="policy"),
    path("corrections/s/<slug:token>/", views.suggestion_status, name="status"),
    path(f"{ARTICLE_PREFIX}suggest/", views.suggest_page, name="suggest"),
    path(f"{ARTICLE_PREFIX}changes/", views.changelog, name="changelog"),
    path(f"{ARTICLE_PREFIX}changes/feed/", ArticleChangesFeed(), name="changelog_feed"),
]
