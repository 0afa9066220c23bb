import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.models import Article, Revision

from .permissions import REVIEW_CODENAME, can_review

QUOTE_MAX_LENGTH = 1_000
TEXT_MAX_LENGTH = 2_000
CONTEXT_MAX_LENGTH = 64


# 0 for an open suggestion, 1 for a decided one: the first key of the editors' queue.
QUEUE_ORDER = Case(
    When(status="new", then=Value(0)), default=Value(1), output_field=models.IntegerField()
)


# How serious a report is, most serious first: the desk's queue sorts groups by this.
KIND_RANK = {"factual": 0, "unclear": 1, "other": 2, "typo": 3}
LEAST_SERIOUS = max(KIND_RANK.values())


class SuggestionQuerySet(models.QuerySet):
    """The desk's words for sets of suggestions."""

    def open(self):
        return self.filter(status=Suggestion.Status.NEW)

    def spanned(self):
        """Suggestions whose passage is known in their anchor revision (only they overlap)."""
        return self.filter(anchor_state__in=SPANNED_STATES, anchor_start__isnull=False)

    def visible_to(self, user):
        """Editors see every suggestion; an author, those about their own articles."""
        if can_review(user):
            return self
        return self.filter(article__authors__user=user)

    def group_leads(self):
        """One open suggestion per passage group: the group's first report."""
        return self.open().filter(group_lead__isnull=True)

    def by_triage(self):
        """Most serious first (kind, then readers), then the oldest."""
        return self.order_by("group_rank", "-group_size", "created_at", "pk")

    def group_of(self, suggestion):
        """The open suggestions grouped with ``suggestion`` on one passage, itself included."""
        lead = suggestion.group_lead_id or suggestion.pk
        members = Q(status=Suggestion.Status.NEW) & (Q(pk=lead) | Q(group_lead=lead))
        return self.filter(Q(pk=suggestion.pk) | members).order_by("created_at", "pk")


def new_token() -> str:
    """An unguessable token for a suggestion's private status page."""
    return secrets.token_urlsafe(24)


