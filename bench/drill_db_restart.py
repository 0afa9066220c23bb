"""Failure drill: PostgreSQL restarted while readers are sending suggestions.

    .venv/bin/python bench/drill_db_restart.py        # or: make drill-db-restart

Serves a fresh bench database (bench/run.py: BENCH_DATABASE_URL, default nr_bench, dropped
and created afresh) with gunicorn on 127.0.0.1, and sends a steady stream of suggestions
over DRILL_CONNECTIONS connections (default 8) for DRILL_SECONDS (default 12), each with
its own idempotency key; the client keeps every key and the last answer to it. After
DRILL_RESTART_AFTER seconds (default 3) it restarts the machine's PostgreSQL with
`pg_ctlcluster --skip-systemctl-redirect 15 main restart` (DRILL_RESTART_COMMAND to
change it). Meanwhile it asks for /healthz and the article page every 0.2 s.

Then, like the dialog, it sends every suggestion whose answer was a 5xx or a connection
error again with the SAME idempotency key until it is accepted (every 0.5 s rather than
after the 30 s of Retry-After, to keep the drill short), and checks the database: each key
must be exactly one row. It prints what readers saw and PASS, or FAIL and exit status 1.

This restarts the machine's shared PostgreSQL: anything else using it sees a brief outage.
"""

import asyncio
import os
import secrets
import shlex
import signal
import sys
import time
from collections import Counter

from loadgen import Connection, Sent, post_suggestion, stored_keys, suggestion_form, tally
from run import DATABASE_URL, article_path, log, served

CONNECTIONS = int(os.environ.get("DRILL_CONNECTIONS", 8))
SECONDS = float(os.environ.get("DRILL_SECONDS", 12))
RESTART_AFTER = float(os.environ.get("DRILL_RESTART_AFTER", 3))
RESTART_COMMAND = shlex.split(
    os.environ.get(
        "DRILL_RESTART_COMMAND", "pg_ctlcluster --skip-systemctl-redirect 15 main restart"
    )
)
RETRY_ROUNDS = 60
RETRY_PAUSE = 0.5


def failed(sent: Sent) -> bool:
    return sent.status not in (200, 201)


async def stream(base_url, form, run_id, record, deadline) -> None:
    """Each connection sends new suggestions one after another until the deadline."""

    async def worker(number: int) -> None:
        connection = Connection(base_url, timeout=15)
        sequence = 0
        try:
            while time.monotonic() < deadline:
                key = f"{run_id}-{number:02d}-{sequence:05d}"
                sequence += 1
                body = form.body(key=key, explanation=f"Drill report {key}.")
                record[key] = sent = Sent(body)
                await post_suggestion(connection, form, sent)
                if failed(sent):
                    await asyncio.sleep(0.05)  # a failing server is not hammered
        finally:
            await connection.close()

    await asyncio.gather(*(worker(number) for number in range(CONNECTIONS)))


async def probe(base_url, path, answers: Counter, deadline) -> None:
    """GET `path` every 0.2 s; count the answers (a 503 with or without Retry-After).

    answers["slowest ms"] is the longest wait for an answer.
    """
    connection = Connection(base_url, timeout=10)
    try:
        while time.monotonic() < deadline:
            asked = time.monotonic()
            try:
                response = await connection.request("GET", path)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
                answers["connection error"] += 1
            else:
                label = str(response.status)
                if response.status == 503:
                    has = "retry-after" in response.headers
                    label += " with Retry-After" if has else " without Retry-After"
                answers[label] += 1
            waited = round((time.monotonic() - asked) * 1000)
            answers["slowest ms"] = max(answers["slowest ms"], waited)
            await asyncio.sleep(0.2)
    finally:
        await connection.close()


async def restart_database(after: float, outcome: dict) -> None:
    await asyncio.sleep(after)
    log("restarting PostgreSQL: " + shlex.join(RESTART_COMMAND))
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *RESTART_COMMAND, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    outcome["seconds"] = time.monotonic() - started
    outcome["returncode"] = process.returncode
    outcome["output"] = output.decode(errors="replace").strip()


