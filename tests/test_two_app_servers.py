"""Two app servers (gunicorn) on one PostgreSQL and one Redis behave as one site.

Needs the shared services, so it runs in the PostgreSQL-with-Redis pass of CI and is
skipped on SQLite. Checked across the two: page cache invalidation, the per-reader rate
limit (its count is shared, so the sum over both servers is enforced), idempotency keys
(a retry that reaches the other server still makes one suggestion), and what each server
keeps of an article for reports (a change made elsewhere is never answered from it).
"""

import html
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from corrections.models import Suggestion
from factories import edit_article, make_article
from newsroom.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
# Small enough to reach in a test; the servers share the count through Redis.
IP_LIMIT = 3
HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def free_port() -> int:
    while True:
        port = random.randint(18000, 18999)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def wait_until_healthy(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "an app server exited while starting"
        try:
            get(url)
        except OSError:
            time.sleep(0.1)
        else:
            return
    pytest.fail(f"{url} did not answer within 30 s")


@pytest.fixture
def app_servers():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "LOG_LEVEL": "WARNING",
        "CORRECTIONS_IP_LIMIT": str(IP_LIMIT),
        "CORRECTIONS_ARTICLE_LIMIT": "1000",
        "CORRECTIONS_MIN_SUBMIT_SECONDS": "0",
        # As in production: a report and its notice are written in one statement.
        "TASKS_BACKEND": "newsroom.task_backends.DatabaseBackend",
    }
    servers = {}
    try:
        for _ in range(2):
            port = free_port()
            servers[f"http://127.0.0.1:{port}"] = subprocess.Popen(  # noqa: S603
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "newsroom.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
        for url, server in servers.items():
            wait_until_healthy(url + "/healthz", server)
        yield list(servers)
    finally:
        for server in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=15)


def test_an_edit_reaches_every_app_server_at_once(app_servers):
    article = make_article(body="The bridge opens in May.")
    url = article.get_absolute_url()
    for server in app_servers:
        assert "opens in May" in get(server + url)
        assert "opens in May" in get(server + url)  # now from the shared cache
    edit_article(article, body="The bridge opens in June.")
    for server in app_servers:
        html = get(server + url)
        assert "opens in June" in html
        assert "opens in May" not in html


class SuggestionForm:
    """The suggestion form as a reader's browser holds it: fetched once, sent to any server.

    It carries the key the server issued with it: one form makes at most one suggestion.
    """

    def __init__(self, server: str, article):
        self.path = article.get_absolute_url() + "suggest/"
        with urllib.request.urlopen(server + self.path, timeout=10) as response:  # noqa: S310
            page = response.read().decode()
            cookies = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie"):
                cookies.load(header)
        self.cookie = cookies["csrftoken"].value
        self.fields = {
            html.unescape(name): html.unescape(value)
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page
            )
        }

    def post(self, server: str, *, explanation: str) -> int:
        body = {**self.fields, "explanation": explanation, "kind": "other"}
        request = urllib.request.Request(  # noqa: S310
            server + self.path,
            data=urlencode(body).encode(),
            headers={"Cookie": f"csrftoken={self.cookie}", "HX-Request": "true"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def test_the_rate_limit_is_the_sum_over_both_servers(app_servers):
    article = make_article()
    statuses = [
        SuggestionForm(app_servers[0], article).post(
            app_servers[number % 2], explanation=f"Report number {number}."
        )
        for number in range(IP_LIMIT + 2)
    ]
    assert statuses == [201] * IP_LIMIT + [429, 429]
    assert Suggestion.objects.filter(article=article).count() == IP_LIMIT


def test_a_retry_on_the_other_server_makes_no_second_suggestion(app_servers):
    article = make_article()
    form = SuggestionForm(app_servers[0], article)
    first, other = app_servers
    assert form.post(first, explanation="The date is wrong.") == 201
    assert form.post(other, explanation="The date is wrong.") == 200
    assert form.post(other, explanation="Other text with the used form.") == 409
    assert Suggestion.objects.filter(article=article).count() == 1


def test_an_article_withdrawn_elsewhere_takes_no_report_on_either_server(app_servers):
    article = make_article()
    # Forms a reader opened while the article was published.
    forms = {server: SuggestionForm(server, article) for server in app_servers}
    reopened = {server: SuggestionForm(server, article) for server in app_servers}
    for server, form in forms.items():
        # Each server stores a report about the article, and keeps it for the next.
        assert form.post(server, explanation="The date is wrong.") == 201
    # Withdrawn straight in the database: no server hears of it.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    for server, form in reopened.items():
        assert form.post(server, explanation="The name is misspelt.") == 404
    assert Suggestion.objects.filter(article=article).count() == 2
