"""CSV exports of suggestions and change notes: filtered as the queue, safe to open."""

import csv
import io

import pytest
from desk_users import make_author_user, make_editor, make_user
from django.http import StreamingHttpResponse
from django.urls import reverse

from corrections import exports
from corrections.models import ChangeNote, Suggestion
from factories import make_article, make_author, make_change_note, make_suggestion

pytestmark = pytest.mark.django_db

SUGGESTIONS = reverse("admin:corrections_suggestion_export")
NOTES = reverse("admin:corrections_changenote_export")
READER_DATA = ("reader’s email", "user agent", "keyed hash of the IP address")


def read_csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def with_reader_data(**fields):
    return make_suggestion(
        email="reader@example.org",
        notify_consent=True,
        user_agent="Mozilla/5.0 SecretBrowser",
        ip_hash="f" * 64,
        **fields,
    )


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "  =1+1",
        "＝1+1",
        "=",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_neutralised(value):
    cell = exports.csv_cell(value)
    assert cell == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("more than 60 events", "more than 60 events"),
        ("a = b", "a = b"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (True, "1"),
        ("e-mail", "e-mail"),
    ],
)
def test_ordinary_cells_are_left_as_they_are(value, expected):
    assert exports.csv_cell(value) == expected


# --------------------------------------------------------------------------- suggestions


def test_an_editor_exports_every_suggestion_with_the_reader_data(client):
    client.force_login(make_editor())
    suggestion = with_reader_data(replacement="harbour walls")
    rows = read_csv(client.get(SUGGESTIONS))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(suggestion.pk)
    assert row["quote"] == "harbour wall"
    assert row["suggested correction"] == "harbour walls"
    assert row["status"] == "New"
    assert row["article"] == suggestion.article.title
    assert row["article address"].endswith(suggestion.article.get_absolute_url())
    assert row["reader’s email"] == "reader@example.org"
    assert row["user agent"] == "Mozilla/5.0 SecretBrowser"
    assert row["keyed hash of the IP address"] == "f" * 64


def test_an_author_exports_only_their_articles_and_no_reader_data(client):
    user = make_author_user()
    own = make_article(authors=[make_author(user=user)])
    mine = with_reader_data(article=own)
    with_reader_data()  # someone else's article
    client.force_login(user)
    response = client.get(SUGGESTIONS)
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["id"] for row in rows] == [str(mine.pk)]
    for header in READER_DATA:
        assert header not in rows[0]
    for secret in ("reader@example.org", "SecretBrowser", "f" * 64):
        assert secret not in content


def test_the_export_follows_the_queue_filters_and_search(client):
    client.force_login(make_editor())
    article = make_article()
    open_one = make_suggestion(article=article, explanation="the council said so")
    rejected = make_suggestion(article=article, quote="council", status=Suggestion.Status.REJECTED)
    other = make_suggestion(explanation="nothing to see")

    def ids(query):
        return {row["id"] for row in read_csv(client.get(f"{SUGGESTIONS}?{query}"))}

    assert ids("status=rejected") == {str(rejected.pk)}
    assert ids("q=council+said") == {str(open_one.pk)}
    # The queue opens on open work, and so does its export; other statuses by asking.
    assert ids(f"article={article.pk}") == {str(open_one.pk)}
    assert ids(f"article={article.pk}&status=all") == {str(open_one.pk), str(rejected.pk)}
    assert str(other.pk) in ids("")


def test_a_group_of_reports_on_one_passage_exports_every_report(client):
    client.force_login(make_editor())
    article = make_article()
    # The factory groups them as the reader's POST does.
    group = [make_suggestion(article=article) for _ in range(3)]
    queue = client.get(reverse("admin:corrections_suggestion_changelist"))
    assert len(queue.context["cl"].result_list) == 1  # the queue shows the group once
    for query in ("", f"?article={article.pk}", "?q=harbour", "?status=new"):
        rows = read_csv(client.get(f"{SUGGESTIONS}{query}"))
        assert sorted(row["id"] for row in rows) == sorted(str(s.pk) for s in group), query


def test_formulas_typed_by_readers_arrive_as_text(client):
    client.force_login(make_editor())
    make_suggestion(
        replacement='=HYPERLINK("http://evil.example")',
        explanation="@SUM(1+1)",
        source_url="https://example.org/-1",
    )
    (row,) = read_csv(client.get(SUGGESTIONS))
    assert row["suggested correction"] == '\'=HYPERLINK("http://evil.example")'
    assert row["explanation"] == "'@SUM(1+1)"
    assert row["source"] == "https://example.org/-1"


def test_hidden_fields_cannot_be_probed_through_the_export_filters(client):
    client.force_login(make_editor())
    with_reader_data()
    response = client.get(f"{SUGGESTIONS}?email__startswith=r")
    assert response.status_code == 400
    assert b"reader@example.org" not in response.content


def test_unknown_filters_get_a_400_with_a_message(client):
    client.force_login(make_editor())
    response = client.get(f"{SUGGESTIONS}?created_at__gte=not-a-date")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_the_export_costs_the_same_queries_with_few_or_many_rows(client, django_assert_num_queries):
    client.force_login(make_editor())
    make_suggestion()
    # Session, user, permissions, the changelist's own page, the rows.
    with django_assert_num_queries(7) as few:
        read_csv(client.get(SUGGESTIONS))
    for _ in range(20):
        make_suggestion(article=make_article())
    with django_assert_num_queries(len(few.captured_queries)):
        rows = read_csv(client.get(SUGGESTIONS))
    assert len(rows) == 21


def test_who_may_export(client):
    assert client.get(SUGGESTIONS).status_code == 302  # to the login page
    client.force_login(make_user())
    assert client.get(SUGGESTIONS).status_code == 403
    assert client.get(NOTES).status_code == 403
    client.force_login(make_author_user())
    assert client.get(NOTES).status_code == 403
    assert client.post(SUGGESTIONS).status_code == 405


# --------------------------------------------------------------------------- notes


def test_notes_export_follows_the_change_note_filters(client):
    client.force_login(make_editor())
    correction = make_change_note(kind=ChangeNote.Kind.CORRECTION, text="-1 was wrong")
    make_change_note(kind=ChangeNote.Kind.UPDATE, text="More news.")
    rows = read_csv(client.get(f"{NOTES}?kind__exact=correction"))
    assert [row["id"] for row in rows] == [str(correction.pk)]
    (row,) = rows
    assert row["kind"] == "Correction"
    assert row["public text"] == "'-1 was wrong"
    assert row["revision after"] == str(correction.revision_after.number)
    assert row["address of the note"].endswith(f"#note-{correction.pk}")


def test_the_export_says_which_part_of_the_article_a_report_is_about(client):
    client.force_login(make_editor())
    suggestion = make_suggestion()
    Suggestion.objects.filter(pk=suggestion.pk).update(part=Suggestion.Part.CAPTION)
    (row,) = read_csv(client.get(SUGGESTIONS))
    assert row["part of the article"] == "Picture caption"
