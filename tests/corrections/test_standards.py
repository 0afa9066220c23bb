"""The standards dashboard: its figures, their queries, its charts and who may see it."""

from datetime import timedelta

import pytest
from desk_users import make_author_user, make_editor, make_user
from django.urls import reverse
from django.utils import timezone

from corrections import standards
from corrections.models import ChangeNote, Suggestion
from factories import make_article, make_author, make_change_note, make_section, make_suggestion
from newsroom.models import Article

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("admin:corrections_suggestion_standards")
NOW = timezone.now()


def reported(*, hours_ago: float, decided_after: float | None = None, status=None, **fields):
    """A suggestion received ``hours_ago``, decided ``decided_after`` hours later."""
    suggestion = make_suggestion(**fields)
    created = NOW - timedelta(hours=hours_ago)
    update = {"created_at": created}
    if decided_after is not None:
        update["decided_at"] = created + timedelta(hours=decided_after)
        update["status"] = status or Suggestion.Status.REJECTED
        if update["status"] == Suggestion.Status.ACCEPTED:
            note = make_change_note(article=suggestion.article)
            ChangeNote.objects.filter(pk=note.pk).update(published_at=update["decided_at"])
            update["change_note"] = note
        if update["status"] == Suggestion.Status.DUPLICATE:
            update["duplicate_of"] = make_suggestion(article=suggestion.article)
    Suggestion.objects.filter(pk=suggestion.pk).update(**update)
    return suggestion


# --------------------------------------------------------------------------- percentiles


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 0.9, 3.7),
        ([1.0, 2.0, 3.0, 4.0, 100.0], 0.5, 3.0),
        ([5.0, 5.0, 5.0], 0.9, 5.0),
    ],
)
def test_percentile_cont_interpolates_between_ranks_like_postgresql(values, fraction, expected):
    result = standards.percentile_cont(values, fraction)
    assert result == (None if expected is None else pytest.approx(expected))


def test_the_database_percentile_matches_the_definition_on_this_backend():
    hours = [1, 2, 3, 10, 50]
    for delay in hours:
        reported(hours_ago=100, decided_after=delay)
    figures = standards.dashboard(standards.Scope(days=30, now=NOW), sections=[]).total
    seconds = [h * 3600.0 for h in hours]
    assert figures.decision_median == pytest.approx(standards.percentile_cont(seconds, 0.5))
    assert figures.decision_p90 == pytest.approx(standards.percentile_cont(seconds, 0.9))
    assert figures.decision_median == pytest.approx(3 * 3600, abs=1)
    assert figures.decision_p90 == pytest.approx(34 * 3600, abs=1)


# --------------------------------------------------------------------------- figures


def test_the_period_counts_received_decided_and_shares():
    for status in [Suggestion.Status.ACCEPTED] + [Suggestion.Status.REJECTED] * 2:
        reported(hours_ago=48, decided_after=2, status=status)
    reported(hours_ago=30, decided_after=1, status=Suggestion.Status.SPAM)
    reported(hours_ago=20)  # still open
    # Outside the last 7 days, received and decided: in the 30-day figures only.
    reported(hours_ago=24 * 20, decided_after=24, status=Suggestion.Status.REJECTED)

    week = standards.dashboard(standards.Scope(days=7, now=NOW), sections=[]).total
    assert (week.received, week.decided) == (5, 4)
    assert (week.accepted, week.rejected, week.spam) == (1, 2, 1)
    assert (week.accepted_share, week.rejected_share, week.spam_share) == (25, 50, 25)
    assert week.decision_median == pytest.approx(2 * 3600, abs=1)
    assert week.published_median == pytest.approx(2 * 3600, abs=1)

    month = standards.dashboard(standards.Scope(days=30, now=NOW), sections=[]).total
    assert (month.received, month.decided, month.rejected) == (6, 5, 3)


def test_a_report_received_before_the_period_but_decided_in_it_counts_as_decided():
    reported(hours_ago=24 * 10, decided_after=24 * 8)
    week = standards.dashboard(standards.Scope(days=7, now=NOW), sections=[]).total
    assert (week.received, week.decided) == (0, 1)
    assert week.decision_median == pytest.approx(8 * 24 * 3600, abs=1)


