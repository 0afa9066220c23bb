"""Profile the reader's suggestion POST in one process, as gunicorn would call it.

Run against the database `make bench` left behind (BENCH_DATABASE_URL, seeded), e.g.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench_post \
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/profile_post.py [posts]

It sends `posts` whole-article suggestions (as bench/suggest.lua does: the dialog's POST,
each with its own signed form key) straight to the WSGI application, after a warm-up,
and prints the process CPU time per POST and the top of a cProfile (PROFILE=0 skips it,
PROFILE=pyinstrument prints pyinstrument's tree instead), and the CPU time the database's
backends spent meanwhile. Every answer must be a 201.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402
from compare_post import database_cpu_seconds  # noqa: E402

# Configured as `make bench` configures its gunicorn (no port or static files needed).
os.environ.update(bench.bench_env(port=0, static_root=str(ROOT / "staticfiles")))

import django  # noqa: E402

django.setup(set_prefix=False)

from corrections.forms import form_key_issue  # noqa: E402
from newsroom.models import Article  # noqa: E402
from newsroom.wsgi import application  # noqa: E402

POSTS = int(sys.argv[1]) if len(sys.argv) > 1 else 500
CSRF = "a" * 32


def post_environ(path: str, body: bytes) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"csrftoken={CSRF}",
        "HTTP_HX_REQUEST": "true",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def bodies(article, count: int, run: str) -> list[bytes]:
    fields = {"csrfmiddlewaretoken": CSRF, "article": article.pk}
    fields["revision"] = article.current_revision_id
    return [
        urlencode(
            {
                **fields,
                "quote": "",
                "replacement": "",
                "kind": "other",
                "input_method": "button",
                "website": "",
                "idempotency_key": form_key_issue(article_id=article.pk, now=time.time() - 60),
                "explanation": f"Profile report {run}-{number}",
            }
        ).encode()
        for number in range(count)
    ]


def send(path: str, body: bytes) -> str:
    statuses = []
    result = application(post_environ(path, body), lambda status, headers: statuses.append(status))
    b"".join(result)
    result.close()
    return statuses[0]


def main() -> None:
    article = Article.objects.published().get(slug="tide-tables-and-the-second-harbour-bridge")
    path = article.get_absolute_url() + "suggest/"
    run = f"{time.time():.0f}"
    for body in bodies(article, 50, run + "w"):
        status = send(path, body)
        assert status.startswith("201"), status
    posts = bodies(article, POSTS, run)
    mode = os.environ.get("PROFILE", "cprofile")
    profiler = None
    if mode == "cprofile":
        profiler = cProfile.Profile()
    elif mode == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
    database = database_cpu_seconds()
    cpu = time.process_time()
    if profiler:
        profiler.enable() if mode == "cprofile" else profiler.start()
    for body in posts:
        status = send(path, body)
        assert status.startswith("201"), status
    if profiler:
        profiler.disable() if mode == "cprofile" else profiler.stop()
    cpu = time.process_time() - cpu
    database = database_cpu_seconds() - database
    print(
        f"{POSTS} POSTs: {1000 * cpu / POSTS:.2f} ms CPU per POST in this process "
        f"(profiler {mode}), {1000 * database / POSTS:.2f} ms in PostgreSQL"
    )
    if mode == "cprofile":
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(int(os.environ.get("TOP", 45)))
        stats.sort_stats("tottime").print_stats(25)
    elif mode == "pyinstrument":
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
