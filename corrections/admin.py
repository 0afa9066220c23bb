"""The editors' desk: the suggestion queue, decisions, change notes and no silent edits.

Declarative, like django-contrib-comments' admin: the forms live in ``forms.py``, the HTML
in ``templates/admin/corrections/``, and every decision goes through ``_decision``, which
shows its form, makes one service call and moves the editor on to the next open report.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    IS_POPUP_VAR,
    PAGE_VAR,
    TO_FIELD_VAR,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, F, Q, TextField, When
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Substr
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.admin import ArticleAdmin, NamedPages
from newsroom.models import Article, Revision

from . import services
from .forms import (
    AcceptForm,
    ArticleChangeForm,
    ChangeNoteForm,
    DuplicateForm,
    RejectForm,
)
from .models import KIND_RANK, SPANNED_STATES, ChangeNote, Suggestion
from .paginators import CappedCountPaginator
from .permissions import can_review
from .templatetags.desk import desk_date, short_age
from .templatetags.desk import readers as readers_label
from .where import where_now

KIND_BY_RANK = {rank: kind for kind, rank in KIND_RANK.items()}
BOTH_LOCATIONS = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
ARTICLE_TEXTS = ("standfirst", "body", "body_html")
# A revision's large texts: the queue's "passage now" needs none of them whole.
REVISION_TEXTS = ("canonical_text", "body_html", *Revision.DIFF_HTML_FIELDS)
# What an editor may get wrong in a decision; each is shown as a message, never a 500.
DECISION_ERRORS = (
    services.InvalidTransition,
    services.ReplacementNotApplicable,
    services.DishonestRecord,
    PermissionDenied,
    ValueError,
)

admin.site.site_header = format_lazy(_("{site} · corrections desk"), site=settings.SITE_NAME)
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("The desk")
admin.site.index_template = "admin/desk_index.html"
# The queue needs the page's width more than a second copy of the index's links.
admin.site.enable_nav_sidebar = False


def next_open_url(request, decided=()) -> str:
    """The next open report (most serious first), or the queue when none is left."""
    following = (
        Suggestion.objects.visible_to(request.user)
        .group_leads()
        .exclude(pk__in=[suggestion.pk for suggestion in decided])
        .by_triage()
        .values_list("pk", flat=True)
        .first()
    )
    if following is None:
        return reverse("admin:corrections_suggestion_changelist")
    return reverse("admin:corrections_suggestion_change", args=[following])


def desk_url_name(model_admin, page: str) -> str:
    opts = model_admin.opts
    return f"{opts.app_label}_{opts.model_name}_{page}"


def desk_path(model_admin, route: str, view, page: str):
    """A desk page among the model's admin URLs: the admin's login, staff check and
    no-cache, a name in its namespace (``admin:corrections_suggestion_export``), and the
    model admin passed to the view."""
    return path(
        route,
        model_admin.admin_site.admin_view(view),
        {"model_admin": model_admin},
        name=desk_url_name(model_admin, page),
    )


def export_url(request, model_admin) -> str | None:
    """The CSV export of what this changelist shows: its filters, search and ordering (not
    its page), or None when the export would refuse the user (it checks the same rule)."""
    if not model_admin.has_view_or_change_permission(request):
        return None
    params = request.GET.copy()
    for name in (PAGE_VAR, ALL_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR):
        params.pop(name, None)
    query = params.urlencode()
    url = reverse(f"{model_admin.admin_site.name}:{desk_url_name(model_admin, 'export')}")
    return url + (f"?{query}" if query else "")


class ExportsCSV:
    """A desk list with a CSV export of what it shows (``export_view``, a view of
    corrections.views, at ``export.csv`` beside the list)."""

    export_view = ""

    def changelist_view(self, request, extra_context=None):
        extra_context = {"export_url": export_url(request, self), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        from . import views  # views.py reads the suggestion admin's queue filter

        export = getattr(views, self.export_view)
        return [desk_path(self, "export.csv", export, "export"), *super().get_urls()]


def render_cell(name: str, **context) -> str:
    return render_to_string(f"admin/corrections/{name}.html", context)


# --------------------------------------------------------------------------- filters


class StatusFilter(admin.SimpleListFilter):
    """Open work by default, one row per passage group; every other status one click away."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        decided = [(value, label) for value, label in Suggestion.Status.choices if value != "new"]
        return [*decided, (self.ALL, _("All, one row per report"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Open (grouped by passage)"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None and request.GET.get("q", "").strip():
            # A search looks through every open report, not only each group's first.
            return queryset.open()
        if value is None:
            return queryset.group_leads()
        if value in Suggestion.Status.values:
            return queryset.filter(status=value)
        return queryset


class AnchoredFilter(admin.SimpleListFilter):
    title = _("anchored")
    parameter_name = "anchored"
    STATES = {
        "yes": SPANNED_STATES,
        "no": (Suggestion.AnchorState.ORPHANED, Suggestion.AnchorState.NOT_FOUND),
        "article": (Suggestion.AnchorState.WHOLE_ARTICLE,),
    }

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Yes: passage found")),
            ("no", _("No: orphaned or not found")),
            ("article", _("About the whole article")),
        ]

    def queryset(self, request, queryset):
        states = self.STATES.get(self.value())
        return queryset.filter(anchor_state__in=states) if states else queryset


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"
    RANGES = {
        "day": (None, timedelta(days=1)),
        "week": (None, timedelta(days=7)),
        "older_week": (timedelta(days=7), None),
        "older_month": (timedelta(days=30), None),
    }

    def lookups(self, request, model_admin):
        return [
            ("day", _("Last 24 hours")),
            ("week", _("Last 7 days")),
            ("older_week", _("Older than 7 days")),
            ("older_month", _("Older than 30 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self.RANGES:
            return queryset
        older_than, newer_than = self.RANGES[self.value()]
        now = timezone.now()
        if older_than:
            queryset = queryset.filter(created_at__lt=now - older_than)
        if newer_than:
            queryset = queryset.filter(created_at__gte=now - newer_than)
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    """Suggestions about one article, reached from the counts in the article list.

    Listing every article here would cost a scan of all suggestions on each page view; the
    article list already shows the open suggestions per article and links here.
    """

    title = _("article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        value = self.value()
        if not (value and value.isdigit()):
            return []
        articles = Article.objects.filter(pk=value)
        if not can_review(request.user):
            articles = articles.filter(authors__user=request.user)
        title = articles.values_list("title", flat=True).first()
        return [(value, title)] if title else []

    def has_output(self):
        return bool(self.lookup_choices)

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=value)
        return queryset


# --------------------------------------------------------------------------- suggestions


@admin.register(Suggestion)
class SuggestionAdmin(NamedPages, ExportsCSV, admin.ModelAdmin):
    export_view = "suggestion_export"
    # The list's title depends on the queue shown (changelist_view); a report is viewed,
    # never changed: editors decide.
    titles = {"view": _("A reader’s report")}
    list_display = ["passage", "first_explanation", "article_short", "kind_shown", "readers", "age"]
    list_display_links = ["passage"]
    list_filter = [
        StatusFilter,
        "kind",
        "article__section",
        ArticleFilter,
        AnchoredFilter,
        AgeFilter,
    ]
    search_fields = ["quote", "replacement", "explanation"]
    list_select_related = ["article"]
    list_per_page = 50
    # Counts at most 1,000 matches: a broad search would otherwise read every one of them.
    paginator = CappedCountPaginator
    # The full count would be a second COUNT(*) over every suggestion on each page view.
    show_full_result_count = False
    # Facet counts would add one COUNT per filter choice to every page view.
    show_facets = admin.ShowFacets.NEVER
    actions = ["accept", "reject", "mark_duplicate", "mark_spam"]
    change_form_template = "admin/corrections/suggestion/change_form.html"
    count_label = ngettext_lazy("%(count)s suggestion", "%(count)s suggestions", "count")

    report_fields = [
        "status",
        "article",
        "kind",
        "received",
        "passage_as_seen",
        "proposed_change",
        "explanation",
        "source_url",
    ]
    now_fields = ["passage_now", "group_reports"]
    decision_fields = ["decided", "decided_by", "public_reason", "change_note", "duplicate_of"]
    personal_fields = ["email", "notify_consent", "input_method", "user_agent", "ip_hash"]
    readonly_fields = report_fields + now_fields + decision_fields + personal_fields
    # Never filterable from the URL: ?email__startswith=a, b, c… would read a hidden value
    # one character at a time, and the token opens the reader's private status page.
    unfilterable_fields = frozenset({*personal_fields, "token", "fingerprint", "idempotency_key"})

    # ------------------------------------------------------------------ permissions

    def has_review_permission(self, request, obj=None) -> bool:
        return can_review(request.user)

    def has_add_permission(self, request):
        return False  # suggestions come from readers

    def has_change_permission(self, request, obj=None):
        # What a reader sent is kept as sent; editors change its status by deciding.
        return False

    def changelist_view(self, request, extra_context=None):
        title = (
            gettext("Open reports, most serious first")
            if self._is_open_queue(request)
            else gettext("Readers’ reports")
        )
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_urls(self):
        from . import views  # views.py reads this module's queue filter

        # Before the model's own URLs, whose "<path:object_id>/" would take "standards/".
        return [
            desk_path(self, "standards/", views.standards_dashboard, "standards"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        # The queue shows only the article's title; its texts are large.
        queryset = super().get_queryset(request).defer(*(f"article__{f}" for f in ARTICLE_TEXTS))
        if self._is_open_queue(request):
            queryset = self._with_where_now(queryset)
        return queryset.visible_to(request.user)

    @staticmethod
    def _with_where_now(queryset):
        """What the "passage now" column reads, in the page's one query: the anchor and
        losing revisions' numbers (never their whole texts) and the anchored body passage
        cut out in SQL (the other parts are short and read from the revision)."""
        return (
            # The ChangeList adds list_select_related only when nothing is selected yet.
            queryset.select_related("article", "anchor_revision", "anchor_lost_in")
            .defer(
                *(f"anchor_revision__{f}" for f in REVISION_TEXTS),
                *(f"anchor_lost_in__{f}" for f in (*REVISION_TEXTS, "title", "standfirst")),
            )
            .annotate(
                anchor_passage=Case(
                    When(
                        part=Suggestion.Part.BODY,
                        anchor_start__isnull=False,
                        anchor_end__isnull=False,
                        then=Substr(
                            "anchor_revision__canonical_text",
                            F("anchor_start") + 1,
                            F("anchor_end") - F("anchor_start"),
                        ),
                    ),
                    output_field=TextField(),
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("What the reader reported"), {"fields": self.report_fields}),
            (_("The article now"), {"fields": self.now_fields}),
        ]
        if obj is not None and obj.status != Suggestion.Status.NEW:
            fieldsets.append((_("Decision"), {"fields": self.decision_fields}))
        if can_review(request.user):
            fieldsets.append((_("Reader (private)"), {"fields": self.personal_fields}))
        return fieldsets

    def _is_open_queue(self, request) -> bool:
        return StatusFilter.parameter_name not in request.GET

    def get_ordering(self, request):
        if self._is_open_queue(request):
            return ["group_rank", "-group_size", "created_at", "pk"]
        return ["-created_at", "-pk"]

    def get_list_display(self, request):
        if self._is_open_queue(request):
            return [*self.list_display, "where_now"]
        return [*self.list_display, "status"]

    def lookup_allowed(self, lookup, value, request):
        if lookup.split(LOOKUP_SEP, 1)[0] in self.unfilterable_fields:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.strip())

    # ------------------------------------------------------------------ queue columns

    @admin.display(description=_("passage and proposed change"))
    def passage(self, obj):
        return render_cell("_passage_cell", suggestion=obj)

    @admin.display(description=_("first reader’s explanation"))
    def first_explanation(self, obj):
        return Truncator(obj.explanation).chars(90) or "–"

    @admin.display(description=_("article"), ordering="article__title")
    def article_short(self, obj):
        return Truncator(obj.article.title).chars(32)

    @admin.display(description=_("kind"), ordering="group_rank")
    def kind_shown(self, obj):
        """The most serious kind any reader in the group reported: the one it is sorted by."""
        if obj.status == Suggestion.Status.NEW and obj.group_size > 1:
            return Suggestion.Kind(KIND_BY_RANK.get(obj.group_rank, obj.kind)).label
        return obj.get_kind_display()

    @admin.display(description=_("readers"), ordering="group_size")
    def readers(self, obj):
        return readers_label(obj.group_size if obj.status == Suggestion.Status.NEW else 1)

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return short_age(obj.created_at)

    @admin.display(description=_("passage now"))
    def where_now(self, obj):
        return render_cell(
            "_where_now", where=where_now(obj, passage=getattr(obj, "anchor_passage", None))
        )

    # ------------------------------------------------------------------ change page

    @admin.display(description=_("received"))
    def received(self, obj):
        return desk_date(obj.created_at)

    @admin.display(description=_("decided"))
    def decided(self, obj):
        return desk_date(obj.decided_at)

    @admin.display(description=_("as the reader saw it"))
    def passage_as_seen(self, obj):
        return render_cell("_passage", suggestion=obj, **services.passage_context(obj))

    @admin.display(description=_("suggested correction"))
    def proposed_change(self, obj):
        return render_cell("_proposed_change", suggestion=obj)

    @admin.display(description=_("where it is now"))
    def passage_now(self, obj):
        return render_cell(
            "_passage",
            suggestion=obj,
            now=True,
            where=obj.where_now(),
            **services.passage_context(obj, now=True),
        )

    @admin.display(description=_("every report on this passage"))
    def group_reports(self, obj):
        members = list(services.suggestion_group(obj)) if obj.status == "new" else [obj]
        return render_cell("_group_reports", suggestion=obj, members=members)

    def get_object(self, request, object_id, from_field=None):
        # The change page shows these: one query reads them with the suggestion (not the
        # queue's queryset, which leaves the revisions' texts out).
        queryset = Suggestion.objects.visible_to(request.user).select_related(
            "article__section",
            "revision",
            "anchor_revision",
            "anchor_lost_in",
            "change_note",
            "decided_by",
        )
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Suggestion.DoesNotExist, ValidationError, ValueError):
            return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Here rather than in change_view, which would have to read the suggestion again.
        if obj is not None:
            context["article_edit_url"] = reverse(
                "admin:newsroom_article_change", args=[obj.article_id]
            )
            context["article_url"] = obj.article.get_absolute_url()
            context["can_decide"] = obj.status == Suggestion.Status.NEW and can_review(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # ------------------------------------------------------------------ decisions

    def _decision(self, request, suggestions, *, template, title, form, act, **context):
        """Every decision: the first POST shows its form, "confirm" makes the one service
        call, and the editor lands on the next open report with a message saying what was
        done (or stays on the queue for a bulk decision)."""
        on_change_form = "CHANGE_FORM-action" in request.POST
        if form is None or (form.is_bound and form.is_valid() and "preview" not in request.POST):
            try:
                done = act(form.cleaned_data if form is not None else {})
            except DECISION_ERRORS as error:
                if form is None:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                form.add_error(None, str(error))
            else:
                if on_change_form:
                    next_url = next_open_url(request, suggestions)
                    self.message_user(request, done, messages.SUCCESS)
                    return HttpResponseRedirect(next_url)
                self.message_user(request, done, messages.SUCCESS)
                return None
        action_field = "CHANGE_FORM-action" if on_change_form else "action"
        return TemplateResponse(
            request,
            f"admin/corrections/suggestion/{template}.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "form": form,
                "suggestions": suggestions,
                "action_field": action_field,
                "action_name": request.POST.get(action_field),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "on_change_form": on_change_form,
                **context,
            },
        )

    @staticmethod
    def _bound(request):
        return request.POST if "confirm" in request.POST else None

    @admin.action(
        permissions=["review"],
        description=_("Accept…"),
        description_plural=_("Accept selected suggestions: publish one note"),
        location=BOTH_LOCATIONS,
    )
    def accept(self, request, queryset):
        suggestions = list(queryset.select_related("article", "article__current_revision"))
        if not suggestions:
            return None
        first, single = suggestions[0], len(suggestions) == 1
        problem = services.replacement_problem(first) if single else None
        applies = single and problem is None
        kind = services.note_kind_default(first, applies=applies)
        form = AcceptForm(
            self._bound(request),
            initial={
                "apply_replacement": applies,
                "note_kind": kind,
                "note_text": services.note_draft(first, kind=kind) if single else "",
            },
            applicable=applies,
            single=single,
            correction_draft=services.note_draft(first, kind=ChangeNote.Kind.CORRECTION),
        )
        members = services.suggestion_group_open(first) if single else suggestions

        def act(data):
            if single:
                note = services.suggestion_accept(
                    suggestion=first,
                    editor=request.user,
                    note_kind=data["note_kind"],
                    note_text=data["note_text"],
                    apply_replacement=data.get("apply_replacement", False),
                    group=data.get("group", False),
                )
            else:
                note = services.suggestions_accept(
                    suggestions=suggestions,
                    editor=request.user,
                    note_kind=data["note_kind"],
                    note_text=data["note_text"],
                )
            count = note.suggestions.count()
            return ngettext(
                "Accepted %(count)s suggestion; the note “%(note)s” is published.",
                "Accepted %(count)s suggestions; the note “%(note)s” is published.",
                count,
            ) % {"count": count, "note": note}

        return self._decision(
            request,
            suggestions,
            template="accept",
            title=gettext("Accept and publish a change note"),
            form=form,
            act=act,
            single=single,
            group_size=len(members) if single else 0,
            problem=problem,
            preview=services.accept_preview(first, form) if single else None,
            resolve_by_edit_url=(
                reverse("admin:newsroom_article_change", args=[first.article_id])
                + f"?resolves={first.pk}"
            ),
        )

    @admin.action(
        permissions=["review"],
        description=_("Reject…"),
        description_plural=_("Reject selected suggestions, with a reason for the reader"),
        location=BOTH_LOCATIONS,
    )
    def reject(self, request, queryset):
        suggestions = list(queryset.select_related("article"))
        if not suggestions:
            return None
        single = len(suggestions) == 1
        form = RejectForm(self._bound(request), single=single)

        def act(data):
            if single:
                decided = services.suggestion_reject(
                    suggestion=suggestions[0],
                    editor=request.user,
                    reason=data["reason"],
                    group=data.get("group", False),
                )
            else:
                decided = services.suggestions_reject(
                    suggestions=suggestions, editor=request.user, reason=data["reason"]
                )
            return ngettext(
                "Rejected %(count)s suggestion; the reader is told why.",
                "Rejected %(count)s suggestions; the readers are told why.",
                len(decided),
            ) % {"count": len(decided)}

        return self._decision(
            request,
            suggestions,
            template="reject",
            title=gettext("Reject"),
            form=form,
            act=act,
            single=single,
            group_size=len(services.suggestion_group_open(suggestions[0])) if single else 0,
        )

    @admin.action(
        permissions=["review"],
        description=_("Duplicate…"),
        description_plural=_("Mark as a duplicate of another suggestion"),
        location=BOTH_LOCATIONS,
    )
    def mark_duplicate(self, request, queryset):
        suggestions = list(queryset.select_related("article"))
        if len(suggestions) != 1:
            self.message_user(request, gettext("Mark duplicates one at a time."), messages.WARNING)
            return None
        (suggestion,) = suggestions
        form = DuplicateForm(self._bound(request), suggestion=suggestion)

        def act(data):
            services.suggestion_mark_duplicate(
                suggestion=suggestion, editor=request.user, original=data["original"]
            )
            return gettext("Marked as a duplicate of %(original)s.") % {
                "original": data["original"]
            }

        return self._decision(
            request,
            suggestions,
            template="duplicate",
            title=gettext("Mark as a duplicate"),
            form=form,
            act=act,
        )

    @admin.action(
        permissions=["review"],
        description=_("Spam"),
        description_plural=_("Mark selected suggestions as spam"),
        location=BOTH_LOCATIONS,
    )
    def mark_spam(self, request, queryset):
        suggestions = list(queryset)

        def act(data):
            decided = services.suggestions_mark_spam(suggestions=suggestions, editor=request.user)
            return ngettext(
                "Marked %(count)s suggestion as spam.",
                "Marked %(count)s suggestions as spam.",
                len(decided),
            ) % {"count": len(decided)}

        return self._decision(
            request, suggestions, template="decision", title="", form=None, act=act
        )


# --------------------------------------------------------------------------- change notes


@admin.register(ChangeNote)
class ChangeNoteAdmin(NamedPages, ExportsCSV, admin.ModelAdmin):
    export_view = "change_note_export"
    titles = {
        "select_to_view": _("Select change note to view"),
        "add": _("Add change note"),
        "view": _("View change note"),
    }
    count_label = ngettext_lazy("%(count)s change note", "%(count)s change notes", "count")
    form = ChangeNoteForm
    list_display = ["__str__", "kind", "published", "editor"]
    list_filter = ["kind", "published_at"]
    list_select_related = ["article", "editor"]
    search_fields = ["text", "article__title"]
    raw_id_fields = ["article"]
    readonly_fields = ["published", "editor", "revision_before", "revision_after"]
    fields = ["article", "kind", "text", *readonly_fields]

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, obj):
        return desk_date(obj.published_at)

    def has_change_permission(self, request, obj=None):
        # A published note is part of the public record: a mistake in it is put right by
        # a further note, never by rewriting, downgrading or moving the first one.
        return False

    def save_model(self, request, obj, form, change):
        # A note written by hand (an update, an editor's note) without a text change.
        note = services.change_note_publish(
            article=obj.article, editor=request.user, kind=obj.kind, text=obj.text
        )
        obj.pk, obj.editor, obj.revision_after = note.pk, note.editor, note.revision_after
        obj._state.adding = False


# --------------------------------------------------------------------------- articles


admin.site.unregister(Article)


@admin.register(Article)
class DeskArticleAdmin(ArticleAdmin):
    form = ArticleChangeForm
    list_display = [*ArticleAdmin.list_display, "open_suggestions"]
    change_form_template = "admin/newsroom/article/desk_change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_suggestion_count=Count(
                    "suggestions", filter=Q(suggestions__status=Suggestion.Status.NEW)
                )
            )
        )

    @admin.display(description=_("open suggestions"), ordering="open_suggestion_count")
    def open_suggestions(self, obj):
        return render_cell("_open_suggestions", article=obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.current_revision_id:
            fieldsets.insert(
                1,
                (
                    _("Change note (required when anything readers see changes)"),
                    {"fields": ["change_kind", "change_note_text"]},
                ),
            )
        return fieldsets

    def _resolving(self, request, obj) -> Suggestion | None:
        """The reader's suggestion this edit resolves (``?resolves=`` from the desk)."""
        value = request.POST.get("resolves") or request.GET.get("resolves")
        if obj is None or not (value and value.isdigit()) or not can_review(request.user):
            return None
        return Suggestion.objects.open().filter(pk=value, article=obj).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attributes = {"editor": request.user}
        suggestion = self._resolving(request, obj)
        if suggestion is not None:
            draft = services.note_draft(suggestion, kind=ChangeNote.Kind.CORRECTION)
            attributes["desk_initial"] = {
                "resolves": suggestion.pk,
                "change_kind": ChangeNote.Kind.CORRECTION,
                "change_note_text": draft,
            }
        return type(form.__name__, (form,), attributes)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        suggestion = self._resolving(request, obj)
        extra_context = {**(extra_context or {}), "resolving": suggestion}
        if suggestion is not None:
            extra_context["resolving_group"] = services.suggestion_group_open(suggestion)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # One step, one revision: the edit, its note and the suggestions it resolves. The
        # byline goes in too: the admin saves the form's authors only after this.
        suggestion = form.cleaned_data.get("resolves")
        revision, note = services.article_revise(
            article=obj,
            editor=request.user,
            change_kind=form.cleaned_data.get("change_kind", ""),
            note_text=form.cleaned_data.get("change_note_text", ""),
            suggestions=services.suggestion_group_open(suggestion) if suggestion else (),
            authors=form.cleaned_data.get("authors"),
        )
        form.revision = revision
        if suggestion is not None and note is not None:
            self.message_user(
                request,
                gettext("The note “%(note)s” is published with this edit and resolves %(readers)s.")
                % {"note": note, "readers": readers_label(note.suggestions.count())},
                messages.SUCCESS,
            )

    def response_change(self, request, obj):
        if request.POST.get("resolves"):
            # Back to the desk: the next open report, as after any other decision.
            return HttpResponseRedirect(next_open_url(request))
        return super().response_change(request, obj)