def test_nothing_decided_gives_no_shares_and_no_times_rather_than_zeros():
    reported(hours_ago=1)
    figures = standards.dashboard(standards.Scope(days=7, now=NOW), sections=[]).total
    assert figures.decided == 0
    assert figures.accepted_share is None
    assert figures.decision_median is None
    assert figures.decision_median_display == "–"


def test_the_open_backlog_is_sorted_by_age_whatever_the_period():
    for hours in (2, 30, 30, 24 * 5, 24 * 10, 24 * 60):
        reported(hours_ago=hours)
    reported(hours_ago=24 * 60, decided_after=1)  # decided: not open
    figures = standards.dashboard(standards.Scope(days=7, now=NOW), sections=[]).total
    assert figures.backlog == [1, 2, 1, 1, 1]
    assert figures.open == 6


def test_figures_per_section_and_per_kind():
    sport, money = make_section(name="Sport"), make_section(name="Money")
    sport_article = make_article(section=sport)
    money_article = make_article(section=money)
    reported(hours_ago=5, article=sport_article, kind=Suggestion.Kind.FACTUAL)
    reported(hours_ago=5, article=sport_article, kind=Suggestion.Kind.TYPO)
    reported(hours_ago=5, decided_after=1, article=money_article, kind=Suggestion.Kind.TYPO)

    board = standards.dashboard(standards.Scope(days=7, now=NOW), sections=standards.all_sections())
    by_section = {row.label: row.figures for row in board.by_section}
    assert by_section["Sport"].received == 2
    assert by_section["Sport"].open == 2
    assert by_section["Money"].decided == 1
    by_kind = {row.label: row.figures for row in board.by_kind}
    assert by_kind["Typo or spelling"].received == 2
    assert by_kind["Factual error"].received == 1
    assert by_kind["Unclear or misleading"].received == 0

    only_sport = standards.dashboard(
        standards.Scope(days=7, section=sport, now=NOW), sections=standards.all_sections()
    )
    assert only_sport.total.received == 2
    assert [row.label for row in only_sport.by_section] == ["Sport"]
    only_typos = standards.dashboard(
        standards.Scope(days=7, kind=Suggestion.Kind.TYPO, now=NOW), sections=[]
    )
    assert only_typos.total.received == 2
    assert [row.label for row in only_typos.by_kind] == ["Typo or spelling"]


def test_corrections_per_100_articles_counts_corrections_on_articles_of_the_period():
    section = make_section()
    articles = [make_article(section=section) for _ in range(4)]
    make_change_note(article=articles[0], kind=ChangeNote.Kind.CORRECTION)
    make_change_note(article=articles[0], kind=ChangeNote.Kind.CORRECTION)
    make_change_note(article=articles[1], kind=ChangeNote.Kind.MINOR_FIX)
    old = make_article(section=section, published_at=NOW - timedelta(days=40))
    make_change_note(article=old, kind=ChangeNote.Kind.CORRECTION)

    figures = standards.dashboard(standards.Scope(days=30, now=NOW), sections=[]).total
    assert (figures.articles, figures.corrections) == (4, 2)
    assert figures.corrections_per_100 == 50.0


def test_the_trend_has_one_point_a_day_or_a_week_and_counts_each_report_once():
    reported(hours_ago=1)
    reported(hours_ago=30, decided_after=2)
    reported(hours_ago=24 * 6)
    week = standards.dashboard(standards.Scope(days=7, now=NOW), sections=[])
    assert week.trend_unit == "day"
    assert len(week.trend) in (7, 8)
    assert sum(point.received for point in week.trend) == 3
    assert sum(point.decided for point in week.trend) == 1

    quarter = standards.dashboard(standards.Scope(days=90, now=NOW), sections=[])
    assert quarter.trend_unit == "week"
    assert len(quarter.trend) in (13, 14)
    assert sum(point.received for point in quarter.trend) == 3


