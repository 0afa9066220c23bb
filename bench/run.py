"""`make bench`: measure the site under gunicorn on PostgreSQL and print a Markdown table.

Speeds on a shared machine are noisy, so HTTP figures are ratios against the same server's
/healthz, measured in alternated rounds and summarised by their medians. Every request
goes to 127.0.0.1. The table is also written to bench/results/latest.md.

To add a benchmark, write a function that takes the running `Server` and returns table
rows, and add it to BENCHMARKS.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/nr_bench; the
database is dropped and created afresh), REDIS_URL (optional shared cache), BENCH_ROUNDS,
BENCH_SECONDS, BENCH_ARTICLES, BENCH_SUGGESTIONS, BENCH_NOTES (seeded for the desk queue),
BENCH_ONLY (comma-separated names of the benchmark functions to run, e.g.
suggestion_post_vs_healthz), PEER_WP_URL (the WordPress peer's post page; by default the
one ../shared/bench/peer-wordpress/setup.sh wrote under the temp folder).

The previous run's figures (bench/results/latest.md, read before it is overwritten) are
printed beside the new ones, so a regression shows.
"""

import contextlib
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loadgen import LOAD_TEST_ENV, stored_keys, suggestion_form  # noqa: E402

import corrections.anchoring as anchoring_module  # noqa: E402
from corrections.anchoring import AnchorState, context, locate, reanchor  # noqa: E402
from newsroom.demo_content import LOAD_WORDS  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = ROOT / "bench" / "results" / "latest.md"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nr_bench")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 1000))
QUEUE_SUGGESTIONS = int(os.environ.get("BENCH_SUGGESTIONS", 100_000))
QUEUE_NOTES = int(os.environ.get("BENCH_NOTES", 1000))
WRK_THREADS, WRK_CONNECTIONS = 2, 16
GUNICORN_WORKERS, GUNICORN_THREADS = 2, 4
DESK_ROUNDS = int(os.environ.get("BENCH_ROUNDS", 7))  # bench/desk_queue.py's default
DEMO_ARTICLE = "tide-tables-and-the-second-harbour-bridge"


@dataclass
class Row:
    what: str
    measured: str
    target: str = ""


@dataclass
class Server:
    base_url: str
    env: dict[str, str]
    seconds_seeding: float = 0.0

    def manage(self, *args: str) -> str:
        return run([str(PYTHON), "manage.py", *args], env=self.env)

    @contextlib.contextmanager
    def another(self, **env: str):
        """A second gunicorn, configured like this one, on the same database; env overrides.

        Yields its base URL and its process (for the workers' CPU time).
        """
        port = free_port()
        process = start_gunicorn(port, {**self.env, **env})
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}/healthz", process)
            yield f"http://127.0.0.1:{port}", process
        finally:
            stop(process)


def run(command: list[str], **kwargs) -> str:
    return subprocess.run(  # noqa: S603
        command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=900, **kwargs
    ).stdout


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- HTTP load


@dataclass
class Load:
    requests_per_second: float
    errors: int  # non-2xx/3xx responses and socket errors
    requests: int  # completed in the run


