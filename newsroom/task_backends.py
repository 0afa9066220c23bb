"""django_tasks_db's database backend, writing each task's row with an INSERT compiled once.

A reader's suggestion enqueues its notification in the same transaction (one commit for
both rows); building that row through the ORM cost the POST as much as the suggestion's
own. The row is the one django_tasks_db writes, with the same values.
"""

import functools

from django_tasks_db.backend import DatabaseBackend as StoredTasksBackend
from django_tasks_db.compat import normalize_json, task_enqueued

from .prepared import PreparedInsert


@functools.cache
def _task_insert() -> PreparedInsert:
    # The model is imported when first needed, as django_tasks_db does: backends can be
    # made before the app registry is ready.
    from django_tasks_db.models import DBTaskResult

    return PreparedInsert(DBTaskResult)


class DatabaseBackend(StoredTasksBackend):
    def enqueue(self, task, args, kwargs):
        # As django_tasks_db's, with the result (task, backend and all) built once, not
        # once for the signal and again for the caller.
        self.validate_task(task)
        result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def _task_to_db_task(self, task, args, kwargs):
        insert = _task_insert()
        row = insert.model(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
        insert.save(row)
        return row
