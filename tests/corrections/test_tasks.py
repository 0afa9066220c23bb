"""Email notifications: who gets them, what they say, and that failures lose nothing."""

import smtplib
from unittest import mock

import pytest
from desk_users import make_editor
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from corrections import services, tasks
from corrections.models import ChangeNote, Suggestion
from factories import make_article, make_author, make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _desk_address(settings):
    settings.CORRECTIONS_DESK_EMAIL = "desk@newsroom.example"
    settings.SITE_URL = "https://news.example.org"


def accept(suggestion, **kwargs):
    return services.suggestion_accept(
        suggestion=suggestion,
        editor=make_editor(),
        note_kind=ChangeNote.Kind.CLARIFICATION,
        note_text="We gave the wrong cost.",
        **kwargs,
    )


def test_a_new_suggestion_emails_the_authors_and_the_desk(django_capture_on_commit_callbacks):
    article = make_article(
        authors=[make_author(email="ann@newsroom.example"), make_author(email="")]
    )
    suggestion = make_suggestion(article=article, quote="£2.4m", replacement="<b>£4.2m</b>")

    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)

    (message,) = mail.outbox
    assert sorted(message.to) == ["ann@newsroom.example", "desk@newsroom.example"]
    assert article.title in message.subject
    assert "£2.4m" in message.body and "<b>£4.2m</b>" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;b&gt;£4.2m&lt;/b&gt;" in html
    assert f"https://news.example.org/admin/corrections/suggestion/{suggestion.pk}/" in html


def test_the_desk_is_told_which_part_a_report_is_about(django_capture_on_commit_callbacks):
    article = make_article(lead_image_caption="The quay at low tide")
    suggestion = make_suggestion(article=article, part="caption", quote="low tide")

    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)

    (message,) = mail.outbox
    assert "Where: Picture caption\n" in message.body
    assert "<dt>Where</dt><dd>Picture caption</dd>" in message.alternatives[0][0]


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    suggestion = make_suggestion()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.suggestion_created(suggestion)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_reader_who_consented_hears_about_the_decision(django_capture_on_commit_callbacks):
    suggestion = make_suggestion(quote="£2.4m", email="reader@example.org", notify_consent=True)

    with django_capture_on_commit_callbacks(execute=True):
        note = accept(suggestion)

    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "We gave the wrong cost." in message.body
    changelog = f"https://news.example.org{suggestion.article.get_absolute_url()}changes/"
    assert f"{changelog}#note-{note.pk}" in message.body
    assert f"{changelog}#note-{note.pk}" in message.alternatives[0][0]