def wrk(url: str, seconds: int) -> Load:
    output = run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            url,
        ]
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(
        int(count)
        for count in re.findall(r"Non-2xx or 3xx responses: (\d+)", output)
        + re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    return Load(rate, errors, completed(output))


def completed(wrk_output: str) -> int:
    return int(re.search(r"(\d+) requests in", wrk_output).group(1))


def alternated(server: Server, paths: dict[str, str]) -> dict[str, list[Load]]:
    """Run wrk on each path in turn, ROUNDS times, so drifts in machine load hit all alike.

    A path may also be a full URL (another server: the WordPress peer, a second gunicorn).
    """
    urls = {
        name: path if path.startswith("http") else server.base_url + path
        for name, path in paths.items()
    }
    for url in urls.values():
        wrk(url, 1)  # warm up: fill the caches, start the threads
    rounds: dict[str, list[Load]] = {name: [] for name in urls}
    for _ in range(ROUNDS):
        for name, url in urls.items():
            rounds[name].append(wrk(url, SECONDS))
    return rounds


def throughput_rows(rounds: dict[str, list[Load]], baseline: str, target: str) -> list[Row]:
    medians = {
        name: statistics.median(load.requests_per_second for load in loads)
        for name, loads in rounds.items()
    }
    errors = sum(load.errors for loads in rounds.values() for load in loads)
    rows = [
        Row(
            f"{name} throughput (median of {ROUNDS} × {SECONDS} s)",
            f"{medians[name]:,.0f} req/s",
            "baseline" if name == baseline else "",
        )
        for name in rounds
    ]
    for name in rounds:
        if name != baseline:
            ratio = f"{medians[name] / medians[baseline]:.2f}" if medians[baseline] else "n/a"
            rows.append(Row(f"{name} ÷ {baseline}", ratio, target))
    rows.append(Row("failed responses (non-2xx, socket errors)", str(errors), "0"))
    return rows


def article_path(server: Server) -> str:
    return server.manage(
        "shell",
        "--no-imports",
        "-c",
        "from newsroom.models import Article; "
        f"print(Article.objects.get(slug={DEMO_ARTICLE!r}).get_absolute_url())",
    ).strip()


def article_page_vs_healthz(server: Server) -> list[Row]:
    rounds = alternated(server, {"/healthz": "/healthz", "article page": article_path(server)})
    return throughput_rows(rounds, "/healthz", "≥ 0.80")


def cached_page_vs_floor(server: Server) -> list[Row]:
    """The cached article page against a constant body from the same gunicorn (no Django)."""
    rounds = alternated(
        server,
        {
            "constant-bytes WSGI app (same gunicorn)": "/bench-floor",
            "article page, cache hit": article_path(server),
        },
    )
    return throughput_rows(rounds, "constant-bytes WSGI app (same gunicorn)", "")


def worker_cpu_seconds(gunicorn: subprocess.Popen) -> float:
    """User and system CPU time of a gunicorn master's workers so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{gunicorn.pid}/task/{gunicorn.pid}/children").read_text().split()
    total = 0
    for pid in children:
        with contextlib.suppress(FileNotFoundError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def uncached_render_cpu(server: Server) -> list[Row]:
    """CPU per uncached article render (PAGE_CACHE_TIMEOUT=0), from the workers' own clocks."""
    path = article_path(server)
    with server.another(PAGE_CACHE_TIMEOUT="0") as (base_url, gunicorn):
        wrk(base_url + path, 1)
        per_request = []
        for _ in range(ROUNDS):
            before = worker_cpu_seconds(gunicorn)
            load = wrk(base_url + path, SECONDS)
            per_request.append((worker_cpu_seconds(gunicorn) - before) / load.requests * 1000)
    return [
        Row(
            f"uncached article page: gunicorn workers' CPU per request (median of {ROUNDS})",
            f"{statistics.median(per_request):.2f} ms",
        )
    ]


def wordpress_post_url() -> str | None:
    """The WordPress peer's post page, if the peer answers on 127.0.0.1."""
    url = os.environ.get("PEER_WP_URL")
    if not url:
        written = Path(tempfile.gettempdir()) / "peer-wordpress" / "post_url"
        url = written.read_text().strip() if written.exists() else ""
    if not url.startswith("http://127.0.0.1:"):
        return None
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return url if response.status == 200 else None
    except OSError:
        return None


def article_page_vs_wordpress(server: Server) -> list[Row]:
    """Our article page, cached and uncached, against WordPress's post page (the peer)."""
    url = wordpress_post_url()
    if url is None:
        log("WordPress peer not answering; run ../shared/bench/peer-wordpress/setup.sh")
        return [Row("WordPress peer", "not running: rows skipped")]
    path = article_path(server)
    with server.another(PAGE_CACHE_TIMEOUT="0") as (uncached_url, _):
        rounds = alternated(
            server,
            {
                "WordPress post page": url,
                "article page, page cache hit": path,
                "article page, page cache off": uncached_url + path,
            },
        )
    rows = throughput_rows(rounds, "WordPress post page", "")
    for row in rows:
        if row.what == "article page, page cache off ÷ WordPress post page":
            row.target = "≥ 5"
    return rows


@dataclass
class PostLoad(Load):
    statuses: dict[str, int]
    run: str


# Signed form keys written for each wrk run: more than a run can send at any rate seen here.
WRK_KEYS_PER_RUN = int(os.environ.get("BENCH_WRK_KEYS", 20_000))


def wrk_posts(server: Server, form, fields: dict[str, str], seconds: int):
    """wrk POSTing suggestions (bench/suggest.lua): the rate and the answers by status class.

    Each POST needs its own signed form key, as the server issues one per form; Lua
    cannot sign, so the keys are signed here and read by the script from a file.
    """
    run_id = f"wrk{random.randrange(16**8):08x}"  # noqa: S311 (a label, not a secret)
    path, cookie = form.path, form.csrf_cookie
    keys = tempfile.NamedTemporaryFile("w", prefix="bench-keys-", suffix=".txt", delete=False)  # noqa: SIM115
    with keys:
        for number in range(WRK_KEYS_PER_RUN):
            keys.write(quote_plus(form.form_key(f"{run_id}-{number}")) + "\n")
    try:
        output = _wrk_posts(server, path, fields, cookie, seconds, run_id, keys.name)
    finally:
        os.unlink(keys.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    statuses = {name[-3:]: int(count) for name, count in re.findall(r"(status_\dxx) (\d+)", output)}
    socket_errors = sum(
        int(count) for count in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    errors = socket_errors + sum(count for name, count in statuses.items() if name != "2xx")
    return PostLoad(rate, errors, completed(output), statuses, run_id)


def _wrk_posts(server, path, fields, cookie, seconds, run_id, keys_file) -> str:
    return run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "suggest.lua"),
            server.base_url + path,
        ],
        env={
            **os.environ,
            "WRK_PATH": path,
            "WRK_FIELDS": urlencode(fields),
            "WRK_CSRF_COOKIE": cookie,
            "WRK_RUN": run_id,
            "WRK_KEYS": keys_file,
            "WRK_THREAD_COUNT": str(WRK_THREADS),
        },
    )


