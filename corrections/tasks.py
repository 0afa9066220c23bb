"""Email notifications, run by Django's tasks framework outside the request.

Tasks are enqueued with ``transaction.on_commit`` (see ``corrections.services``), so a
suggestion or a decision is stored whatever happens to the mail server. A task that cannot
reach the mail server enqueues itself again with a growing delay, a bounded number of times.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Suggestion
from .record import absolute

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before attempt n+1 is RETRY_DELAY * 4**(n-1): 1, 4, 16, 64 minutes.
RETRY_DELAY = timedelta(minutes=1)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def _send(*, to: list[str], template: str, context: dict) -> None:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()


class MailNotDelivered(Exception):
    """A notification given up after its last attempt."""


def _describe(error: Exception) -> str:
    """The error's class and SMTP code: its message can hold the reader's address."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}{f' (SMTP {code})' if code else ''}"


def _retry(task_function, suggestion_id: int, attempt: int, error: Exception) -> None:
    if attempt >= MAX_ATTEMPTS:
        logger.error(
            "Giving up %s for suggestion %s after %s attempts: %s",
            task_function.name,
            suggestion_id,
            attempt,
            _describe(error),
        )
        # Not the original error: its message (kept with the failed task) can name the reader.
        raise MailNotDelivered(_describe(error)) from None
    logger.warning(
        "%s for suggestion %s failed (attempt %s): %s; retrying",
        task_function.name,
        suggestion_id,
        attempt,
        _describe(error),
    )
    deferred = task_function
    if task_function.get_backend().supports_defer:
        deferred = task_function.using(run_after=timezone.now() + RETRY_DELAY * 4 ** (attempt - 1))
    deferred.enqueue(suggestion_id, attempt=attempt + 1)


@task
def notify_new_suggestion(suggestion_id: int, attempt: int = 1) -> int:
    """Email the article's authors and the corrections desk about a new suggestion.

    Returns the number of recipients (0 when nobody is configured to hear about it).
    """
    suggestion = (
        Suggestion.objects.select_related("article", "article__section")
        .filter(pk=suggestion_id)
        .first()
    )
    if suggestion is None:
        return 0
    article = suggestion.article
    recipients = [author.email for author in article.authors.all() if author.email]
    desk = getattr(settings, "CORRECTIONS_DESK_EMAIL", "")
    if desk and desk not in recipients:
        recipients.append(desk)
    if not recipients:
        return 0
    context = {
        "suggestion": suggestion,
        "article": article,
        "article_url": absolute(article.get_absolute_url()),
        "review_url": absolute(
            reverse("admin:corrections_suggestion_change", args=[suggestion.pk])
        ),
    }
    try:
        with translation.override(article.language_code):
            _send(to=recipients, template="corrections/email/new_suggestion", context=context)
    except MAIL_ERRORS as error:
        _retry(notify_new_suggestion, suggestion_id, attempt, error)
        return 0
    return len(recipients)


@task
def notify_reader_decision(suggestion_id: int, attempt: int = 1) -> int:
    """Email the reader what became of their suggestion, only if they asked to be told."""
    suggestion = (
        Suggestion.objects.select_related("article__section", "change_note__article__section")
        .filter(pk=suggestion_id)
        .first()
    )
    if (
        suggestion is None
        or not suggestion.email
        or not suggestion.notify_consent
        or suggestion.status in {Suggestion.Status.NEW, Suggestion.Status.SPAM}
    ):
        return 0
    article = suggestion.article
    note = suggestion.change_note
    context = {
        "suggestion": suggestion,
        "article": article,
        "note": note,
        "article_url": absolute(article.get_absolute_url()),
        "note_url": absolute(note.get_absolute_url()) if note else "",
        "status_url": absolute(reverse("corrections:status", args=[suggestion.token])),
    }
    try:
        with translation.override(article.language_code):
            _send(
                to=[suggestion.email],
                template="corrections/email/reader_decision",
                context=context,
            )
    except MAIL_ERRORS as error:
        _retry(notify_reader_decision, suggestion_id, attempt, error)
        return 0
    return 1