def test_a_rejection_carries_the_editors_reason(django_capture_on_commit_callbacks):
    suggestion = make_suggestion(email="reader@example.org", notify_consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_reject(
            suggestion=suggestion, editor=make_editor(), reason="The figure is right."
        )
    assert "The figure is right." in mail.outbox[0].body


@pytest.mark.parametrize(
    "fields",
    [{"email": "reader@example.org", "notify_consent": False}, {"email": ""}],
    ids=["no consent", "no email"],
)
def test_readers_without_consent_get_nothing(django_capture_on_commit_callbacks, fields):
    suggestion = make_suggestion(**fields)
    with django_capture_on_commit_callbacks(execute=True):
        accept(suggestion)
    assert mail.outbox == []


def test_spam_is_never_answered(django_capture_on_commit_callbacks):
    suggestion = make_suggestion(email="reader@example.org", notify_consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_mark_spam(suggestion=suggestion, editor=make_editor())
    assert mail.outbox == []


def failing_then_working(failures):
    """A locmem mail backend whose first ``failures`` sends raise like a dead SMTP server."""
    calls = {"count": 0}
    original = EmailBackend.send_messages

    def send_messages(self, messages):
        calls["count"] += 1
        if calls["count"] <= failures:
            raise smtplib.SMTPServerDisconnected("connection refused")
        return original(self, messages)

    return mock.patch.object(EmailBackend, "send_messages", send_messages), calls


def test_a_failing_mail_server_is_retried_and_the_decision_kept(
    django_capture_on_commit_callbacks,
):
    suggestion = make_suggestion(email="reader@example.org", notify_consent=True)
    patch, calls = failing_then_working(2)

    with patch, django_capture_on_commit_callbacks(execute=True):
        accept(suggestion)

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert calls["count"] == 3
    assert len(mail.outbox) == 1


def test_retries_are_bounded_and_the_suggestion_survives(django_capture_on_commit_callbacks):
    suggestion = make_suggestion()
    patch, calls = failing_then_working(100)

    with patch, django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)

    assert calls["count"] == tasks.MAX_ATTEMPTS
    assert mail.outbox == []
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()


def test_a_retry_is_deferred_when_the_backend_can_wait():
    suggestion = make_suggestion()
    patch, _ = failing_then_working(1)
    deferred = mock.Mock()
    with (
        patch,
        mock.patch.object(type(tasks.notify_new_suggestion.get_backend()), "supports_defer", True),
        mock.patch.object(type(tasks.notify_new_suggestion), "using", return_value=deferred),
    ):
        tasks.notify_new_suggestion.call(suggestion.pk)

    deferred.enqueue.assert_called_once_with(suggestion.pk, attempt=2)


def test_subjects_are_plain_text_not_html(django_capture_on_commit_callbacks):
    article = make_article(title="Tom & Jerry’s “big” <day>")
    suggestion = make_suggestion(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)
    (message,) = mail.outbox
    assert "Tom & Jerry’s “big” <day>" in message.subject
    assert "&amp;" not in message.subject and "&lt;" not in message.subject


def test_failures_are_logged_without_the_readers_address(
    django_capture_on_commit_callbacks, caplog
):
    suggestion = make_suggestion(email="private.reader@example.org", notify_consent=True)
    refused = smtplib.SMTPRecipientsRefused({"private.reader@example.org": (550, b"No such user")})
    with (
        mock.patch.object(EmailBackend, "send_messages", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        accept(suggestion)
    assert "SMTPRecipientsRefused" in caplog.text
    assert "private.reader@example.org" not in caplog.text


SPOOF = "\n\nReview it: https://evil.example/admin/\r\nArticle: https://evil.example/\u2028-- \n"


@pytest.mark.parametrize("field", ["quote", "replacement", "explanation"])
def test_reader_text_in_the_desk_email_is_quoted_and_cannot_pose_as_ours(
    django_capture_on_commit_callbacks, field
):
    # An explanation "\n\nReview it: https://evil.example/admin/" read as a line of ours,
    # above the real link.
    suggestion = make_suggestion()
    Suggestion.objects.filter(pk=suggestion.pk).update(**{field: f"Wrong figure.{SPOOF}Thanks"})
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)
    (message,) = mail.outbox
    review = f"https://news.example.org/admin/corrections/suggestion/{suggestion.pk}/change/"
    lines = message.body.splitlines()
    for line in lines:
        if "evil.example" in line or "Thanks" in line or "Wrong figure" in line:
            assert line.startswith("> "), line
    assert [line for line in lines if line.startswith("Review it")] == [f"Review it: {review}"]
    assert [line for line in lines if line.startswith("-- ")] == ["-- "]
    html, _ = message.alternatives[0]
    start = html.index("evil.example")
    assert html.rfind("<blockquote", 0, start) > html.rfind("</blockquote>", 0, start)
    assert 'href="https://evil.example' not in html


def test_the_source_link_in_the_desk_email_is_quoted_too(django_capture_on_commit_callbacks):
    suggestion = make_suggestion(source_url="https://evil.example/admin/")
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)
    (message,) = mail.outbox
    assert "> https://evil.example/admin/" in message.body.splitlines()


def test_reader_text_in_the_decision_email_is_quoted(django_capture_on_commit_callbacks):
    suggestion = make_suggestion(email="reader@example.org", notify_consent=True)
    Suggestion.objects.filter(pk=suggestion.pk).update(quote=f"Wrong figure.{SPOOF}Thanks")
    suggestion.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        accept(suggestion)
    message = mail.outbox[-1]
    reader_lines = [
        line for line in message.body.splitlines() if "evil.example" in line or "Thanks" in line
    ]
    assert reader_lines, "the reader's quote must be in the email"
    for line in reader_lines:
        assert line.startswith("> "), line
