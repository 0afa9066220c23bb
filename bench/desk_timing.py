"""The desk benchmarks' timing loop: one page through Django's test client, a few times.

Used by bench/desk_queue.py and bench/desk_dashboard.py once Django is set up.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def measure(client: Client, url: str, rounds: int) -> tuple[float, float, int, int]:
    """The median time in ms (a streamed body read to its last byte), the median of that
    spent in the database, the query count of the last round, and the streamed size."""
    timings, database = [], []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            size = sum(len(chunk) for chunk in response) if response.streaming else 0
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        database.append(sum(float(query["time"]) for query in queries) * 1000)
    return statistics.median(timings), statistics.median(database), len(queries), size
