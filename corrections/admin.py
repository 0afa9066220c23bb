"""The editors' desk: the suggestion queue, decisions, change notes and no silent edits.

Decisions are admin actions (on the change list and, with Django 6.1, on the suggestion's
own page) that call the services in ``corrections.services``; nothing here changes a
suggestion's status by itself.

Group sizes in the queue come from one extra query per page (``QueueChangeList``): for
each row shown, the number of open suggestions of the same article whose span overlaps the
row's span in the same anchor revision (``services.suggestion_group_sizes``).
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.admin import ArticleAdmin
from newsroom.markdown import render_markdown
from newsroom.models import Article

from . import services
from .models import QUEUE_ORDER, ChangeNote, Suggestion

BOTH_LOCATIONS = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]
PASSAGE_LIST_LENGTH = 60
ARTICLE_LIST_LENGTH = 40
ARTICLE_TEXTS = ("standfirst", "body", "body_html")
CONTEXT_CHARACTERS = 400
TEXT_FIELDS = ("title", "standfirst", "body")
DEFAULT_NOTE_KIND = {
    Suggestion.Kind.TYPO: ChangeNote.Kind.MINOR_FIX,
    Suggestion.Kind.FACTUAL: ChangeNote.Kind.CORRECTION,
    Suggestion.Kind.UNCLEAR: ChangeNote.Kind.CLARIFICATION,
    Suggestion.Kind.OTHER: ChangeNote.Kind.CORRECTION,
}
# Open suggestions before decided ones; the same expression as the model's queue index.
NEW_FIRST = QUEUE_ORDER.asc()


def can_review(user) -> bool:
    return user.has_perm(services.REVIEW_PERMISSION)


def prefilled_note(suggestion: Suggestion) -> str:
    """A first draft of the public note; the editor rewrites it as needed."""
    if suggestion.quote and suggestion.replacement:
        return gettext(
            "An earlier version of this article said “%(quote)s”; it has been corrected to "
            "“%(replacement)s”."
        ) % {"quote": suggestion.quote, "replacement": suggestion.replacement}
    if suggestion.quote:
        return gettext("An earlier version of this article said “%(quote)s”.") % {
            "quote": suggestion.quote
        }
    return gettext("This article has been corrected.")


def _paragraph_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The block(s) of canonical text around a span, cut to a readable length."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    lo = max(lo, start - CONTEXT_CHARACTERS)
    hi = min(hi, end + CONTEXT_CHARACTERS)
    return lo, hi


def highlighted(text: str, start: int, end: int):
    """The paragraph around ``text[start:end]`` with the span in <mark>, all escaped."""
    lo, hi = _paragraph_span(text, start, end)
    return format_html(
        '<p class="desk-passage">{}{}<mark>{}</mark>{}{}</p>',
        "…" if lo > 0 and text[lo - 1] != "\n" else "",
        text[lo:start],
        text[start:end],
        text[end:hi],
        "…" if hi < len(text) and text[hi] != "\n" else "",
    )


# --------------------------------------------------------------------------- filters


class AnchoredFilter(admin.SimpleListFilter):
    title = _("anchored")
    parameter_name = "anchored"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Yes: passage found")),
            ("no", _("No: orphaned or not found")),
            ("article", _("About the whole article")),
        ]

    def queryset(self, request, queryset):
        states = {
            "yes": services.SPANNED_STATES,
            "no": (Suggestion.AnchorState.ORPHANED, Suggestion.AnchorState.NOT_FOUND),
            "article": (Suggestion.AnchorState.WHOLE_ARTICLE,),
        }.get(self.value())
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
        if not (request.user.is_superuser or can_review(request.user)):
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


# --------------------------------------------------------------------------- forms


class GroupDecisionForm(forms.Form):
    group = forms.BooleanField(
        label=_("Decide the whole group (every open suggestion on this passage)"),
        required=False,
    )


class AcceptForm(GroupDecisionForm):
    note_kind = forms.ChoiceField(label=_("Kind of change note"), choices=ChangeNote.Kind.choices)
    note_text = forms.CharField(
        label=_("Public text of the note"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
    )
    apply_replacement = forms.BooleanField(
        label=_("Apply the suggested replacement to the article text (creates a revision)"),
        required=False,
    )
    field_order = ["note_kind", "note_text", "apply_replacement", "group"]


class RejectForm(GroupDecisionForm):
    reason = forms.CharField(
        label=_("Reason shown to the reader"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=2000,
    )
    field_order = ["reason", "group"]


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(
        label=_("Original suggestion"), queryset=Suggestion.objects.none()
    )


# --------------------------------------------------------------------------- suggestions


class QueueChangeList(ChangeList):
    """The queue's rows, with the size of each one's group counted in one more query."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        sizes = services.suggestion_group_sizes(self.result_list)
        for suggestion in self.result_list:
            suggestion.group_size = sizes.get(suggestion.pk, 0)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    # What an editor decides on comes first; long article titles go last, where they wrap.
    list_display = [
        "passage",
        "status",
        "group_size_display",
        "anchor_state",
        "kind",
        "age",
        "article_title",
    ]
    list_display_links = ["passage"]
    list_filter = [
        "status",
        "kind",
        "article__section",
        ArticleFilter,
        AnchoredFilter,
        AgeFilter,
    ]
    search_fields = ["quote", "replacement", "explanation"]
    list_select_related = ["article"]
    list_per_page = 50
    # The full count would be a second COUNT(*) over every suggestion on each page view.
    show_full_result_count = False
    # Facet counts would add one COUNT per filter choice to every page view.
    show_facets = admin.ShowFacets.NEVER
    actions = ["accept", "reject", "mark_duplicate", "mark_spam"]

    report_fields = [
        "status",
        "article",
        "kind",
        "created_at",
        "passage_as_seen",
        "proposed_change",
        "explanation",
        "source_url",
    ]
    now_fields = ["passage_now", "group_members"]
    decision_fields = [
        "decided_at",
        "decided_by",
        "public_reason",
        "change_note",
        "duplicate_of",
    ]
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

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            # The queue shows only the article's title; its texts are large.
            .defer(*(f"article__{name}" for name in ARTICLE_TEXTS))
        )
        if request.user.is_superuser or can_review(request.user):
            return queryset
        # Authors see the suggestions about their own articles, nothing else.
        return queryset.filter(article__authors__user=request.user)

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

    def get_ordering(self, request):
        return [NEW_FIRST, "-created_at", "-pk"]

    def lookup_allowed(self, lookup, value, request):
        if lookup.split(LOOKUP_SEP, 1)[0] in self.unfilterable_fields:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.strip())

    # ------------------------------------------------------------------ columns

    @admin.display(description=_("passage"))
    def passage(self, obj):
        if not obj.quote:
            return gettext("(whole article)")
        return Truncator(obj.quote).chars(PASSAGE_LIST_LENGTH)

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, obj):
        return Truncator(obj.article.title).chars(ARTICLE_LIST_LENGTH)

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, depth=1)

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    @admin.display(description=_("readers"))
    def group_size_display(self, obj):
        if obj.status != Suggestion.Status.NEW:
            return "–"
        return max(1, getattr(obj, "group_size", 1))

    # ------------------------------------------------------------------ change page

    @admin.display(description=_("as the reader saw it"))
    def passage_as_seen(self, obj):
        if not obj.quote:
            return gettext("The reader wrote about the article as a whole.")
        if obj.start is None or obj.anchor_state == Suggestion.AnchorState.NOT_FOUND:
            return format_html(
                "<p>{}</p><blockquote>{}</blockquote>",
                gettext("The quote was not found in the revision the reader saw:"),
                obj.quote,
            )
        return format_html(
            "{}<p class='help'>{}</p>",
            highlighted(obj.revision.canonical_text, obj.start, obj.end),
            gettext("Revision %(number)s, as published on %(date)s")
            % {
                "number": obj.revision.number,
                "date": timezone.localtime(obj.revision.created_at).strftime("%Y-%m-%d %H:%M"),
            },
        )

    @admin.display(description=_("suggested correction"))
    def proposed_change(self, obj):
        if not obj.replacement:
            return gettext("(no replacement suggested)")
        if not obj.quote:
            return obj.replacement
        return format_html("<del>{}</del> → <ins>{}</ins>", obj.quote, obj.replacement)

    @admin.display(description=_("where it is now"))
    def passage_now(self, obj):
        state = obj.anchor_state
        if state == Suggestion.AnchorState.WHOLE_ARTICLE:
            return "–"
        current = obj.article.current_revision_id
        if state in (Suggestion.AnchorState.ORPHANED, Suggestion.AnchorState.NOT_FOUND):
            return format_html(
                "<p><strong>{}</strong> {}</p>",
                gettext("Not found."),
                gettext("The passage is no longer in the article (or was never found)."),
            )
        revision = obj.anchor_revision
        if (
            revision.pk == obj.revision_id
            and (obj.anchor_start, obj.anchor_end) == (obj.start, obj.end)
            and revision.pk == current
        ):
            return gettext("Unchanged: the article has not changed here since.")
        note = {
            Suggestion.AnchorState.EXACT: gettext("Same place, same text."),
            Suggestion.AnchorState.MOVED: gettext("The same text, moved by edits."),
            Suggestion.AnchorState.FUZZY: gettext(
                "Similar text (%(score)s %% match): the passage has been edited."
            )
            % {"score": round((obj.anchor_score or 0) * 100)},
        }.get(state, "")
        if revision.pk != current:
            note += " " + gettext("(as of revision %(number)s)") % {"number": revision.number}
        return format_html(
            "{}<p class='help'>{}</p>",
            highlighted(revision.canonical_text, obj.anchor_start, obj.anchor_end),
            note,
        )

    @admin.display(description=_("other reports on this passage"))
    def group_members(self, obj):
        others = [
            member
            for member in services.suggestion_group(obj).select_related("article")
            if member.pk != obj.pk
        ]
        if not others:
            return gettext("No other open suggestion about this passage.")
        summary = ngettext(
            "%(count)s reader reported this passage:",
            "%(count)s readers reported this passage:",
            len(others) + 1,
        ) % {"count": len(others) + 1}
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            summary,
            format_html_join(
                "",
                '<li><a href="{}">{}</a> → {} ({})</li>',
                (
                    (
                        reverse("admin:corrections_suggestion_change", args=[member.pk]),
                        member,
                        member.replacement or "–",
                        member.get_kind_display(),
                    )
                    for member in others
                ),
            ),
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # The change page shows these; fetch them with the suggestion.
            obj = (
                Suggestion.objects.select_related(
                    "article", "revision", "anchor_revision", "change_note", "decided_by"
                )
                .filter(pk=obj.pk)
                .first()
            )
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {})}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["article_edit_url"] = reverse(
                "admin:newsroom_article_change", args=[obj.article_id]
            )
            extra_context["article_url"] = obj.article.get_absolute_url()
        return super().change_view(request, object_id, form_url, extra_context)

    # ------------------------------------------------------------------ decisions

    def _intermediate(self, request, queryset, *, template, form, title, **context):
        """The confirmation page of an action: GET-like first POST shows it, 'confirm' acts."""
        action_field = "CHANGE_FORM-action" if "CHANGE_FORM-action" in request.POST else "action"
        suggestions = list(queryset.select_related("article"))
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
                "action_name": request.POST.get(action_field) or request.POST.get("action"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "on_change_form": action_field != "action",
                **context,
            },
        )

    def _report(self, request, error: Exception, article_id: int | None = None) -> None:
        if isinstance(error, services.ReplacementNotApplicable) and article_id:
            url = reverse("admin:newsroom_article_change", args=[article_id])
            self.message_user(
                request,
                format_html('{} <a href="{}">{}</a>', str(error), url, gettext("Edit the article")),
                messages.ERROR,
            )
        else:
            self.message_user(request, str(error), messages.ERROR)

    @admin.action(
        permissions=["review"],
        description=_("Accept: publish a change note"),
        description_plural=_("Accept selected suggestions: publish one change note"),
        location=BOTH_LOCATIONS,
    )
    def accept(self, request, queryset):
        suggestions = list(queryset.select_related("article", "article__current_revision"))
        if not suggestions:
            return None
        first = suggestions[0]
        single = len(suggestions) == 1
        group_size = services.suggestion_group(first).filter(status="new").count() if single else 0
        initial = {
            "note_kind": DEFAULT_NOTE_KIND.get(first.kind, ChangeNote.Kind.CORRECTION),
            "note_text": prefilled_note(first) if single else "",
        }
        form = AcceptForm(request.POST if "confirm" in request.POST else None, initial=initial)
        problem = None
        if single:
            try:
                services.suggestion_replacement_check(first)
            except services.ReplacementNotApplicable as error:
                problem = error
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                if single:
                    note = services.suggestion_accept(
                        suggestion=first,
                        editor=request.user,
                        note_kind=data["note_kind"],
                        note_text=data["note_text"],
                        apply_replacement=data["apply_replacement"],
                        group=data["group"],
                    )
                else:
                    note = services.suggestions_accept(
                        suggestions=suggestions,
                        editor=request.user,
                        note_kind=data["note_kind"],
                        note_text=data["note_text"],
                    )
            except (services.InvalidTransition, services.ReplacementNotApplicable) as error:
                self._report(request, error, first.article_id)
                if isinstance(error, services.InvalidTransition):
                    return None
            except PermissionDenied as error:
                self._report(request, error)
                return None
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Accepted %(count)s suggestion; the note “%(note)s” is published.",
                        "Accepted %(count)s suggestions; the note “%(note)s” is published.",
                        note.suggestions.count(),
                    )
                    % {"count": note.suggestions.count(), "note": note},
                    messages.SUCCESS,
                )
                return None
        return self._intermediate(
            request,
            queryset,
            template="accept",
            form=form,
            title=gettext("Accept and publish a change note"),
            single=single,
            group_size=group_size,
            problem=problem,
            article_edit_url=reverse("admin:newsroom_article_change", args=[first.article_id]),
        )

    @admin.action(
        permissions=["review"],
        description=_("Reject, with a reason for the reader"),
        description_plural=_("Reject selected suggestions, with a reason for the reader"),
        location=BOTH_LOCATIONS,
    )
    def reject(self, request, queryset):
        suggestions = list(queryset.select_related("article"))
        if not suggestions:
            return None
        single = len(suggestions) == 1
        form = RejectForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                if single:
                    decided = services.suggestion_reject(
                        suggestion=suggestions[0],
                        editor=request.user,
                        reason=form.cleaned_data["reason"],
                        group=form.cleaned_data["group"],
                    )
                else:
                    decided = services.suggestions_reject(
                        suggestions=suggestions,
                        editor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
            except (services.InvalidTransition, PermissionDenied, ValueError) as error:
                self._report(request, error)
                return None
            self.message_user(
                request,
                ngettext(
                    "Rejected %(count)s suggestion.",
                    "Rejected %(count)s suggestions.",
                    len(decided),
                )
                % {"count": len(decided)},
                messages.SUCCESS,
            )
            return None
        group_size = (
            services.suggestion_group(suggestions[0]).filter(status="new").count() if single else 0
        )
        return self._intermediate(
            request,
            queryset,
            template="reject",
            form=form,
            title=gettext("Reject"),
            single=single,
            group_size=group_size,
        )

    @admin.action(
        permissions=["review"],
        description=_("Mark as a duplicate of another suggestion"),
        location=BOTH_LOCATIONS,
    )
    def mark_duplicate(self, request, queryset):
        suggestions = list(queryset.select_related("article"))
        if len(suggestions) != 1:
            self.message_user(request, gettext("Mark duplicates one at a time."), messages.WARNING)
            return None
        (suggestion,) = suggestions
        form = DuplicateForm(request.POST if "confirm" in request.POST else None)
        form.fields["original"].queryset = (
            Suggestion.objects.filter(article_id=suggestion.article_id)
            .exclude(pk=suggestion.pk)
            .order_by("created_at")
        )
        if form.is_bound and form.is_valid():
            try:
                services.suggestion_mark_duplicate(
                    suggestion=suggestion,
                    editor=request.user,
                    original=form.cleaned_data["original"],
                )
            except (services.InvalidTransition, PermissionDenied) as error:
                self._report(request, error)
                return None
            self.message_user(request, gettext("Marked as a duplicate."), messages.SUCCESS)
            return None
        return self._intermediate(
            request,
            queryset,
            template="duplicate",
            form=form,
            title=gettext("Mark as a duplicate"),
        )

    @admin.action(
        permissions=["review"],
        description=_("Mark as spam"),
        description_plural=_("Mark selected suggestions as spam"),
        location=BOTH_LOCATIONS,
    )
    def mark_spam(self, request, queryset):
        try:
            decided = services.suggestions_mark_spam(
                suggestions=list(queryset), editor=request.user
            )
        except (services.InvalidTransition, PermissionDenied) as error:
            self._report(request, error)
            return None
        self.message_user(
            request,
            ngettext(
                "Marked %(count)s suggestion as spam.",
                "Marked %(count)s suggestions as spam.",
                len(decided),
            )
            % {"count": len(decided)},
            messages.SUCCESS,
        )
        return None


# --------------------------------------------------------------------------- change notes


@admin.register(ChangeNote)
class ChangeNoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "published_at", "editor"]
    list_filter = ["kind", "published_at"]
    list_select_related = ["article", "editor"]
    search_fields = ["text", "article__title"]
    raw_id_fields = ["article"]
    readonly_fields = ["published_at", "editor", "revision_before", "revision_after"]
    fields = ["article", "kind", "text", *readonly_fields]

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


