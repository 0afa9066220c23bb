import functools
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, StringAgg, Subquery, Value
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .text import part_text


@functools.lru_cache(maxsize=4096)
def _reversed(urlconf, script_prefix, viewname, kwargs) -> str:
    # script_prefix is part of the cache's key only: reverse() reads the current one.
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def _kept_path(viewname: str, kwargs: tuple) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(urlconf, get_script_prefix(), viewname, kwargs)


def site_path(viewname: str, **kwargs) -> str:
    """`reverse()` for the few addresses every page links (home, feed, the sections).

    Reversed once per process rather than several times on every page (an article's
    own: `article_path`).
    """
    return _kept_path(viewname, tuple(sorted(kwargs.items())))


def article_path(viewname: str, article: "Article") -> str:
    """`reverse()` for an address below an article (its page, changelog, form), which
    pages, feeds and every suggestion POST ask for again and again: the most recently
    used few thousand are kept per process. The key is everything the address is made
    of, so an article moved to another section or date gets its new address at once.
    """
    return _kept_path(viewname, tuple(article.url_kwargs().items()))


def text_digest(text: str) -> str:
    """The SHA-256 a revision stores of its canonical text."""
    return hashlib.sha256(text.encode()).hexdigest()


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in navigation"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return site_path("newsroom:section", section=self.slug)


# Joins author names in one column; a name never contains it (a one-line form field).
AUTHOR_NAME_SEPARATOR = "\x1f"