def suggestion_post_vs_healthz(server: Server) -> list[Row]:
    """Readers' suggestion POSTs (each a new row) against /healthz, and no accepted one lost.

    wrk stops mid-flight, so up to one request per connection may be stored without its
    answer being counted: rows may exceed the 2xx answers by that much, never fall short.
    """
    form = suggestion_form(
        server.base_url, article_path(server), secret_key=server.env["DJANGO_SECRET_KEY"]
    )
    fields = {
        name: value
        for name, value in form.fields.items()
        if name in {"csrfmiddlewaretoken", "article", "revision", "rendered_at"}
    }
    wrk(server.base_url + "/healthz", 1)
    wrk_posts(server, form, fields, 1)  # warm up
    healthz, posts = [], []
    for _ in range(ROUNDS):
        healthz.append(wrk(server.base_url + "/healthz", SECONDS))
        posts.append(wrk_posts(server, form, fields, SECONDS))
    answered = sum(load.statuses.get("2xx", 0) for load in posts)
    rows_made = sum(sum(stored_keys(DATABASE_URL, load.run).values()) for load in posts)
    statuses = {
        name: sum(load.statuses.get(name, 0) for load in posts)
        for name in ("2xx", "3xx", "4xx", "5xx")
    }
    healthz_rate = statistics.median(load.requests_per_second for load in healthz)
    post_rate = statistics.median(load.requests_per_second for load in posts)
    lost = max(0, answered - rows_made)
    return [
        Row(
            f"suggestion POST throughput (median of {ROUNDS} × {SECONDS} s)",
            f"{post_rate:,.0f} req/s (/healthz {healthz_rate:,.0f})",
        ),
        Row(
            "suggestion POST ÷ /healthz",
            f"{post_rate / healthz_rate:.2f} (rounds "
            + ", ".join(
                f"{p.requests_per_second / h.requests_per_second:.2f}"
                for h, p in zip(healthz, posts, strict=True)
            )
            + ")",
            "≥ 0.20",
        ),
        Row(
            "suggestion POSTs: answers by class; rows stored",
            ", ".join(f"{name} {count:,}" for name, count in statuses.items() if count)
            + f"; {rows_made:,} rows ({rows_made - answered} in flight when wrk stopped)",
            f"every 2xx a row, ≤ {WRK_CONNECTIONS} in flight per run",
        ),
        Row("suggestion POSTs answered 2xx without a row (lost)", str(lost), "0"),
    ]


# --------------------------------------------------------------------------- desk and record


def _desk_pages(output: str) -> list[Row]:
    """The rows of a desk bench's table (page | median ms | in the database | queries)."""
    return [
        Row(
            f"admin {page} ({QUEUE_SUGGESTIONS:,} suggestions), median of {DESK_ROUNDS}",
            f"{milliseconds} ms ({database} ms in the database), {queries} queries",
            "< 300 ms, ≤ 12 queries",
        )
        for page, milliseconds, database, queries in re.findall(
            r"^\| ([^|]+?) \| (\d+) \| (\d+) \| (\d+) \|$", output, re.MULTILINE
        )
    ]


