"""Template helpers of the editors' desk (admin pages only)."""

import unicodedata

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext_lazy

from corrections.permissions import can_review

register = template.Library()
register.filter("can_review", can_review)

# One date format throughout the desk: "30 Nov 2026, 09:34", in the newsroom's time zone.
# Translated, because languages name a month after its day differently ("30 листопада").
DESK_DATETIME_FORMAT = pgettext_lazy("desk date format, Django's date letters", "j M Y, H:i")
# Characters that look like nothing (or like a space) but are something else.
VISIBLE_SPACE = "·"
VISIBLE_TAB = "→"
VISIBLE_LINE_BREAK = "↵"


@register.filter
def desk_date(value) -> str:
    if not value:
        return "–"
    return date_format(timezone.localtime(value), str(DESK_DATETIME_FORMAT))


@register.filter
def short_age(value, now=None) -> str:
    """How long ago, in one short unit: "5 min", "3 h", "2 d", "6 wk"."""
    seconds = max(0, int(((now or timezone.now()) - value).total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 1:
        return gettext("now")
    if hours < 1:
        return gettext("%(count)s min") % {"count": minutes}
    if days < 1:
        return gettext("%(count)s h") % {"count": hours}
    if days < 14:
        return gettext("%(count)s d") % {"count": days}
    return gettext("%(count)s wk") % {"count": days // 7}


@register.filter
def readers(count) -> str:
    return ngettext("%(count)s reader", "%(count)s readers", count) % {"count": count}


def _shown(char: str, *, edge: bool) -> tuple[str, str] | None:
    """The visible stand-in for one character and its description, or None if it shows."""
    if char == "\n" or char == "\r":
        return VISIBLE_LINE_BREAK, gettext("line break")
    if char == "\t":
        return VISIBLE_TAB, gettext("tab")
    if char == " ":
        return (VISIBLE_SPACE, gettext("space")) if edge else None
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        name = unicodedata.name(char, "")
        return f"U+{ord(char):04X}", name.lower() or gettext("invisible character")
    return None


@register.filter
def visible_whitespace(text: str):
    """The text with line breaks, tabs, edge and repeated spaces and invisible characters
    shown as marks, so an editor sees what a replacement would really put in the article."""
    text = text or ""
    pieces = []
    for index, char in enumerate(text):
        edge = (
            index in (0, len(text) - 1)
            or text[index - 1] in " \n"
            or text[index + 1 : index + 2] == " "
        )
        shown = _shown(char, edge=edge)
        if shown is None:
            pieces.append(conditional_escape(char))
            continue
        mark, description = shown
        pieces.append(
            format_html('<span class="desk-invisible" title="{}">{}</span>', description, mark)
        )
        if char == "\n":
            pieces.append(mark_safe("<br>"))
    return mark_safe("".join(pieces))  # noqa: S308  (every piece is escaped above)


@register.simple_tag
def desk_queue_summary() -> dict:
    """How much open work waits: passages (queue rows) and reports. Two indexed counts."""
    from corrections.models import Suggestion

    return {
        "groups": Suggestion.objects.group_leads().count(),
        "open": Suggestion.objects.open().count(),
    }


@register.simple_tag
def page_url(cl, number) -> str:
    """The address of page `number` of an admin list, keeping its filters and search."""
    return cl.get_query_string({PAGE_VAR: number})
