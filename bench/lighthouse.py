"""Lighthouse 12.2.3 (mobile) on a demo article served as in production; prints the scores.

    .venv/bin/python bench/lighthouse.py [--runs N] [--keep-report PATH]

Serves the demo newsroom (on a throwaway SQLite database) with gunicorn and production
settings (DJANGO_DEBUG=0, collectstatic, whitenoise) on 127.0.0.1 and a random port, and
runs Lighthouse with the machine's Chromium (CHROME_PATH, default /usr/bin/chromium).
Lighthouse comes from npm and is installed on first use into LIGHTHOUSE_HOME (default
~/.cache/newsroom-lighthouse), outside the repository. In production a proxy serves the
uploaded images; here `bench/lighthouse_wsgi.py` stands in for it.

Scores on a shared machine are noisy (the performance score counts main-thread time, which
other processes stretch), so it runs Lighthouse --runs times (default 3) and reports each
category's median. Lighthouse treats 127.0.0.1 as a secure origin, so its HTTPS audits
pass here without proving anything about the production proxy's TLS.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PYTHON, free_port, log, run, stop, wait_until_healthy  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_HOME = Path(
    os.environ.get("LIGHTHOUSE_HOME", Path.home() / ".cache" / "newsroom-lighthouse")
)
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
# The demo article with a correction at the top and an update at the end.
ARTICLE = "council-approves-budget-after-late-night-vote"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}


def lighthouse_binary() -> Path:
    binary = LIGHTHOUSE_HOME / "node_modules" / ".bin" / "lighthouse"
    package = LIGHTHOUSE_HOME / "node_modules" / "lighthouse" / "package.json"
    installed = package.exists() and json.loads(package.read_text())["version"]
    if installed != LIGHTHOUSE_VERSION:
        if not shutil.which("npm"):
            raise SystemExit("lighthouse: npm is needed to install Lighthouse")
        log(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_HOME}")
        LIGHTHOUSE_HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603
            [
                shutil.which("npm"),
                "install",
                "--prefix",
                str(LIGHTHOUSE_HOME),
                "--no-audit",
                "--no-fund",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def serve(workdir: Path) -> tuple[subprocess.Popen, str]:
    """Gunicorn with production settings on a fresh demo database; returns the article URL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "lighthouse-only-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    manage = [str(PYTHON), "manage.py"]
    run([*manage, "migrate", "--noinput"], env=env)
    run([*manage, "seed_demo"], env=env)
    run([*manage, "collectstatic", "--noinput"], env=env)
    path = run(
        [
            *manage,
            "shell",
            "--no-imports",
            "-c",
            "from newsroom.models import Article; "
            f"print(Article.objects.get(slug={ARTICLE!r}).get_absolute_url())",
        ],
        env=env,
    ).strip()
    base_url = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bench.lighthouse_wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    wait_until_healthy(base_url + "/healthz", gunicorn)
    return gunicorn, base_url + path


def audit(url: str, report: Path) -> dict:
    subprocess.run(  # noqa: S603
        [
            str(lighthouse_binary()),
            url,
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--quiet",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROME_PATH},
        timeout=300,
    )
    return json.loads(report.read_text())


def score(result: dict, name: str) -> int:
    return round(result["categories"][name]["score"] * 100)


def summary(results: list[dict]) -> str:
    first = results[0]
    lines = [
        f"Lighthouse {first['lighthouseVersion']} ({first['configSettings']['formFactor']}) "
        f"on the demo article with notes, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; gunicorn, "
        f"production settings, 127.0.0.1; median of {len(results)} runs, load average "
        f"{os.getloadavg()[0]:.1f} at the end (the machine is shared).",
        "",
        "| category | median score | all runs | target |",
        "| --- | --- | --- | --- |",
    ]
    for name in CATEGORIES:
        scores = [score(result, name) for result in results]
        title = first["categories"][name]["title"]
        runs = ", ".join(map(str, scores))
        median = round(statistics.median(scores))
        lines.append(f"| {title} | {median} | {runs} | ≥ {TARGETS[name]} |")
    # The audits of the run with the median performance score.
    result = sorted(results, key=lambda result: score(result, "performance"))[len(results) // 2]
    lines += ["", "Audits that did not pass (the median run):"]
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            found = result["audits"][ref["id"]]
            if found["score"] is not None and found["score"] < 1 and ref["weight"] > 0:
                lines.append(f"- {name}: {ref['id']} ({found['title']}): {found['score']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep-report", type=Path, help="write the last run's JSON here")
    args = parser.parse_args()
    lighthouse_binary()
    workdir = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    gunicorn = None
    try:
        gunicorn, url = serve(workdir)
        # Readers get the article from the page cache; the first request only fills it.
        for _ in range(2):
            urllib.request.urlopen(url, timeout=30).close()  # noqa: S310
        log(f"lighthouse on {url}")
        report = args.keep_report or workdir / "report.json"
        results = [audit(url, report) for _ in range(args.runs)]
        print(summary(results))
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
