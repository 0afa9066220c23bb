"""The database task backend with the compiled INSERT writes django_tasks_db's own row."""

import pytest
from django.db import connection
from django.tasks.signals import task_enqueued
from django.test.utils import CaptureQueriesContext
from django_tasks_db.backend import DatabaseBackend as LibraryBackend
from django_tasks_db.models import DBTaskResult

from corrections import tasks
from newsroom.task_backends import DatabaseBackend

pytestmark = pytest.mark.django_db


def row(result) -> dict:
    values = DBTaskResult.objects.filter(id=result.id).values().get()
    values.pop("id")
    values.pop("enqueued_at")
    return values


def test_the_row_is_the_one_django_tasks_db_writes():
    task = tasks.notify_new_suggestion
    theirs = LibraryBackend("default", {}).enqueue(task, [42], {})
    heard = []

    def receiver(sender, task_result, **kwargs):
        heard.append(task_result.id)

    task_enqueued.connect(receiver)
    try:
        with CaptureQueriesContext(connection) as queries:
            ours = DatabaseBackend("default", {}).enqueue(task, [42], {})
    finally:
        task_enqueued.disconnect(receiver)
    assert [query["sql"].split()[0] for query in queries] == ["INSERT"]
    assert row(ours) == row(theirs)
    assert heard == [ours.id]
    assert ours.id != theirs.id
    stored = DBTaskResult.objects.get(id=ours.id)
    assert stored.task_result.args == [42]
    assert stored.enqueued_at == ours.enqueued_at


def test_a_deferred_or_prioritised_task_keeps_its_run_after_and_priority(settings):
    from datetime import UTC, datetime

    settings.TASKS = {"default": {"BACKEND": "newsroom.task_backends.DatabaseBackend"}}
    later = datetime(2030, 1, 1, tzinfo=UTC)
    task = tasks.notify_new_suggestion.using(run_after=later, priority=7)
    result = task.enqueue(1, attempt=2)
    stored = DBTaskResult.objects.get(id=result.id)
    assert (stored.run_after, stored.priority) == (later, 7)
    assert stored.args_kwargs == {"args": [1], "kwargs": {"attempt": 2}}