class ChangeNote(models.Model):
    """A public note on an article: what changed and why."""

    class Kind(models.TextChoices):
        # Ordered from the most to the least serious; the article shows them in this order.
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        EDITORS_NOTE = "editors_note", _("Editor’s note")
        UPDATE = "update", _("Update")
        MINOR_FIX = "minor_fix", _("Minor fix")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="change_notes", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("public text"), max_length=TEXT_MAX_LENGTH)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editor"),
    )
    revision_before = models.ForeignKey(
        Revision,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision before"),
    )
    revision_after = models.ForeignKey(
        Revision,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="change_notes",
        verbose_name=_("revision after"),
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        indexes = [
            models.Index(fields=["article", "published_at"]),
            models.Index(fields=["-published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article}"

    def get_absolute_url(self) -> str:
        """The note's place in its article's public changelog."""
        changelog = reverse("corrections:changelog", kwargs=self.article.url_kwargs())
        return f"{changelog}#note-{self.pk}"


# Notes that say the text was changed: each is published only with the revision that
# changed it. The other kinds may stand alone.
TEXT_CHANGE_NOTE_KINDS = frozenset({ChangeNote.Kind.CORRECTION, ChangeNote.Kind.MINOR_FIX})
STANDALONE_NOTE_KINDS = frozenset(set(ChangeNote.Kind) - TEXT_CHANGE_NOTE_KINDS)


class Suggestion(models.Model):
    """One reader's report about one passage of an article, or about the whole article."""

    class Kind(models.TextChoices):
        TYPO = "typo", _("Typo or spelling")
        FACTUAL = "factual", _("Factual error")
        UNCLEAR = "unclear", _("Unclear or misleading")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")
        SPAM = "spam", _("Spam")

    class InputMethod(models.TextChoices):
        KEYBOARD = "keyboard", _("Keyboard shortcut")
        TOUCH = "touch", _("Touch button")
        BUTTON = "button", _("End-of-article button")
        FORM = "form", _("Form without JavaScript")

    class Part(models.TextChoices):
        # The parts of an article a reader can select; the values are the keys of
        # newsroom.models.PART_FIELDS and newsroom.text.PART_TEXTS.
        # Labelled in readers' words: the no-JavaScript form asks them to choose one.
        HEADLINE = "headline", _("Headline")
        STANDFIRST = "standfirst", _("Summary under the headline")
        BODY = "body", _("Article text")
        CAPTION = "caption", _("Picture caption")
        CREDIT = "credit", _("Photo credit")

    class AnchorState(models.TextChoices):
        # The first four match corrections.anchoring.AnchorState.
        EXACT = "exact", _("Exact")
        MOVED = "moved", _("Moved")
        FUZZY = "fuzzy", _("Fuzzy")
        ORPHANED = "orphaned", _("Orphaned")
        NOT_FOUND = "not_found", _("Quote not found")
        WHOLE_ARTICLE = "whole_article", _("Whole article")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("article")
    )
    # What the reader saw and selected, as they saw it: offsets into the canonical text of
    # `part` in `revision` (revision.part_text(part)).
    revision = models.ForeignKey(
        Revision,
        on_delete=models.RESTRICT,
        related_name="suggestions",
        verbose_name=_("revision the reader saw"),
    )
    part = models.CharField(
        _("part of the article"), max_length=10, choices=Part.choices, default=Part.BODY
    )
    quote = models.TextField(_("quote"), max_length=QUOTE_MAX_LENGTH, blank=True)
    prefix = models.CharField(_("text before"), max_length=CONTEXT_MAX_LENGTH, blank=True)
    suffix = models.CharField(_("text after"), max_length=CONTEXT_MAX_LENGTH, blank=True)
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    # Where the passage is now: offsets into the same part's text in anchor_revision, kept
    # up to date as the article is edited.
    anchor_state = models.CharField(
        _("anchor"), max_length=20, choices=AnchorState.choices, default=AnchorState.EXACT
    )
    anchor_revision = models.ForeignKey(
        Revision,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anchored in revision"),
    )
    anchor_start = models.PositiveIntegerField(null=True, blank=True)
    anchor_end = models.PositiveIntegerField(null=True, blank=True)
    anchor_score = models.FloatField(null=True, blank=True)
    # The passage left its place and was found in text new to a later revision (a moved
    # paragraph), as opposed to being followed where the diff put it.
    anchor_relocated = models.BooleanField(_("passage moved"), default=False)
    # For an orphaned suggestion: the revision whose edit removed the passage, so the desk
    # can show that change (its stored body diff) and say when it happened.
    anchor_lost_in = models.ForeignKey(
        Revision,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("passage removed in revision"),
    )

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TYPO)
    replacement = models.TextField(
        _("suggested correction"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    explanation = models.TextField(_("explanation"), max_length=TEXT_MAX_LENGTH, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    email = models.EmailField(_("reader’s email"), blank=True)
    notify_consent = models.BooleanField(_("reader agreed to be told the outcome"), default=False)

    ip_hash = models.CharField(_("keyed hash of the IP address"), max_length=64, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    input_method = models.CharField(
        _("input method"), max_length=10, choices=InputMethod.choices, default=InputMethod.FORM
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # One per dialog: a retried POST finds the suggestion it already made.
    # NULL, not "", for "none": the unique constraints below must ignore missing values.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    # Identifies "the same reader about the same passage", so a repeat is one suggestion.
    fingerprint = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    public_reason = models.TextField(
        _("reason shown to the reader"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    change_note = models.ForeignKey(
        ChangeNote,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("resolved by note"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The queue's grouping, kept by services.suggestion_groups_refresh whenever an open
    # suggestion arrives, moves or is decided: reading it is one indexed scan, where
    # computing overlaps per row would cost a scan per open suggestion.
    group_lead = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grouped under"),
        help_text=_("Empty when this suggestion leads its own group."),
    )
    group_size = models.PositiveIntegerField(_("readers"), default=1)
    group_rank = models.PositiveSmallIntegerField(default=LEAST_SERIOUS)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    personal_data_purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        permissions = [(REVIEW_CODENAME, _("Can review and decide reader suggestions"))]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["article", "status"]),
            # The editors' queue order (open first, newest first): with it the database
            # reads one page of the index instead of sorting every suggestion.
            models.Index(
                QUEUE_ORDER,
                F("created_at").desc(),
                F("id").desc(),
                name="suggestion_queue_order",
            ),
            # The standards dashboard's times to decision: decided suggestions of a period
            # read from the index alone. Open suggestions are left out, so a reader's
            # report costs no write here.
            # Plain key columns rather than INCLUDE, which SQLite would warn about.
            models.Index(
                fields=["decided_at", "created_at", "status", "kind", "article", "change_note"],
                condition=Q(decided_at__isnull=False),
                name="suggestion_standards_decided",
            ),
            # With the one above, every suggestion the dashboard counts is read from an
            # index alone: those received in a period, and those open now (however old).
            models.Index(
                fields=["created_at", "kind", "article"], name="suggestion_standards_received"
            ),
            models.Index(
                fields=["created_at", "kind", "article"],
                condition=Q(status="new"),
                name="suggestion_standards_open",
            ),
            # The queue: one row per open group, most serious first.
            models.Index(
                "group_rank",
                F("group_size").desc(),
                "created_at",
                "id",
                condition=Q(status="new", group_lead__isnull=True),
                name="suggestion_triage_order",
            ),
            # A search looks through every open report in the same order; a broad one
            # (a quarter of them) then reads this index until a page is full, instead of
            # reading and sorting every match to show fifty.
            models.Index(
                "group_rank",
                F("group_size").desc(),
                "created_at",
                "id",
                condition=Q(status="new"),
                name="suggestion_open_triage_order",
            ),
            # Group sizes: the open spans of one article, read from the index alone.
            models.Index(
                fields=["article", "anchor_revision", "anchor_start", "anchor_end"],
                condition=Q(status="new", anchor_state__in=["exact", "moved", "fuzzy"]),
                name="suggestion_open_spans",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="unique_suggestion_idempotency_key",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(fingerprint__isnull=False),
                name="unique_suggestion_fingerprint",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, start__lte=F("end")),
                name="suggestion_span_is_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(change_note__isnull=False),
                name="accepted_suggestion_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="duplicate_suggestion_names_original",
            ),
            models.CheckConstraint(
                condition=Q(notify_consent=False) | ~Q(email=""),
                name="consent_needs_an_email",
            ),
            models.CheckConstraint(
                condition=Q(part__in=["headline", "standfirst", "body", "caption", "credit"]),
                name="suggestion_part_is_known",
            ),
        ]

    def __str__(self) -> str:
        passage = self.quote[:60] + ("…" if len(self.quote) > 60 else "")
        return f"“{passage}”" if passage else str(_("About the whole article"))

    @property
    def is_spanned(self) -> bool:
        """Whether the passage is known in its anchor revision (only such ones overlap)."""
        return self.anchor_state in SPANNED_STATES and self.anchor_start is not None

    # Whether the stored context was cut from a longer text (a page marks that with "…")
    # or runs to the start or end of its part, as it often does in a headline or caption.
    @property
    def prefix_is_cut(self) -> bool:
        return self.start is None or self.start > len(self.prefix)

    @property
    def suffix_is_cut(self) -> bool:
        if self.end is None:
            return True
        return self.end + len(self.suffix) < len(self.revision.part_text(self.part))

    def where_now(self):
        """Where the reader's passage is now, in words for the desk (``where.WhereNow``)."""
        from .where import where_now

        return where_now(self)


# Suggestions whose span is known in their anchor revision; only they can overlap others.
SPANNED_STATES = (
    Suggestion.AnchorState.EXACT,
    Suggestion.AnchorState.MOVED,
    Suggestion.AnchorState.FUZZY,
)