def desk_queue(server: Server) -> list[Row]:
    """bench/desk_queue.py on the seeded bench database (test client, no HTTP)."""
    output = run(
        [str(PYTHON), "bench/desk_queue.py"],
        env={**server.env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"},
    )
    rows = []
    if server.seconds_seeding:
        rows.append(
            Row(
                f"seeding {QUEUE_SUGGESTIONS:,} suggestions and {QUEUE_NOTES:,} notes "
                f"over {ARTICLES:,} articles",
                f"{server.seconds_seeding:.0f} s",
            )
        )
    return rows + _desk_pages(output)


def desk_dashboard(server: Server) -> list[Row]:
    """bench/desk_dashboard.py (the standards dashboard) on the same database, no exports."""
    output = run(
        [str(PYTHON), "bench/desk_dashboard.py"],
        env={
            **server.env,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BENCH_DASHBOARD_EXPORTS": "0",
        },
    )
    return _desk_pages(output)


def changelog(server: Server) -> list[Row]:
    """bench/changelog_render.py: adds one article with 50 revisions to the bench database."""
    output = run(
        [str(PYTHON), "bench/changelog_render.py"],
        env={**server.env, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    ).strip()
    found = re.search(r"median ([\d.]+) ms.*?; (\d+) queries", output)
    return [
        Row(
            "changelog page with 50 revisions (median of 20 renders)",
            f"{float(found.group(1)):.1f} ms, {found.group(2)} queries",
            "< 100 ms",
        )
    ]


# --------------------------------------------------------------------------- anchoring


def timings_ms(function, repeat: int) -> tuple[float, float]:
    """Median and 95th percentile of `repeat` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[-1]


def generated_article(words: int) -> str:
    # Reproducible filler, not security: a seeded generator is what we want.
    rng = random.Random(10_000)  # noqa: S311
    paragraphs = []
    while words > 0:
        size = min(words, rng.randint(40, 90))
        paragraphs.append(" ".join(rng.choices(LOAD_WORDS, k=size)).capitalize() + ".")
        words -= size
    return "\n".join(paragraphs)


def anchoring(server: Server) -> list[Row]:
    text = generated_article(10_000)
    # A passage three quarters of the way in, about one sentence long.
    start = text.index(" ", len(text) * 3 // 4) + 1
    end = text.index(" ", start + 60)
    quote = text[start:end]
    prefix, suffix = context(text, start, end)
    found = locate(text, quote=quote, prefix=prefix, suffix=suffix, hint=start)
    assert found is not None and found.start == start, "the exact benchmark must find the quote"
    exact = timings_ms(
        lambda: locate(text, quote=quote, prefix=prefix, suffix=suffix, hint=start), 500
    )

    # An edit that moves the passage (a paragraph added above it) and changes one of its
    # words, so the passage must be found again by fuzzy matching.
    first_word = quote.split(" ", 1)[0]
    edited_quote = quote.replace(first_word, first_word.upper(), 1)
    new_text = (
        "An editor added this paragraph at the top.\n" + text[:start] + edited_quote + text[end:]
    )
    arguments = {"start": start, "end": end, "quote": quote, "prefix": prefix, "suffix": suffix}
    anchor = reanchor(text, new_text, **arguments)
    assert anchor.state is AnchorState.FUZZY, f"expected a fuzzy re-anchor, got {anchor.state}"
    assert new_text[anchor.start : anchor.end] == edited_quote
    # Each call diffs afresh: reanchor caches the last few diffs (every open report of an
    # article follows the same edit), which would otherwise time a cache hit.
    fuzzy = timings_ms(
        lambda: (anchoring_module.clear_diff_cache(), reanchor(text, new_text, **arguments)), 200
    )
    words = f"{len(text.split()):,}-word text, {len(quote)}-character quote"
    return [
        Row(
            f"anchoring: exact locate ({words}), median / p95",
            f"{exact[0]:.3f} / {exact[1]:.3f} ms",
            "< 1 ms",
        ),
        Row(
            "anchoring: fuzzy re-anchor after an edit, median / p95",
            f"{fuzzy[0]:.2f} / {fuzzy[1]:.2f} ms",
            "p95 < 10 ms",
        ),
    ]


def anchoring_precision(server: Server) -> list[Row]:
    """Right / wrong / orphaned on the seeded newsroom generator (bench/anchoring_precision.py)."""
    from anchoring_precision import rows

    return [Row(*row) for row in rows()]


BENCHMARKS = [
    article_page_vs_healthz,
    cached_page_vs_floor,
    uncached_render_cpu,
    article_page_vs_wordpress,
    suggestion_post_vs_healthz,
    desk_queue,
    desk_dashboard,
    changelog,
    anchoring,
    anchoring_precision,
]


# --------------------------------------------------------------------------- set-up


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    log("installing wrk (Debian package)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)  # noqa: S607


def fresh_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"bench: unexpected database name {name!r}")
    admin_url = parts._replace(path="/postgres").geturl()
    try:
        connection = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise SystemExit(f"bench: PostgreSQL does not answer ({error}); start it first.") from None
    with connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def free_port() -> int:
    for port in random.sample(range(18000, 19000), 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("bench: no free port between 18000 and 18999")


def wait_until_healthy(url: str, gunicorn: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            raise SystemExit("bench: gunicorn exited while starting")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"bench: {url} did not answer 200 within {seconds} s")


def start_gunicorn(port: int, env: dict[str, str], directory: Path = ROOT) -> subprocess.Popen:
    """The bench's gunicorn serving the checkout in ``directory`` (this one by default)."""
    return subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            # The site, plus /bench-floor: a constant body from the same server.
            "bench.floor_wsgi",
            "--chdir",
            str(directory),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(GUNICORN_THREADS),
            # Each worker takes its share of wrk's connections. Left to which worker
            # accepts first, all 16 sometimes landed on one, holding a pure-Python round
            # (/healthz) to one core: half its rate, and a ratio against it twice as high.
            "--worker-connections",
            str(WRK_CONNECTIONS // GUNICORN_WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=directory,
        env=env,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def previous_figures(path: Path = RESULTS) -> dict[tuple[str, int], str]:
    """What each row measured in the last run's table (empty when there is none)."""
    if not path.exists():
        return {}
    figures, seen = {}, Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and line.startswith("| ") and cells[0] not in {"benchmark", "---"}:
            # Some rows repeat (failed responses after each throughput table): by order.
            seen[cells[0]] += 1
            figures[(cells[0], seen[cells[0]])] = cells[1]
    return figures


def table(rows: list[Row], server: Server, previous: dict | None = None) -> str:
    cache = "Redis" if server.env.get("REDIS_URL") else "per-process memory"
    previous = previous or {}
    seen = Counter()
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; "
        f"gunicorn ({GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads), "
        f"PostgreSQL, {cache} cache, "
        f"{ARTICLES:,} generated articles; wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS}; "
        f"load average {os.getloadavg()[0]:.1f} at the end (the machine is shared).",
        "",
        "| benchmark | measured | previous run | target |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        seen[row.what] += 1
        before = previous.get((row.what, seen[row.what]), "")
        lines.append(f"| {row.what} | {row.measured} | {before} | {row.target} |")
    return "\n".join(lines) + "\n"


def bench_env(port: int, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        # As in production: notifications are enqueued in the database, sent by a worker.
        "TASKS_BACKEND": "newsroom.task_backends.DatabaseBackend",
        **LOAD_TEST_ENV,
    }


@contextlib.contextmanager
def served(*, articles: int, suggestions: int = 0, notes: int = 0):
    """A fresh, seeded bench database served by gunicorn on 127.0.0.1; yields the Server."""
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", bench_env(port, static_root))
    gunicorn = None
    try:
        log(f"fresh database {urlsplit(DATABASE_URL).path.lstrip('/')}")
        fresh_database(DATABASE_URL)
        server.manage("migrate", "--noinput")
        server.manage("seed_demo")
        if articles:
            server.manage("seed_load", "--articles", str(articles))
        if suggestions or notes:
            log(f"seeding {suggestions:,} suggestions and {notes:,} notes")
            started = time.monotonic()
            server.manage(
                "seed_load_suggestions", "--suggestions", str(suggestions), "--notes", str(notes)
            )
            server.seconds_seeding = time.monotonic() - started
        server.manage("collectstatic", "--noinput")
        log(f"gunicorn on {server.base_url}")
        gunicorn = start_gunicorn(port, server.env)
        wait_until_healthy(server.base_url + "/healthz", gunicorn)
        yield server
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        shutil.rmtree(static_root, ignore_errors=True)


def main() -> None:
    started = time.monotonic()
    # SIGTERM (e.g. a timeout) unwinds like Ctrl+C, so gunicorn is always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ensure_wrk()
    with served(articles=ARTICLES, suggestions=QUEUE_SUGGESTIONS, notes=QUEUE_NOTES) as server:
        rows = []
        only = set(os.environ.get("BENCH_ONLY", "").split(",")) - {""}
        for benchmark in BENCHMARKS:
            if only and benchmark.__name__ not in only:
                continue
            log(benchmark.__name__)
            rows += benchmark(server)
    output = table(rows, server, previous_figures())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(output, encoding="utf-8")
    print(output)
    log(f"done in {time.monotonic() - started:.0f} s; table written to {RESULTS}")


if __name__ == "__main__":
    main()
