"""The desk's queue stops counting at a cap, and can still be paged through to its end."""

import re

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from corrections.models import Suggestion
from corrections.paginators import COUNT_CAP, CappedCountPaginator
from factories import make_article, make_suggestion

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:corrections_suggestion_changelist")
ALL = f"{QUEUE}?status=all"


@pytest.fixture
def small_pages(monkeypatch):
    """Two reports a page, counted up to five: twelve reports are "more than 5"."""
    monkeypatch.setattr(site.get_model_admin(Suggestion), "list_per_page", 2)
    monkeypatch.setattr(CappedCountPaginator, "count_cap", 5)


def make_reports(count: int) -> list[Suggestion]:
    article = make_article()
    first = make_suggestion(article=article, quote="")
    copies = []
    for number in range(count - 1):
        copy = Suggestion.objects.get(pk=first.pk)
        copy.pk = None
        copy.explanation = f"Report {number + 2}."
        copy.idempotency_key = f"copy-{number}"
        copy.token = f"token-{number}"
        copies.append(copy)
    Suggestion.objects.bulk_create(copies)
    return list(Suggestion.objects.all())


def page_numbers(html: str) -> list[str]:
    """The page numbers and ellipses the pagination shows, in order."""
    nav = re.search(r'<nav class="paginator".*?</nav>', html, re.DOTALL).group()
    return re.findall(r"<li>\s*(?:<a [^>]*>|<span [^>]*>)?([^<]+?)\s*<", nav)


def next_page(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def rows(response) -> list[int]:
    return [suggestion.pk for suggestion in response.context["cl"].result_list]


def test_a_short_list_is_counted_exactly_and_paged_as_before(editor_client, small_pages):
    make_reports(5)

    response = editor_client.get(ALL)

    html = response.content.decode()
    assert "5 suggestions" in html
    assert "more than" not in html
    assert page_numbers(html) == ["1", "2", "3"]
    assert "Next page" not in html


def test_a_long_list_says_more_than_the_cap_and_names_no_last_page(editor_client, small_pages):
    make_reports(40)

    response = editor_client.get(ALL)

    html = response.content.decode()
    assert "more than 5 suggestions" in html
    assert "40 suggestions" not in html and "6 suggestions" not in html
    # The count shows that three pages exist, not how many follow: no link to page 20.
    assert page_numbers(html) == ["1", "2", "3", "Next page"]
    assert next_page(html) == "?p=2&status=all"
    assert "Select all suggestions in this list (more than 5)" in html
    assert "All suggestions in this list selected (more than 5)" in html
    assert not re.search(r"Select all \d+", html)


def test_the_count_reads_at_most_the_cap_plus_one_rows(
    editor_client, small_pages, django_assert_num_queries
):
    make_reports(12)

    with django_assert_num_queries(7) as captured:
        response = editor_client.get(ALL)

    assert response.status_code == 200
    counts = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1
    assert re.search(r"LIMIT 6\b", counts[0]), counts[0]


def test_every_report_is_reached_by_following_next_page_past_the_counted_ones(
    editor_client, small_pages
):
    reports = make_reports(11)
    seen, url, pages = [], ALL, 0
    while url:
        response = editor_client.get(url)
        assert response.status_code == 200
        seen += rows(response)
        pages += 1
        found = next_page(response.content.decode())
        url = QUEUE + found if found else None

    assert pages == 6
    assert sorted(seen) == sorted(report.pk for report in reports)
    assert len(seen) == len(set(seen))
    # The last page knows it is the last: no ellipsis after it, no next page.
    assert page_numbers(response.content.decode())[-1] == "6"


def test_a_page_past_the_end_of_an_uncounted_list_is_refused_as_any_missing_page(
    editor_client, small_pages
):
    make_reports(11)

    response = editor_client.get(f"{ALL}&p=7")

    # The admin's own answer to a page that does not exist.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_broad_search_says_more_than_the_cap_in_its_result_count(editor_client, small_pages):
    make_reports(12)

    html = editor_client.get(QUEUE, {"q": "report", "status": "all"}).content.decode()

    assert "more than 5 results" in html
    assert "12 results" not in html


def test_the_capped_count_speaks_ukrainian(editor_client, small_pages):
    make_reports(12)

    html = editor_client.get(ALL, {"q": "report"}, headers={"Accept-Language": "uk"})
    html = html.content.decode()

    assert "понад 5 пропозицій" in html
    assert "понад 5 результатів" in html
    assert "Наступна сторінка" in html
    assert "Вибрати всі пропозиції в цьому списку (понад 5)" in html


def test_the_real_cap_is_a_thousand_and_is_written_with_its_separator(editor_client):
    make_reports(COUNT_CAP + 1)

    english = editor_client.get(ALL).content.decode()
    ukrainian = editor_client.get(ALL, headers={"Accept-Language": "uk"}).content.decode()

    assert "more than 1,000 suggestions" in english
    assert "понад 1\xa0000 пропозицій" in ukrainian