class Author(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    bio = models.TextField(_("short biography"), blank=True)
    email = models.EmailField(_("email"), blank=True, help_text=_("Never shown publicly."))
    # Links a byline to a login, so an author can see reports about their own articles.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def for_listing(self):
        return (
            self.select_related("section")
            .prefetch_related("authors")
            .order_by("-published_at", "-pk")
        )

    def with_author_names(self):
        """Annotate the byline's names in the same query, for `Article.author_names`.

        Saves the article page the query a prefetch of authors would cost.
        """
        names = (
            Author.objects.filter(articles=OuterRef("pk"))
            .order_by()
            .values("articles")
            .annotate(names=StringAgg("name", Value(AUTHOR_NAME_SEPARATOR)))
            .values("names")
        )
        return self.annotate(joined_author_names=Subquery(names))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(
        _("standfirst"), max_length=600, blank=True, help_text=_("The summary under the title.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("rendered body"), editable=False, default="")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    authors = models.ManyToManyField(
        Author, related_name="articles", blank=True, verbose_name=_("authors")
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to="lead-images/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        _("lead image description"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    lead_image_caption = models.CharField(_("lead image caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("lead image credit"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language the article is written in, if not the site’s. Its page, the "
            "corrections form, its notes and history and the emails about it follow it."
        ),
    )
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    current_revision = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("current revision"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["section", "status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_article_has_publication_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return article_path("newsroom:article", self)

    def url_kwargs(self) -> dict:
        """The parts of the article's address, for every page below it (its changelog…)."""
        date = timezone.localtime(self.published_at or timezone.now())
        return {
            "section": self.section.slug,
            "year": date.year,
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
            "slug": self.slug,
        }

    @property
    def language_code(self) -> str:
        """The language the article's pages and emails speak: its own, or the site's."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def author_names(self) -> list[str]:
        """The byline's names in alphabetical order."""
        joined = getattr(self, "joined_author_names", None)
        if joined is not None:
            # Sorted here: older SQLite cannot order inside an aggregate.
            return sorted(joined.split(AUTHOR_NAME_SEPARATOR))
        if hasattr(self, "joined_author_names"):
            return []
        return byline_names(self.authors.all())


def byline_names(authors) -> list[str]:
    """The names of ``authors`` in the order a byline shows them."""
    return sorted(author.name for author in authors)


# The field of an article (and of its revisions) that holds each part a reader can
# report; the body's Markdown source is on the article, its rendered text on a revision.
PART_FIELDS = {
    "headline": "title",
    "standfirst": "standfirst",
    "caption": "lead_image_caption",
    "credit": "lead_image_credit",
    "body": "body",
}


class Revision(models.Model):
    """An immutable snapshot of what readers see of an article.

    Created when an article is first published and on every later change of a part a
    reader sees (title, standfirst, body, byline, section, lead image and its caption,
    credit or description); see `newsroom.services.article_save`. Nothing updates a
    revision.
    """

    class PictureChange(models.TextChoices):
        ADDED = "added", pgettext_lazy("picture", "Added")
        REPLACED = "replaced", pgettext_lazy("picture", "Replaced")
        REMOVED = "removed", pgettext_lazy("picture", "Removed")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body_html = models.TextField(_("rendered body"))
    canonical_text = models.TextField(_("canonical text"))
    lead_image_caption = models.CharField(_("lead image caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("lead image credit"), max_length=150, blank=True)
    lead_image_alt = models.CharField(_("lead image description"), max_length=300, blank=True)
    # Names, not links to authors or sections: the record says what readers saw, even
    # after an author or a section is renamed or an author deleted.
    byline = models.JSONField(_("byline"), default=list, blank=True)
    section_name = models.CharField(_("section"), max_length=100, blank=True)
    # The stored file's name stands for the picture: storage never gives a new file the
    # name of one it holds, so a new picture has a new name (see `services.picture_change`).
    lead_image_name = models.CharField(_("lead image file"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256 of the canonical text"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Word-level diffs against the previous revision (escaped HTML from
    # newsroom.diffing), computed once when the revision is created because the public
    # changelog shows them on every visit; empty for the first revision and for fields
    # that did not change.
    title_diff_html = models.TextField(_("title diff"), blank=True, editable=False)
    standfirst_diff_html = models.TextField(_("standfirst diff"), blank=True, editable=False)
    body_diff_html = models.TextField(_("body diff"), blank=True, editable=False)
    caption_diff_html = models.TextField(_("caption diff"), blank=True, editable=False)
    credit_diff_html = models.TextField(_("credit diff"), blank=True, editable=False)
    alt_diff_html = models.TextField(_("image description diff"), blank=True, editable=False)
    byline_diff_html = models.TextField(_("byline change"), blank=True, editable=False)
    section_diff_html = models.TextField(_("section change"), blank=True, editable=False)
    picture_change = models.CharField(
        _("picture change"),
        max_length=10,
        choices=PictureChange.choices,
        blank=True,
        editable=False,
    )

    # What changed since the revision before, as the changelog shows it.
    CHANGE_FIELDS = (
        "section_diff_html",
        "title_diff_html",
        "standfirst_diff_html",
        "byline_diff_html",
        "body_diff_html",
        "picture_change",
        "caption_diff_html",
        "credit_diff_html",
        "alt_diff_html",
    )
    # The stored diffs: large, and read only by the changelog.
    DIFF_HTML_FIELDS = tuple(filter(lambda name: name.endswith("_diff_html"), CHANGE_FIELDS))

    class Meta:
        ordering = ["article", "number"]
        get_latest_by = "number"
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
        ]

    def __str__(self) -> str:
        return _("%(title)s, revision %(number)s") % {"title": self.title, "number": self.number}

    def save(self, *args, **kwargs):
        # Revisions are the public record: once written they never change.
        if not self._state.adding:
            raise ValueError("Revisions are immutable; create a new one instead.")
        if not self.sha256:
            self.sha256 = text_digest(self.canonical_text)
        super().save(*args, **kwargs)

    @property
    def has_changes_shown(self) -> bool:
        """Whether the changelog has anything to show of what this revision changed."""
        return any(getattr(self, field) for field in self.CHANGE_FIELDS)

    def part_text(self, part: str) -> str:
        """The canonical text of one part of the article as this revision published it.

        ``part`` is a key of PART_FIELDS; offsets of a suggestion about that part count
        in this text.
        """
        if part == "body":
            return self.canonical_text
        return part_text(part, getattr(self, PART_FIELDS[part]))