class ArticleChangeForm(forms.ModelForm):
    """An article form that refuses silent edits of a published text."""

    NO_NOTE = ""
    change_kind = forms.ChoiceField(
        label=_("What kind of change is this?"),
        required=False,
        choices=[(NO_NOTE, "—"), *ChangeNote.Kind.choices],
        help_text=_(
            "Required when the title, standfirst or body of a published article changes. "
            "A minor fix (typos) is listed only in the changelog; every other kind is shown "
            "on the article."
        ),
    )
    change_note_text = forms.CharField(
        label=_("Public text of the change note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Optional for a minor fix."),
    )

    class Meta:
        model = Article
        # The admin passes the fields of its fieldsets; these are the ones this form reads.
        fields = [*TEXT_FIELDS, "status"]

    def text_changed(self) -> bool:
        """Whether saving would change the public text, i.e. record a new revision.

        Compared with the article's current revision, not with its last saved state: text
        changed while the article was back in draft still needs a note when it returns.
        """
        revision = self.instance.current_revision
        cleaned = self.cleaned_data
        return (
            cleaned.get("title", revision.title) != revision.title
            or cleaned.get("standfirst", revision.standfirst) != revision.standfirst
            or render_markdown(cleaned.get("body", self.instance.body)) != revision.body_html
            or cleaned.get("lead_image_caption", revision.lead_image_caption)
            != revision.lead_image_caption
            or cleaned.get("lead_image_credit", revision.lead_image_credit)
            != revision.lead_image_credit
        )

    def needs_change_note(self) -> bool:
        return bool(
            self.instance.pk
            and self.instance.current_revision_id
            and self.cleaned_data.get("status") == Article.Status.PUBLISHED
            and self.text_changed()
        )

    def clean(self):
        cleaned = super().clean()
        if not self.needs_change_note():
            return cleaned
        kind = cleaned.get("change_kind")
        if not kind:
            self.add_error(
                "change_kind",
                _("This article is published: say what kind of change this is."),
            )
        elif kind != ChangeNote.Kind.MINOR_FIX and not cleaned.get("change_note_text", "").strip():
            self.add_error(
                "change_note_text", _("Write the public note readers will see with this change.")
            )
        editor = getattr(self, "editor", None)
        if editor is not None and not editor.has_perm(services.PUBLISH_NOTE_PERMISSION):
            raise forms.ValidationError(
                _("Only editors who may publish change notes can change a published text.")
            )
        return cleaned