def _many_reports(count: int) -> None:
    sections = [make_section() for _ in range(3)]
    articles = [make_article(section=section) for section in sections]
    statuses = [
        None,
        Suggestion.Status.REJECTED,
        Suggestion.Status.SPAM,
        Suggestion.Status.ACCEPTED,
    ]
    for index in range(count):
        status = statuses[index % len(statuses)]
        reported(
            hours_ago=1 + index * 7,
            decided_after=None if status is None else 3,
            status=status,
            article=articles[index % len(articles)],
            kind=Suggestion.Kind.values[index % 4],
        )


@pytest.mark.parametrize("query", ["days=7", "days=90", "days=90&section=", "kind=factual"])
def test_the_dashboard_costs_the_same_queries_with_few_or_many_reports(
    client, django_assert_num_queries, query
):
    client.force_login(make_editor())
    # 4 for the session, the user and their permissions; 4 for the figures: the sections,
    # the tallies, the times and the articles.
    _many_reports(2)
    if query.endswith("section="):
        query += str(Suggestion.objects.values_list("article__section", flat=True).first())
    url = f"{DASHBOARD}?{query}"
    with django_assert_num_queries(8):
        few = client.get(url)
    _many_reports(40)
    with django_assert_num_queries(8):
        many = client.get(url)
    assert (few.status_code, many.status_code) == (200, 200)
    if "section" not in query:  # the second batch of reports is in sections of its own
        assert many.context["figures"].received > few.context["figures"].received
        assert len(many.context["board"].by_section) == 6


# --------------------------------------------------------------------------- the page


def test_an_editor_sees_the_dashboard_with_its_figures_and_charts(client):
    client.force_login(make_editor())
    reported(hours_ago=3, decided_after=1, status=Suggestion.Status.ACCEPTED)
    reported(hours_ago=2)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Standards dashboard" in html
    assert "<svg" in html
    assert "standards.css" in html
    # Every chart has its figures in text: a table or a title with the counts.
    assert "The figures of this chart" in html
    assert "1 accepted, 0 rejected, 0 spam, 0 duplicates" in html
    assert response.context["figures"].received == 2


def test_the_charts_key_names_the_line_as_reports_decided_in_ukrainian(client):
    # "decided" is also the desk's time of decision ("час рішення"); the line counts reports.
    client.force_login(make_editor())
    reported(hours_ago=3, decided_after=1, status=Suggestion.Status.ACCEPTED)
    html = client.get(DASHBOARD, headers={"Accept-Language": "uk"}).content.decode()
    key = html.split('standards-key-decided"></span>', 1)[1].split("<", 1)[0].strip()
    assert key == "вирішено"


def test_the_page_has_no_inline_style_or_script(client):
    client.force_login(make_editor())
    reported(hours_ago=3, decided_after=1)
    html = client.get(DASHBOARD).content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert "<script>" not in html.replace(" ", "")


def test_the_period_section_and_kind_come_from_the_query_string(client):
    client.force_login(make_editor())
    section = make_section(name="Weather")
    reported(hours_ago=24 * 20, article=make_article(section=section))
    reported(hours_ago=2, kind=Suggestion.Kind.FACTUAL)
    assert client.get(f"{DASHBOARD}?days=7").context["figures"].received == 1
    assert client.get(f"{DASHBOARD}?days=30").context["figures"].received == 2
    response = client.get(f"{DASHBOARD}?days=90&section={section.pk}")
    assert response.context["figures"].received == 1
    assert "Weather" in response.content.decode()
    response = client.get(f"{DASHBOARD}?days=90&kind=factual")
    assert response.context["figures"].received == 1


@pytest.mark.parametrize(
    "query", ["days=5", "days=abc", "section=999999", "section=x", "kind=bogus", "days=7%00"]
)
def test_bad_filters_get_a_400_with_a_message_not_a_500(client, query):
    client.force_login(make_editor())
    response = client.get(f"{DASHBOARD}?{query}")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_an_author_gets_403_not_the_newsroom_figures(client):
    author_user = make_author_user()
    make_author(user=author_user)
    client.force_login(author_user)
    assert client.get(DASHBOARD).status_code == 403


def test_staff_without_the_review_permission_get_403(client):
    client.force_login(make_user())
    assert client.get(DASHBOARD).status_code == 403


