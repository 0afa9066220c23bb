"""Suggestion POST ÷ /healthz for two or more checkouts of the site, side by side in one run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench_post \
    REDIS_URL=redis://127.0.0.1:6379/14 \
    .venv/bin/python bench/compare_post.py before=/tmp/site-before after=.

Each LABEL=DIRECTORY is a checkout (e.g. `git archive <commit> | tar -x -C DIR`, with the
.mo files copied in) served by its own gunicorn, configured as `make bench` configures
its own, on the database `make bench` last seeded (BENCH_ONLY=suggestion_post_vs_healthz
is enough). The checkouts take turns, ROUNDS times: wrk on /healthz, then wrk POSTing
suggestions, so a change in the machine's load hits them all alike. Printed per checkout:
medians of the POST and /healthz rates and of their ratio, the gunicorn workers' CPU time
per POST and per /healthz request and that of the PostgreSQL backends serving the bench
database (both from /proc), and the rows stored against the 2xx
answers (every 2xx must be a row).
"""

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402
from loadgen import stored_keys, suggestion_form  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))


def database_cpu_seconds() -> float:
    """CPU time so far of the PostgreSQL backends serving the bench database (from /proc).

    Only the servers under test connect to it, one at a time under load.
    """
    import psycopg

    url = urlsplit(bench.DATABASE_URL)._replace(query="").geturl()
    with psycopg.connect(url) as connection:
        pids = [
            pid
            for (pid,) in connection.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def measured(server, gunicorn, run) -> tuple:
    """The load, and the workers' and the database's CPU per request in ms."""
    before, database_before = bench.worker_cpu_seconds(gunicorn), database_cpu_seconds()
    load = run()
    cpu = bench.worker_cpu_seconds(gunicorn) - before
    database = database_cpu_seconds() - database_before
    requests = max(1, load.requests)
    return load, cpu / requests * 1000, database / requests * 1000


def main() -> None:
    checkouts = [argument.split("=", 1) for argument in sys.argv[1:]]
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    servers = {}
    try:
        for label, directory in checkouts:
            port = bench.free_port()
            env = bench.bench_env(port, static_root)
            directory = Path(directory).resolve()
            if not (directory / "newsroom" / "task_backends.py").exists():
                # A checkout from before newsroom's backend: the library's own.
                env["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
            subprocess.run(  # noqa: S603
                [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=directory,
                env=env,
                check=True,
            )
            gunicorn = bench.start_gunicorn(port, env, directory)
            server = bench.Server(f"http://127.0.0.1:{port}", env)
            bench.wait_until_healthy(server.base_url + "/healthz", gunicorn)
            form = suggestion_form(
                server.base_url, bench.article_path(server), secret_key=env["DJANGO_SECRET_KEY"]
            )
            fields = {
                name: value
                for name, value in form.fields.items()
                if name in {"csrfmiddlewaretoken", "article", "revision"}
            }
            bench.wrk(server.base_url + "/healthz", 1)
            bench.wrk_posts(server, form, fields, 1)
            servers[label] = (server, gunicorn, form, fields, {"h": [], "p": [], "ratio": []})
        for _ in range(ROUNDS):
            for _label, (server, gunicorn, form, fields, results) in servers.items():
                healthz = measured(
                    server, gunicorn, lambda s=server: bench.wrk(s.base_url + "/healthz", SECONDS)
                )
                posts = measured(
                    server,
                    gunicorn,
                    lambda s=server, f=form, d=fields: bench.wrk_posts(s, f, d, SECONDS),
                )
                results["h"].append(healthz)
                results["p"].append(posts)
                results["ratio"].append(
                    posts[0].requests_per_second / healthz[0].requests_per_second
                )
        print(
            "| checkout | POST req/s | /healthz req/s | POST ÷ /healthz | workers' CPU per POST "
            "| per /healthz | PostgreSQL CPU per POST | per /healthz "
            "| 2xx / rows stored / non-2xx |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, (_server, _gunicorn, _form, _fields, results) in servers.items():
            posts = [load for load, *_ in results["p"]]
            answered = sum(load.statuses.get("2xx", 0) for load in posts)
            rows = sum(sum(stored_keys(bench.DATABASE_URL, load.run).values()) for load in posts)
            other = sum(load.errors for load in posts)
            print(
                f"| {label} | {statistics.median(p.requests_per_second for p in posts):,.0f} "
                f"| {statistics.median(h.requests_per_second for h, *_ in results['h']):,.0f} "
                f"| {statistics.median(results['ratio']):.3f} "
                f"({', '.join(f'{r:.3f}' for r in results['ratio'])}) "
                f"| {statistics.median(cpu for _, cpu, _ in results['p']):.2f} ms "
                f"| {statistics.median(cpu for _, cpu, _ in results['h']):.2f} ms "
                f"| {statistics.median(db for _, _, db in results['p']):.2f} ms "
                f"| {statistics.median(db for _, _, db in results['h']):.2f} ms "
                f"| {answered:,} / {rows:,} / {other} |"
            )
        print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    finally:
        for _server, gunicorn, *_ in servers.values():
            bench.stop(gunicorn)


if __name__ == "__main__":
    main()