admin.site.unregister(Article)


@admin.register(Article)
class DeskArticleAdmin(ArticleAdmin):
    form = ArticleChangeForm
    list_display = [*ArticleAdmin.list_display, "open_suggestions"]

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
        count = getattr(obj, "open_suggestion_count", 0)
        if not count:
            return "0"
        url = reverse("admin:corrections_suggestion_changelist")
        return format_html(
            '<a href="{}?article={}&amp;status__exact=new">{}</a>', url, obj.pk, count
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.current_revision_id:
            fieldsets.insert(
                1,
                (
                    _("Change note (required when a published text changes)"),
                    {"fields": ["change_kind", "change_note_text"]},
                ),
            )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})

    def save_model(self, request, obj, form, change):
        before = obj.current_revision if change else None
        super().save_model(request, obj, form, change)
        revision = getattr(form, "revision", None)
        kind = form.cleaned_data.get("change_kind")
        text = form.cleaned_data.get("change_note_text", "").strip()
        if revision is not None and before is not None:
            # The form refused to save without a kind, so every revision has its note.
            services.change_note_publish(
                article=obj,
                editor=request.user,
                kind=kind,
                text=text or gettext("Minor corrections of spelling, grammar or style."),
                revision_before=before,
                revision_after=revision,
            )
        elif kind and kind != ChangeNote.Kind.MINOR_FIX and text and obj.current_revision_id:
            # A note written with an edit that left the visible text as it was (Markdown
            # that renders the same) is still what the editor meant to publish.
            services.change_note_publish(article=obj, editor=request.user, kind=kind, text=text)
