from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from . import views
from .converters import ARTICLE_PREFIX
from .feeds import LatestArticlesFeed

newsroom_patterns = [
    path("", views.home, name="home"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("<slug:section>/", views.section_detail, name="section"),
    path(ARTICLE_PREFIX, views.article_detail, name="article"),
]

# The site's URLconf: the publishing app and the corrections app it is joined with.
urlpatterns = [
    # The standards dashboard's first address, for bookmarks; before "admin/", whose
    # catch-all would answer it with a 404.
    path(
        "admin/corrections/standards/",
        RedirectView.as_view(
            pattern_name="admin:corrections_suggestion_standards", query_string=True, permanent=True
        ),
    ),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Before the section pages, which would otherwise take "corrections/" for a section.
    path("", include("corrections.urls")),
    path("", include((newsroom_patterns, "newsroom"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
