"""The desk's search can use the trigram indexes of migration 0006 (PostgreSQL only)."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from corrections.models import Suggestion
from factories import make_article, make_suggestion

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
    ),
]

INDEXES = {"suggestion_quote_trgm", "suggestion_replacement_trgm", "suggestion_explanation_trgm"}


def _search(term: str):
    """The queryset the admin's own search builds for `term`, as the queue runs it."""
    request = RequestFactory().get("/admin/corrections/suggestion/", {"q": term})
    request.user = User(is_superuser=True, is_staff=True)
    model_admin = site.get_model_admin(Suggestion)
    queryset, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), term)
    return queryset


def _plan_of_count(queryset) -> str:
    """The plan of the COUNT(*) the admin's paginator runs over every match."""
    with CaptureQueriesContext(connection) as queries:
        queryset.count()
    # A handful of test rows is cheaper to read whole than through any index, so the
    # planner is told to avoid sequential scans when it can: what is checked is that the
    # search's expression matches the indexed one, which only then shows in the plan.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_indexes_exist_on_the_indexed_expression():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            ["corrections_suggestion"],
        )
        definitions = dict(cursor.fetchall())
    assert definitions.keys() >= INDEXES
    for name in INDEXES:
        assert "USING gin" in definitions[name]
        assert "upper(" in definitions[name]
        assert "gin_trgm_ops" in definitions[name]


@pytest.mark.parametrize("term", ["harbour", "replacement 12345", '"wall before"', "WALL"])
def test_the_admin_search_reads_the_trigram_indexes_not_the_whole_table(term):
    article = make_article()
    for number in range(20):
        make_suggestion(article=article, explanation=f"Report {number} about the wall.")
    sql = str(_search(term).query)
    assert "UPPER(" in sql and "LIKE" in sql  # the admin's icontains, as emitted
    plan = _plan_of_count(_search(term))
    assert "Seq Scan on corrections_suggestion" not in plan, plan
    assert any(name in plan for name in INDEXES), plan


def test_the_search_finds_what_it_should():
    article = make_article()
    wanted = make_suggestion(article=article, replacement="replacement 12345")
    make_suggestion(article=article, replacement="replacement 54321", quote="")
    assert list(_search("replacement 12345")) == [wanted]
    assert list(_search("REPLACEMENT 1234")) == [wanted]


def test_a_broad_search_reads_one_page_of_open_reports_in_queue_order(client, monkeypatch):
    """A search that matches most open reports must not sort every match to show 50.

    The page's rows come from an index in the queue's own order, read until a page is full.
    """
    monkeypatch.setattr(site.get_model_admin(Suggestion), "list_per_page", 5)
    article = make_article()
    for number in range(20):
        make_suggestion(article=article, explanation=f"Report {number} about the wall.")
    client.force_login(User.objects.create_superuser("desk", "desk@example.com", "x"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/corrections/suggestion/", {"q": "report"})
    assert response.status_code == 200
    page_query = next(
        query["sql"]
        for query in queries.captured_queries
        if "LIMIT" in query["sql"] and "COUNT(" not in query["sql"] and "UPPER(" in query["sql"]
    )
    with connection.cursor() as cursor:
        # As above: a handful of rows is cheapest to sort, so the planner is told not to.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + page_query)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "suggestion_open_triage_order" in plan, plan
    assert "Sort" not in plan, plan
