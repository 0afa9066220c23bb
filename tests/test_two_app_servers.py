"""Two app servers (gunicorn) on one PostgreSQL and one Redis behave as one site.

Needs the shared services, so it runs in the PostgreSQL-with-Redis pass of CI and is
skipped on SQLite. Add checks of other shared state (rate limits, idempotency keys) here.
"""

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from factories import edit_article, make_article

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


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