def test_anonymous_and_non_staff_are_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
    client.force_login(make_user(staff=False, groups=["Editors"]))
    assert client.get(DASHBOARD).status_code == 302


def test_the_dashboard_only_answers_reads(client):
    client.force_login(make_editor())
    assert client.post(DASHBOARD).status_code == 405


# --------------------------------------------------------------------------- display


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, "–"),
        (0, "0 min"),
        (45 * 60, "45 min"),
        (3.5 * 3600, "3.5 h"),
        (3 * 24 * 3600, "3.0 d"),
    ],
)
def test_waits_read_as_an_editor_says_them(seconds, expected):
    assert standards.duration_display(seconds) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (200, 200), (201, 500)]
)
def test_the_axis_ends_at_a_round_number(value, expected):
    assert standards.nice_ceiling(value) == expected


def test_the_trend_chart_stays_inside_its_box_and_scales_bars_to_the_axis():
    points = [
        standards.TrendPoint(start=NOW, received=received, decided=decided)
        for received, decided in [(0, 0), (10, 4), (20, 20)]
    ]
    chart = standards.trend_chart(points)
    heights = [float(bar.height) for bar in chart.bars]
    assert heights[0] == 0
    assert heights[2] == pytest.approx(2 * heights[1])
    for bar in chart.bars:
        assert chart.left <= float(bar.x) <= chart.right
        assert float(bar.y) + float(bar.height) == pytest.approx(chart.baseline)
    for dot in chart.dots:
        assert 0 <= float(dot.y) <= chart.baseline
    assert [tick.label for tick in sorted(chart.y_ticks, key=lambda t: -float(t.position))] == [
        "0",
        "10",
        "20",
    ]


def test_an_empty_trend_draws_flat_bars_not_a_division_by_zero():
    chart = standards.trend_chart([standards.TrendPoint(start=NOW)])
    assert [bar.height for bar in chart.bars] == ["0.0"]


def test_the_outcome_bar_fills_exactly_the_whole_width():
    figures = standards.Figures(decided=3, accepted=1, rejected=1, spam=1)
    segments = standards.share_bar(figures)
    assert sum(float(segment.width) for segment in segments) == pytest.approx(100, abs=0.2)
    assert float(segments[-1].width) == 0


def test_the_dashboard_is_valid_html(client, tmp_path):
    from test_html_validity import vnu_errors

    from checked_pages import VNU_JAR, require_tool

    require_tool(VNU_JAR, command="java")
    client.force_login(make_editor())
    reported(hours_ago=3, decided_after=1, status=Suggestion.Status.ACCEPTED)
    reported(hours_ago=30)
    pages = {
        f"dashboard {query}": client.get(f"{DASHBOARD}{query}").content.decode()
        for query in ("", "?days=7", "?days=90", "?days=5")
    }
    assert vnu_errors(pages, tmp_path) == {}


def test_chart_dates_read_as_each_language_writes_a_short_date():
    from datetime import datetime

    from django.utils import translation

    point = standards.TrendPoint(start=timezone.make_aware(datetime(2026, 11, 30, 12)))
    assert point.label == "30 Nov"
    with translation.override("uk"):
        # Never the capitalised nominative abbreviation a calendar heading uses ("30 Лис");
        # the genitive ("30 листопада") does not fit a phone's axis.
        assert point.label == "30.11"


def test_trend_days_are_the_newsrooms_days_across_a_change_of_clocks(settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Europe/London"
    now = datetime(2026, 10, 28, 12, tzinfo=UTC)
    # 23:30 UTC on 24 October is 00:30 on the 25th in London (summer time, UTC+1);
    # on the 26th, after the clocks went back, 23:30 UTC is 23:30 in London.
    for moment in (
        datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
        datetime(2026, 10, 26, 23, 30, tzinfo=UTC),
    ):
        suggestion = make_suggestion()
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=moment)
    board = standards.dashboard(standards.Scope(days=7, now=now), sections=[])
    received = {point.label: point.received for point in board.trend if point.received}
    assert received == {"25 Oct": 1, "26 Oct": 1}
    assert len({point.label for point in board.trend}) == len(board.trend)