async def retry_failed(base_url, form, record: dict[str, Sent]) -> list[str]:
    """Send each failed suggestion again, same key, until accepted; returns the keys retried."""
    retried = [key for key, sent in record.items() if failed(sent)]
    connection = Connection(base_url, timeout=15)
    try:
        for _ in range(RETRY_ROUNDS):
            waiting = [key for key in retried if failed(record[key])]
            if not waiting:
                break
            for key in waiting:
                await post_suggestion(connection, form, record[key])
            await asyncio.sleep(RETRY_PAUSE)
    finally:
        await connection.close()
    return retried


async def drill(server, form, article: str, run_id: str) -> dict:
    record: dict[str, Sent] = {}
    healthz, article_page = Counter(), Counter()
    restart: dict = {}
    # Fill the page cache first: a cached article page needs no database.
    warm = Connection(server.base_url)
    for _ in range(10):
        await warm.request("GET", article)
    await warm.close()
    deadline = time.monotonic() + SECONDS
    await asyncio.gather(
        stream(server.base_url, form, run_id, record, deadline),
        probe(server.base_url, "/healthz", healthz, deadline),
        probe(server.base_url, article, article_page, deadline),
        restart_database(RESTART_AFTER, restart),
    )
    during = tally(record)
    statuses = Counter(str(sent.status) for sent in record.values())
    retry_after = Counter(
        "with Retry-After" if value else "without Retry-After"
        for sent in record.values()
        for value in sent.retry_after
    )
    retried = await retry_failed(server.base_url, form, record)
    return {
        "record": record,
        "during": during,
        "statuses": statuses,
        "retry_after": retry_after,
        "retried": retried,
        "healthz": healthz,
        "article_page": article_page,
        "restart": restart,
    }


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_id = f"drill{secrets.token_hex(4)}"
    with served(articles=0) as server:
        article = article_path(server)
        form = suggestion_form(server.base_url, article, secret_key=server.env["DJANGO_SECRET_KEY"])
        result = asyncio.run(drill(server, form, article, run_id))
        stored = stored_keys(DATABASE_URL, run_id)
    record, retried = result["record"], result["retried"]
    restart = result["restart"]
    final = Counter(str(record[key].status) for key in retried)
    lost = [key for key, sent in record.items() if not stored[key]]
    doubled = [key for key, count in stored.items() if count > 1]
    other_5xx = sum(
        count
        for status, count in result["statuses"].items()
        if status.startswith("5") and status != "503"
    )
    still_failing = [key for key in retried if failed(record[key])]

    def counts(counter: Counter) -> str:
        return ", ".join(f"{name} {count:,}" for name, count in sorted(counter.items())) or "none"

    print(
        f"PostgreSQL restart: exit {restart.get('returncode')} after "
        f"{restart.get('seconds', 0):.1f} s {restart.get('output', '')}".rstrip()
    )
    print(f"suggestions sent during the drill: {len(record):,} over {CONNECTIONS} connections")
    print(f"  first answers: {counts(result['statuses'])}")
    print(f"  503s: {counts(result['retry_after'])}")
    print(f"  other 5xx: {other_5xx}")
    print(f"/healthz meanwhile: {counts(result['healthz'])}")
    print(f"article page meanwhile: {counts(result['article_page'])}")
    print(
        f"retried with the same key: {len(retried):,}; final answers {counts(final)} "
        "(200: the first attempt had been stored, the retry found it)"
    )
    print(
        f"rows: {sum(stored.values()):,} for {len(record):,} keys; "
        f"keys without a row {len(lost)}, keys with more than one {len(doubled)}"
    )
    problems = []
    if restart.get("returncode") != 0:
        problems.append("PostgreSQL did not restart")
    if other_5xx:
        problems.append(f"{other_5xx} 5xx other than 503")
    if result["retry_after"]["without Retry-After"]:
        problems.append("503 without Retry-After")
    if still_failing:
        problems.append(f"{len(still_failing)} suggestions never accepted")
    if lost or doubled:
        problems.append(f"{len(lost)} lost, {len(doubled)} duplicated")
    if problems:
        print("FAIL: " + "; ".join(problems))
        raise SystemExit(1)
    print("PASS: readers saw 503 with Retry-After, every retry succeeded, one row per key")


if __name__ == "__main__":
    main()
