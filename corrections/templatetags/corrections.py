from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from corrections.record import (
    article_record,
    json_for_script,
    structured_data,
    suggest_url,
)

register = template.Library()


# --- The public record on the article page ----------------------------------------------
# Every tag reads the same ArticleRecord, fetched once per article (one query).


@register.inclusion_tag("corrections/_article_notes.html")
def article_notes_top(article):
    """Corrections, clarifications and editor's notes, most serious first, above the text."""
    record = article_record(article)
    return {
        "notes": record.top,
        "placement": "top",
        "changelog_url": record.changelog_url,
        "corrected_revision_id": record.corrected_revision_id,
    }


@register.inclusion_tag("corrections/_article_notes.html")
def article_notes_end(article):
    """Updates, after the text."""
    record = article_record(article)
    return {"notes": record.end, "placement": "end", "changelog_url": record.changelog_url}


@register.inclusion_tag("corrections/_history_link.html")
def article_history_link(article):
    """ "Updated <date> · History of changes" at the byline."""
    record = article_record(article)
    return {
        "updated": record.date_modified if record.is_updated else None,
        "changelog_url": record.changelog_url,
    }


@register.simple_tag
def article_structured_data(article):
    """schema.org NewsArticle JSON-LD. Data, not script: CSP does not block it, so no nonce."""
    data = json_for_script(structured_data(article, article_record(article)))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


# --- end of the public record ------------------------------------------------------------


@register.inclusion_tag("corrections/_suggest_control.html")
def suggest_correction(article):
    """The end-of-article "Suggest a correction" control, the dialog shell and the widget.

    Holds nothing per visitor (no CSRF token, no cookie): the form is fetched when the
    dialog opens, so the article page can be cached whole.
    """
    return {"article": article, "suggest_url": suggest_url(article)}


# --- Email --------------------------------------------------------------------------------


@register.filter
def quoted(text) -> str:
    """Reader text for a plain-text email: every line behind "> ", as mail quotes.

    A reader's "\n\nReview it: https://evil.example/" would otherwise read as a line of
    ours. str.splitlines() also breaks at the separators mail clients show as new lines
    (U+2028, NEL, form feed), so none of them can start an unquoted line either.
    """
    return "\n".join(f"> {line}" if line.strip() else ">" for line in str(text).splitlines())