def test_the_open_figure_links_to_the_same_reports_in_the_queue(client):
    client.force_login(make_editor())
    article = make_article()
    for _ in range(3):
        make_suggestion(article=article)  # one passage: one group of three
    dashboard = client.get(DASHBOARD)
    assert dashboard.context["figures"].open == 3
    queue = client.get(dashboard.context["open_url"])
    assert queue.status_code == 200
    assert len(queue.context["cl"].result_list) == 3


# --------------------------------------------------------------------------- against a reference


def _reference(scope, suggestions, articles) -> dict:
    """Every figure of the dashboard worked out row by row in Python, the plain way."""
    since, now = scope.since, scope.now
    decided_statuses = set(standards.DECIDED_STATUSES)

    def figures_of(rows, article_rows) -> standards.Figures:
        figures = standards.Figures()
        decided = [s for s in rows if s.decided_at and s.decided_at >= since]
        decided = [s for s in decided if s.status in decided_statuses]
        figures.received = sum(s.created_at >= since for s in rows)
        figures.decided = len(decided)
        for status in decided_statuses:
            setattr(figures, status, sum(s.status == status for s in decided))
        for index, (_label, older_than, at_most) in enumerate(standards.BACKLOG_AGES):
            figures.backlog[index] = sum(
                s.status == Suggestion.Status.NEW
                and s.created_at <= now - older_than
                and (at_most is None or s.created_at > now - at_most)
                for s in rows
            )
        waits = [(s.decided_at - s.created_at).total_seconds() for s in decided]
        published = [
            (s.change_note.published_at - s.created_at).total_seconds()
            for s in decided
            if s.status == Suggestion.Status.ACCEPTED
        ]
        if waits:
            figures.decision_median = standards.percentile_cont(waits, 0.5)
            figures.decision_p90 = standards.percentile_cont(waits, 0.9)
        if published:
            figures.published_median = standards.percentile_cont(published, 0.5)
            figures.published_p90 = standards.percentile_cont(published, 0.9)
        period = [a for a in article_rows if since <= a.published_at <= now]
        figures.articles = len(period)
        figures.corrections = sum(
            note.kind == ChangeNote.Kind.CORRECTION for a in period for note in a.notes
        )
        return figures

    rows = [s for s in suggestions if not scope.kind or s.kind == scope.kind]
    if scope.section is not None:
        rows = [s for s in rows if s.article.section_id == scope.section.pk]
        articles = [a for a in articles if a.section_id == scope.section.pk]
    unit = "day" if scope.days <= standards.DAILY_UP_TO else "week"
    received, decided = {}, {}
    for s in rows:
        if s.created_at >= since:
            start = standards.truncate_datetime(s.created_at, unit)
            received[start] = received.get(start, 0) + 1
        if s.decided_at and s.decided_at >= since and s.status in decided_statuses:
            start = standards.truncate_datetime(s.decided_at, unit)
            decided[start] = decided.get(start, 0) + 1
    sections = {s.article.section_id for s in rows} | {a.section_id for a in articles}
    return {
        "total": figures_of(rows, articles),
        "by_section": {
            pk: figures_of(
                [s for s in rows if s.article.section_id == pk],
                [a for a in articles if a.section_id == pk],
            )
            for pk in sections
        },
        "by_kind": {
            kind: figures_of([s for s in rows if s.kind == kind], [])
            for kind in Suggestion.Kind.values
            if not scope.kind or kind == scope.kind
        },
        "received": received,
        "decided": decided,
    }


def _same(figures: standards.Figures, expected: standards.Figures, *, articles: bool) -> None:
    for name in ("received", "decided", "accepted", "rejected", "spam", "duplicate", "backlog"):
        assert getattr(figures, name) == getattr(expected, name), name
    for name in ("decision_median", "decision_p90", "published_median", "published_p90"):
        value, wanted = getattr(figures, name), getattr(expected, name)
        assert value == (None if wanted is None else pytest.approx(wanted, abs=0.01)), name
    if articles:
        assert (figures.articles, figures.corrections) == (expected.articles, expected.corrections)


