from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from corrections import views as corrections_views
from corrections.record_urls import record_patterns

from . import views
from .feeds import LatestArticlesFeed


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "dd")

# Every page about one article lives below its address; other apps add theirs here.
ARTICLE_PREFIX = "<slug:section>/<int:year>/<dd:month>/<dd:day>/<slug:slug>/"

newsroom_patterns = [
    path("", views.home, name="home"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("<slug:section>/", views.section_detail, name="section"),
    path(ARTICLE_PREFIX, views.article_detail, name="article"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Before the newsroom's: "/corrections/" would otherwise be taken for a section.
    path("", include((record_patterns(ARTICLE_PREFIX), "record"))),
    # Before the section pages, which would otherwise take "corrections/" for a section.
    path("corrections/", include("corrections.urls")),
    path(
        ARTICLE_PREFIX + "suggest/",
        corrections_views.suggest_page,
        name="suggest_correction",
    ),
    path("", include((newsroom_patterns, "newsroom"))),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
