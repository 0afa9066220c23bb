"""Reader suggestions as a load generator sends them: one form fetched, many POSTs.

Shared by bench/run.py (wrk, throughput), bench/burst.py (20,000 POSTs, every 2xx a row)
and bench/drill_db_restart.py (PostgreSQL restarted mid-stream).

The suggestion form is fetched once with a GET: its CSRF token and cookie can be reused
(Django's tokens are not per request). Its idempotency key cannot: the server issues one
per form, signed with the article and the render time, and one form makes at most one
suggestion. Fetching a form per POST would measure the GET too, so the load generator
signs a key per POST itself, as the server would, with the bench server's secret
(`form_key`), each labelled with the run's id so that its rows can be found again. Each
POST is a report about the article as a whole with its own explanation and key, so every
POST should make exactly one row.
"""

import asyncio
import contextlib
import html
import re
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.core.signing import TimestampSigner

# Abuse limits out of the way of a load test (read by newsroom/settings.py).
# corrections.forms.FORM_KEY_SALT (importing the form would need Django's settings here).
FORM_KEY_SALT = "corrections.suggestion-form.key"
LOAD_TEST_ENV = {
    "CORRECTIONS_IP_LIMIT": "100000000",
    "CORRECTIONS_ARTICLE_LIMIT": "100000000",
    "CORRECTIONS_MIN_SUBMIT_SECONDS": "0",
}


@dataclass
class SuggestionForm:
    path: str  # the form's address, e.g. /town/2026/11/25/slug/suggest/
    csrf_cookie: str
    fields: dict[str, str]  # the hidden fields to send back, CSRF token included
    secret_key: str  # the bench server's DJANGO_SECRET_KEY, to sign a key per POST

    def form_key(self, key: str) -> str:
        """`key` (8-64 letters, digits, dashes) signed as the server signs an issued form's."""
        payload = {"a": int(self.fields["article"]), "t": time.time() - 60, "k": key}
        signer = TimestampSigner(key=self.secret_key, salt=FORM_KEY_SALT, fallback_keys=[])
        return signer.sign_object(payload)

    def body(self, *, key: str, explanation: str) -> bytes:
        return urlencode(
            {
                **self.fields,
                "quote": "",
                "replacement": "",
                "explanation": explanation,
                "kind": "other",
                "input_method": "button",
                "idempotency_key": self.form_key(key),
                "website": "",
            }
        ).encode()

    def headers(self) -> dict[str, str]:
        return {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.csrf_cookie}",
            # The dialog's request: the answer is the small partial, not the whole page.
            "HX-Request": "true",
        }


def suggestion_form(base_url: str, article_path: str, *, secret_key: str) -> SuggestionForm:
    path = article_path + "suggest/"
    with urllib.request.urlopen(base_url + path, timeout=10) as response:  # noqa: S310
        page = response.read().decode()
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }
    for name in ("csrfmiddlewaretoken", "article", "revision", "idempotency_key"):
        if name not in fields:
            raise SystemExit(f"bench: the suggestion form has no {name!r} field")
    return SuggestionForm(
        path=path, csrf_cookie=cookies["csrftoken"].value, fields=fields, secret_key=secret_key
    )


def status_class(status: int | str) -> str:
    return f"{status // 100}xx" if isinstance(status, int) else status


# --------------------------------------------------------------------------- HTTP client


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1, as small as a load test needs."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.timeout = timeout
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body=b""
    ) -> Response:
        """Send one request; raises OSError or TimeoutError when the connection fails."""
        try:
            return await asyncio.wait_for(self._request(method, path, headers, body), self.timeout)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            await self.close()
            raise

    async def _request(self, method, path, headers, body) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        response_headers = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            response_headers[name.strip().lower()] = value.strip()
        if "content-length" in response_headers:
            content = await self.reader.readexactly(int(response_headers["content-length"]))
        else:
            content = await self.reader.read()
            response_headers["connection"] = "close"
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, response_headers, content)

    async def close(self) -> None:
        writer, self.reader, self.writer = self.writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


@dataclass
class Sent:
    """What the client knows about one suggestion it sent: the last answer to its key."""

    body: bytes
    status: int | str = "not sent"  # an HTTP status, or "connection error"
    attempts: int = 0
    retry_after: list[str] = field(default_factory=list)  # Retry-After of each 503


async def post_suggestion(connection: Connection, form: SuggestionForm, sent: Sent) -> None:
    sent.attempts += 1
    try:
        response = await connection.request(
            "POST", form.path, headers=form.headers(), body=sent.body
        )
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
        sent.status = "connection error"
        return
    sent.status = response.status
    if response.status == 503:
        sent.retry_after.append(response.headers.get("retry-after", ""))


async def post_many(
    base_url: str,
    form: SuggestionForm,
    keys: list[str],
    *,
    connections: int,
    deadline: float,
    record: dict[str, Sent],
    explanation: str = "Load test report {key}.",
) -> None:
    """POST one suggestion per key over `connections` connections, until done or deadline.

    `record` maps each key sent to what became of it; keys left when the deadline
    passes are not sent.
    """
    pending = iter(keys)

    async def worker() -> None:
        connection = Connection(base_url)
        try:
            for key in pending:
                if time.monotonic() > deadline:
                    return
                body = form.body(key=key, explanation=explanation.format(key=key))
                sent = record[key] = Sent(body)
                await post_suggestion(connection, form, sent)
        finally:
            await connection.close()

    await asyncio.gather(*(worker() for _ in range(connections)))


def tally(record: dict[str, Sent]) -> Counter:
    return Counter(status_class(sent.status) for sent in record.values())


def stored_keys(database_url: str, prefix: str) -> Counter:
    """How many suggestions carry each idempotency key that starts with `prefix`."""
    import psycopg

    # Without the query string: options such as pool_max are for Django, not psycopg.
    url = urlsplit(database_url)._replace(query="").geturl()
    with psycopg.connect(url, connect_timeout=10) as connection:
        rows = connection.execute(
            "SELECT idempotency_key, count(*) FROM corrections_suggestion "
            "WHERE idempotency_key LIKE %s GROUP BY idempotency_key",
            [prefix.replace("%", r"\%").replace("_", r"\_") + "%"],
        ).fetchall()
    return Counter(dict(rows))