def _random_desk(rng, now):
    """Reports over three sections (and one quiet one), with every status, waits from
    minutes to weeks, and some received exactly on the edges the figures cut at."""
    sections = [make_section(name=f"Desk {index}") for index in range(4)]
    articles = []
    for section in sections[:3]:
        for days_ago in (2, 20, 60, 120):
            articles.append(
                make_article(section=section, published_at=now - timedelta(days=days_ago))
            )
    notes = {}
    for article in articles:
        for kind in rng.sample(ChangeNote.Kind.values, 2):
            note = make_change_note(article=article, kind=kind)
            notes.setdefault(article.pk, []).append(note)
    models = {article.pk: make_suggestion(article=article) for article in articles}
    edges = [now - timedelta(days=days) for days in (1, 3, 7, 30, 90)] + [
        now - timedelta(days=days, microseconds=1) for days in (1, 7, 30)
    ]
    statuses = list(Suggestion.Status.values)
    rows, created_at = [], []
    for index in range(160):
        article = rng.choice(articles)
        model = models[article.pk]
        status = rng.choice(statuses)
        created = (
            rng.choice(edges)
            if index % 8 == 0
            else now - timedelta(minutes=rng.randrange(130 * 24 * 60))
        )
        decided = None
        if status != Suggestion.Status.NEW:
            decided = min(
                now, created + timedelta(minutes=rng.choice([5, 90, 600, 3000, 20000, 60000]))
            )
        note = rng.choice(notes[article.pk]) if status == Suggestion.Status.ACCEPTED else None
        if note is not None:
            ChangeNote.objects.filter(pk=note.pk).update(
                published_at=decided + timedelta(minutes=rng.randrange(0, 600))
            )
        rows.append(
            Suggestion(
                article=article,
                revision=model.revision,
                quote=model.quote,
                kind=rng.choice(Suggestion.Kind.values),
                status=status,
                decided_at=decided,
                change_note=note,
                duplicate_of=model if status == Suggestion.Status.DUPLICATE else None,
                anchor_state=model.anchor_state,
            )
        )
        created_at.append(created)
    Suggestion.objects.bulk_create(rows)
    # auto_now_add gave them all the time of the insert.
    for row, created in zip(rows, created_at, strict=True):
        row.created_at = created
    Suggestion.objects.bulk_update(rows, ["created_at"])
    return sections


def test_the_dashboard_matches_a_row_by_row_computation_on_random_reports():
    import random

    rng = random.Random(9)
    now = NOW
    sections = _random_desk(rng, now)
    suggestions = list(Suggestion.objects.select_related("article", "change_note"))
    articles = list(Article.objects.published())
    for article in articles:
        article.notes = list(article.change_notes.all())
    all_sections = standards.all_sections()
    compared = 0
    for days in standards.PERIODS:
        for section in (None, sections[0], sections[3]):
            for kind in ("", Suggestion.Kind.FACTUAL):
                scope = standards.Scope(days=days, section=section, kind=kind, now=now)
                board = standards.dashboard(scope, sections=all_sections)
                expected = _reference(scope, suggestions, articles)
                _same(board.total, expected["total"], articles=True)
                by_section = {row.label: row.figures for row in board.by_section}
                for pk, figures in expected["by_section"].items():
                    name = next(s.name for s in all_sections if s.pk == pk)
                    _same(by_section.pop(name), figures, articles=True)
                assert by_section == {}
                by_kind = {row.label: row.figures for row in board.by_kind}
                for kind_value, figures in expected["by_kind"].items():
                    _same(
                        by_kind.pop(str(Suggestion.Kind(kind_value).label)), figures, articles=False
                    )
                assert by_kind == {}
                trend = {point.start: point for point in board.trend}
                for start, count in expected["received"].items():
                    assert trend[start].received == count
                for start, count in expected["decided"].items():
                    assert trend[start].decided == count
                assert sum(p.received for p in board.trend) == sum(expected["received"].values())
                assert sum(p.decided for p in board.trend) == sum(expected["decided"].values())
                compared += 1
    assert compared == 18
