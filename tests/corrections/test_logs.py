"""Status tokens never reach the logs whole (issue 11, item 12)."""

import io
import logging

import pytest

from corrections.logs import StatusTokenFilter, redact_status_tokens
from factories import make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the site's console log handler writes."""
    [handler] = [
        handler
        for handler in logging.getLogger("django").handlers
        if any(isinstance(found, StatusTokenFilter) for found in handler.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_mistyped_status_token_is_logged_as_a_short_prefix(client, console):
    suggestion = make_suggestion()
    mistyped = suggestion.token[:-1] + ("A" if suggestion.token[-1] != "A" else "B")
    assert client.get(f"/corrections/s/{mistyped}/").status_code == 404
    log = console.getvalue()
    assert f"/corrections/s/{mistyped[:4]}…/" in log
    assert mistyped not in log and mistyped[:8] not in log


def test_a_token_in_any_log_line_is_cut(client, console):
    logging.getLogger("django.server").warning(
        '"%s" %s %s', "GET /corrections/s/SecretToken123456/?x=1 HTTP/1.1", 404, 10
    )
    assert "SecretToken" not in console.getvalue()
    assert "/corrections/s/Secr…/?x=1" in console.getvalue()


def test_other_lines_are_left_alone():
    record = logging.LogRecord("x", logging.WARNING, "", 0, "Not Found: %s", ("/town/",), None)
    assert StatusTokenFilter().filter(record)
    assert record.getMessage() == "Not Found: /town/"


def test_redaction_keeps_the_rest_of_the_line():
    assert redact_status_tokens("a /corrections/s/abcdefgh/ b") == "a /corrections/s/abcd…/ b"
