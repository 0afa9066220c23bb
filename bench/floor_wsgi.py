"""The site as `make bench` serves it, plus the floor for any Python page.

`/bench-floor` answers a constant body of the article page's size straight from WSGI,
without Django, on the same gunicorn (same workers, threads and sockets) as the site:
what a page costs that does no work at all. The cached article page is measured
against it. Every other address goes to the site unchanged.
"""

from newsroom.wsgi import application as site

FLOOR_PATH = "/bench-floor"
FLOOR_BODY = b"x" * 10_000  # about the size of the demo article page


def application(environ, start_response):
    if environ.get("PATH_INFO") == FLOOR_PATH:
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(FLOOR_BODY))),
            ],
        )
        return [FLOOR_BODY]
    return site(environ, start_response)
