import contextlib
import functools
import ipaddress
import logging
import re

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, DataError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from newsroom.cache import cache_public_page
from newsroom.models import Article
from newsroom.prepared import ConditionFailed
from newsroom.views import page_or_404, speak_language_of

from . import exports, services, standards
from .admin import StatusFilter
from .forms import CONTROL_CHARACTERS, StandardsForm, SuggestionForm, strip_misleading_characters
from .models import Suggestion
from .permissions import can_review
from .published import (
    RECENT_REVISIONS,
    published_article,
    published_article_and_revision,
    seen_article_and_revision,
)
from .ratelimits import RateLimited
from .record import changelog_entries, changelog_url, public_notes, suggest_url

SUGGEST_TEMPLATE = "corrections/suggest.html"

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The reader's IP: REMOTE_ADDR, or the address our trusted proxies saw.

    X-Forwarded-For is only believed as far as settings.CORRECTIONS_TRUSTED_PROXIES says:
    each trusted proxy appends the address it received from, so the client is that many
    entries from the right. Anything to the left of it may be forged by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CORRECTIONS_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def _database_unavailable_is_503(view):
    """A database outage answers 503 with words, so the dialog can keep the reader's text."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError):
            response = render(request, "corrections/unavailable.html", status=503)
            response["Retry-After"] = "30"
            return response

    return wrapper


def _render_form(request, form, *, article, status=200):
    template = f"{SUGGEST_TEMPLATE}#form" if request.htmx else SUGGEST_TEMPLATE
    context = {
        "form": form,
        "article": article,
        "in_dialog": bool(request.htmx),
        "suggest_url": suggest_url(article),
    }
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _render_thanks(request, *, article, suggestion, created):
    values = {"article_url": article.get_absolute_url(), "status_url": "", "status_address": ""}
    if suggestion is not None:
        values["status_url"] = reverse("corrections:status", args=[suggestion.token])
        values["status_address"] = request.build_absolute_uri(values["status_url"])
    flags = {"created": created, "stored": suggestion is not None}
    if request.htmx:
        pieces = _thanks_pieces(translation.get_language(), **flags)
        html = "".join(escape(values[p]) if n % 2 else p for n, p in enumerate(pieces))
        response = HttpResponse(html, status=201 if created else 200)
    else:
        context = {"article": article, "done": True, **flags, **values}
        response = render(request, SUGGEST_TEMPLATE, context, status=201 if created else 200)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Markers standing for the thank-you's three addresses (no translation holds a NUL).
_THANKS_MARKERS = {
    name: f"\x00{name}\x00" for name in ("article_url", "status_url", "status_address")
}


@functools.lru_cache(maxsize=64)
def _thanks_pieces(language: str, *, created: bool, stored: bool) -> tuple[str, ...]:
    """The dialog's thank-you (the template's partial) in ``language``, split at its
    addresses: text, name of an address, text, …

    Every report gets the same answer but for its addresses, and rendering the partial's
    translations on each POST was a seventh of the POST's CPU (issue 12). It is rendered
    once per language and case, with markers where the addresses go, and filled in per
    POST, escaped as the template would.
    """
    with translation.override(language):
        html = render_to_string(
            f"{SUGGEST_TEMPLATE}#thanks", {**_THANKS_MARKERS, "created": created, "stored": stored}
        )
    return tuple(re.split("\x00(article_url|status_url|status_address)\x00", html))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_database_unavailable_is_503
def suggest_page(request, section, year, month, day, slug):
    """The suggestion form: a page of its own without JavaScript, a partial for the dialog.

    The article page carries no CSRF token so it can be cached whole; this view is where
    the token (and its cookie) first appear, when the reader actually opens the form.
    """
    if request.method == "POST":
        return _suggest_post(request, slug)
    article = published_article(slug)
    speak_language_of(article)
    if request.path != (url := suggest_url(article)):
        return redirect(url, permanent=True)
    # The dialog opened with no passage chosen asks only what is wrong.
    whole_article = bool(request.htmx) and request.GET.get("about") == "article"
    form = SuggestionForm(article=article, whole_article=whole_article)
    if request.htmx:
        form.initial["input_method"] = Suggestion.InputMethod.KEYBOARD
    return _render_form(request, form, article=article)


def _suggest_post(request, slug):
    """A reader's suggestion, stored about the article as this process kept it when the
    write confirms it still reads so, and otherwise answered from a fresh read."""
    revision_id = request.POST.get("revision")
    if seen := seen_article_and_revision(slug, revision_id):
        article, revision, unchanged = seen
        with contextlib.suppress(ConditionFailed):
            return _suggest_submit(request, article, revision, unchanged=unchanged)
    article, revision = published_article_and_revision(slug, revision_id)
    response = _suggest_submit(request, article, revision)
    if response.status_code == 201:
        RECENT_REVISIONS.remember(slug, article, revision)
    return response


def _suggest_submit(request, article, revision, *, unchanged=None):
    """Validate and store the suggestion about ``article`` and ``revision`` (None: unknown
    to it), and answer.

    With ``unchanged`` (the condition that a kept pair still reads as it was read, see
    corrections/published.py) the only answer is a stored report: anything else would rest
    on the unchecked pair, so it raises ConditionFailed instead, with nothing stored or
    counted.
    """
    speak_language_of(article)
    # In the dialog the quote is the reader's selection (hidden): none means the whole article.
    whole_article = bool(request.htmx) and not request.POST.get("quote", "").strip()
    form = SuggestionForm(
        request.POST, article=article, whole_article=whole_article, revision=revision
    )
    if form.is_honeypot_filled:
        if unchanged is not None:
            raise ConditionFailed
        # Bots get a thank-you that tells them nothing; nothing is stored.
        return _render_thanks(request, article=article, suggestion=None, created=False)
    if not form.is_valid():
        if unchanged is not None:
            raise ConditionFailed
        return _render_form(request, form, article=article, status=422)
    data = form.cleaned_data
    user_agent = strip_misleading_characters(
        CONTROL_CHARACTERS.sub("", request.META.get("HTTP_USER_AGENT", ""))
    )
    try:
        suggestion, created = services.suggestion_submit(
            article=article,
            revision=form.revision,
            part=data["part"],
            quote=data["quote"],
            prefix=data["prefix"],
            suffix=data["suffix"],
            start_hint=data["start"],
            kind=data["kind"],
            replacement=data["replacement"],
            explanation=data["explanation"],
            source_url=data["source_url"],
            email=data["email"],
            notify_consent=data["notify_consent"],
            ip_hash=services.ip_address_hash(ip=client_ip(request)),
            user_agent=user_agent,
            input_method=data["input_method"],
            idempotency_key=data["idempotency_key"] or None,
            only_if=unchanged,
        )
    except RateLimited as limited:
        form.add_error(
            None,
            _(
                "We have had a lot of suggestions from you or about this article in the "
                "last hour, so we paused new ones. Your text is still here; please try "
                "again in %(minutes)d minutes."
            )
            % {"minutes": max(1, round(limited.retry_after / 60))},
        )
        response = _render_form(request, form, article=article, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except services.SuggestionConflict:
        form.add_error(
            None,
            _("This form was already used for another suggestion. Please reload the page."),
        )
        return _render_form(request, form, article=article, status=409)
    except DatabaseError as error:
        if isinstance(error, OperationalError | InterfaceError):
            raise
        if unchanged is not None:
            if not isinstance(error, DataError):
                # Not the reader's input: the kept pair's write itself failed.
                logger.error("A report about a kept article failed", exc_info=True)
            raise ConditionFailed from error
        # Anything the database still refuses (it should not get that far) is the
        # reader's input, not an outage: say so instead of failing with a 500.
        form.add_error(None, _("We could not store this text. Please check it and try again."))
        return _render_form(request, form, article=article, status=400)
    return _render_thanks(request, article=article, suggestion=suggestion, created=created)


@never_cache
@require_safe
def suggestion_status(request, token):
    """The reader's private page about their suggestion (the link is the only key)."""
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("article__section", "change_note", "revision"),
        token=token,
    )
    speak_language_of(suggestion.article)
    note_url = suggestion.change_note and (
        f"{changelog_url(suggestion.article)}#note-{suggestion.change_note_id}"
    )
    context = {"suggestion": suggestion, "note_url": note_url}
    response = render(request, "corrections/status.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page a reader understands instead of Django's technical one."""
    # Refused before the view ran: speak the language of the article the form was about.
    slug = request.resolver_match.kwargs.get("slug") if request.resolver_match else None
    if slug and (article := Article.objects.filter(slug=slug).only("language").first()):
        speak_language_of(article)
    return render(request, "corrections/csrf_failure.html", status=403)


# --------------------------------------------------------------------------- the record
# Public pages with no per-visitor content. The changelog lives below its article's
# address, so the page cache forgets it whenever the article or its notes change.

NOTES_PER_PAGE = 20


@require_safe
@cache_public_page
def changelog(request, section, year, month, day, slug):
    article = published_article(slug)
    speak_language_of(article)
    url = changelog_url(article)
    if request.path != url:
        return redirect(url, permanent=True)
    return render(
        request,
        "corrections/changelog.html",
        {"article": article, "entries": changelog_entries(article), "changelog_url": url},
    )


@require_safe
def corrections_list(request):
    page = page_or_404(public_notes(), NOTES_PER_PAGE, request.GET.get("page"))
    return render(request, "corrections/corrections_list.html", {"page": page})


@require_safe
def policy(request):
    return render(request, "corrections/policy.html")


# --------------------------------------------------------------------------- standards
# Staff pages among the admin's URLs (SuggestionAdmin.get_urls and ChangeNoteAdmin's wrap
# them in admin_view: login, staff, never cached; ``model_admin`` is theirs). The dashboard
# is newsroom-wide, so it is for reviewers only; an author gets a 403, not a partial
# picture that would read as the newsroom's. The exports follow the changelists, which
# already limit an author to their own articles.


def _require_review(request) -> None:
    if not can_review(request.user):
        raise PermissionDenied(_("Only editors who review suggestions can see this page."))


@require_safe
def standards_dashboard(request, model_admin):
    _require_review(request)
    sections = standards.all_sections()
    data = request.GET.copy()
    data.setdefault("days", str(standards.DEFAULT_PERIOD))
    form = StandardsForm(data, sections=sections)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Standards dashboard"),
        "form": form,
    }
    if not form.is_valid():
        return TemplateResponse(
            request, "admin/corrections/standards/dashboard.html", context, status=400
        )
    scope = standards.Scope(
        days=form.cleaned_data["days"] or standards.DEFAULT_PERIOD,
        section=form.cleaned_data["section"],
        kind=form.cleaned_data["kind"],
    )
    board = standards.dashboard(scope, sections=sections)
    context.update(
        board=board,
        figures=board.total,
        trend_chart=standards.trend_chart(board.trend),
        shares=standards.share_bar(board.total),
        backlog=standards.backlog_bars(board.total),
        breakdowns=[
            (_("By section"), board.by_section, True),
            (_("By kind of report"), board.by_kind, False),
        ],
        # Every open report, as the "open now" figure counts them (not one per group).
        open_url=reverse("admin:corrections_suggestion_changelist")
        + f"?{StatusFilter.parameter_name}={Suggestion.Status.NEW}",
    )
    return TemplateResponse(request, "admin/corrections/standards/dashboard.html", context)


def _changelist_export(request, model_admin, *, columns, rows, filename: str):
    """Stream as CSV every row the model's admin changelist shows for this query string.

    The ChangeList applies the admin's own filters, search, ordering and visibility rules
    (an author sees only their articles' suggestions), so the file matches the screen.
    """
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return HttpResponseBadRequest(
            _("These filters are not valid. Go back to the list and choose them again."),
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(
        exports.csv_lines(columns, rows(changelist.queryset)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response


@require_safe
def suggestion_export(request, model_admin):
    # The queue opens on one row per passage group; an export is of every report, so
    # where the queue would group the open reports, the export takes them all.
    if StatusFilter.parameter_name not in request.GET:
        request.GET = request.GET.copy()
        request.GET[StatusFilter.parameter_name] = Suggestion.Status.NEW
    return _changelist_export(
        request,
        model_admin,
        columns=exports.suggestion_columns(request.user),
        rows=exports.suggestion_rows,
        filename="suggestions",
    )


@require_safe
def change_note_export(request, model_admin):
    return _changelist_export(
        request,
        model_admin,
        columns=exports.change_note_columns(),
        rows=exports.change_note_rows,
        filename="change-notes",
    )
