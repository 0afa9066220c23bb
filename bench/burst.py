"""Load without loss: a burst of reader suggestions, and every 2xx answer is a stored row.

    .venv/bin/python bench/burst.py        # or: make burst

Serves a fresh bench database (see bench/run.py: BENCH_DATABASE_URL, default nr_bench,
dropped and created afresh; the demo newsroom only) with gunicorn on 127.0.0.1, rate limits
raised, and POSTs BURST_REQUESTS suggestions (default 20,000) over BURST_CONNECTIONS
keep-alive connections (default 64), each with its own idempotency key and explanation,
stopping early after BURST_SECONDS (default 900). It prints the answers by status class,
the rows stored and PASS when every 201 is exactly one row, every 200 (an idempotent
replay, not expected here) names a stored row, no row lacks a 2xx answer and nothing
answered 5xx; otherwise FAIL and exit status 1.

The client is asyncio on raw sockets (bench/loadgen.py): one process holds all 64
connections on a 2-core machine and records the answer to every key, which wrk cannot.
"""

import asyncio
import os
import secrets
import signal
import sys
import time
from collections import Counter

from loadgen import post_many, stored_keys, suggestion_form, tally
from run import DATABASE_URL, article_path, log, served

REQUESTS = int(os.environ.get("BURST_REQUESTS", 20_000))
CONNECTIONS = int(os.environ.get("BURST_CONNECTIONS", 64))
SECONDS = float(os.environ.get("BURST_SECONDS", 900))


def verdict(record, stored: Counter) -> list[str]:
    """What went wrong, if anything: each 201 one row, no 5xx, no row without an answer."""
    problems = []
    by_status = Counter(sent.status for sent in record.values())
    fives = sum(count for status, count in by_status.items() if str(status).startswith("5"))
    if fives:
        problems.append(f"{fives} answers 5xx")
    lost = [key for key, sent in record.items() if sent.status in (200, 201) and not stored[key]]
    if lost:
        problems.append(f"{len(lost)} keys answered 2xx without a row, e.g. {lost[:3]}")
    doubled = [key for key, count in stored.items() if count > 1]
    if doubled:
        problems.append(f"{len(doubled)} keys stored more than once")
    unanswered = [key for key in stored if key in record and record[key].status not in (200, 201)]
    if unanswered:
        problems.append(f"{len(unanswered)} rows whose POST got no 2xx (stored, answer lost)")
    strangers = set(stored) - set(record)
    if strangers:
        problems.append(f"{len(strangers)} rows with keys this run never sent")
    return problems


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_id = f"burst{secrets.token_hex(4)}"
    keys = [f"{run_id}-{number:06d}" for number in range(REQUESTS)]
    with served(articles=0) as server:
        form = suggestion_form(
            server.base_url, article_path(server), secret_key=server.env["DJANGO_SECRET_KEY"]
        )
        log(f"{REQUESTS:,} POSTs over {CONNECTIONS} connections, at most {SECONDS:.0f} s")
        record = {}
        started = time.monotonic()
        asyncio.run(
            post_many(
                server.base_url,
                form,
                keys,
                connections=CONNECTIONS,
                deadline=started + SECONDS,
                record=record,
            )
        )
        elapsed = time.monotonic() - started
        stored = stored_keys(DATABASE_URL, run_id)
    classes = tally(record)
    statuses = Counter(sent.status for sent in record.values())
    rows = sum(stored.values())
    problems = verdict(record, stored)
    print(f"sent {len(record):,} of {REQUESTS:,} POSTs over {CONNECTIONS} connections")
    print(f"in {elapsed:.1f} s ({len(record) / elapsed:,.0f} req/s)")
    print("answers: " + ", ".join(f"{name} {count:,}" for name, count in sorted(classes.items())))
    print(
        "statuses: "
        + ", ".join(f"{name} {count:,}" for name, count in sorted(statuses.items(), key=str))
    )
    print(f"201 created: {statuses[201]:,}; 200 replays: {statuses[200]:,}; new rows: {rows:,}")
    if problems:
        print("FAIL: " + "; ".join(problems))
        raise SystemExit(1)
    print("PASS: every 2xx is a row, no 5xx")


if __name__ == "__main__":
    main()
