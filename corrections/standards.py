"""The standards dashboard's reads: how fast and how well the desk answers readers.

Plain functions over QuerySets. Every figure is counted by the database in a fixed number
of queries, whatever the number of suggestions, each reading the suggestions once:

- the counts, grouped by section, kind, status and what the row counts towards (received
  or decided in the period, open and how long): a few hundred rows at most, added up here;
- the trend: received per day (or week) and decided per day, in one statement;
- the times to decision and to publication, percentiles for the sections, the kinds and
  the total in one pass (``GROUPING SETS``);
- the articles of the period and their corrections.

The suggestions are never filtered by section in SQL: every query groups by section and
the chosen one is picked here. A section costs what the whole newsroom costs, so no
variant of the page can be slower than the unfiltered one, whatever the planner knows of
the articles (a join-then-filter plan took twice as long on the benchmark).

Percentiles are PostgreSQL's ``percentile_cont``; SQLite, which has neither percentiles nor
grouping sets, returns the values joined per group (one ``UNION ALL`` per grouping) and
they are interpolated here the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import NotSupportedError, connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, gettext_lazy, pgettext

from newsroom.models import Article, Section

from .models import ChangeNote, Suggestion

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
# Up to this many days the trend has a bar a day; beyond it, a bar a week.
DAILY_UP_TO = 31
# Open suggestions by how long they have waited: (label, older than, at most).
BACKLOG_AGES = (
    (gettext_lazy("under a day"), timedelta(0), timedelta(days=1)),
    (gettext_lazy("1–3 days"), timedelta(days=1), timedelta(days=3)),
    (gettext_lazy("3–7 days"), timedelta(days=3), timedelta(days=7)),
    (gettext_lazy("1–4 weeks"), timedelta(days=7), timedelta(days=30)),
    (gettext_lazy("over 30 days"), timedelta(days=30), None),
)
DECIDED_STATUSES = (
    Suggestion.Status.ACCEPTED,
    Suggestion.Status.REJECTED,
    Suggestion.Status.SPAM,
    Suggestion.Status.DUPLICATE,
)


# --------------------------------------------------------------------------- SQL parts


class Seconds(Func):
    """Seconds from ``start`` to ``end``, two datetime columns, as a float."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(gettext("The standards dashboard needs PostgreSQL or SQLite."))

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        return (
            f"((julianday({end[0]}) - julianday({start[0]})) * 86400.0)",
            (*end[1], *start[1]),
        )


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont``: linear interpolation between the nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


class Bucket(Func):
    """Which of ``starts`` (ascending datetimes) a datetime falls in, as ``width_bucket``
    counts: 1 from the first start to the second, …, ``len(starts)`` from the last on, 0
    before the first, NULL for NULL.

    The trend's days are cut here, in Python and in the newsroom's time zone (a change of
    clocks included), so the database compares timestamps instead of converting every
    row to local time and truncating it.
    """

    output_field = IntegerField()
    arity = 1

    def __init__(self, expression, starts: list[datetime]):
        self.starts = list(starts)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(gettext("The standards dashboard needs PostgreSQL or SQLite."))

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"WIDTH_BUCKET({sql}, %s::timestamptz[])", (*params, self.starts)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        cases, case_params = [], []
        for index in range(len(self.starts), 0, -1):
            cases.append(f"WHEN {sql} >= %s THEN {index}")
            start = connection.ops.adapt_datetimefield_value(self.starts[index - 1])
            case_params += [*params, start]
        return f"CASE {' '.join(cases)} WHEN {sql} IS NOT NULL THEN 0 END", (
            *case_params,
            *params,
        )


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Scope:
    """What the dashboard looks at: the last ``days`` days, maybe one section or kind."""

    days: int = DEFAULT_PERIOD
    section: Section | None = None
    kind: str = ""
    now: datetime = field(default_factory=timezone.now)

    @property
    def kind_label(self) -> str:
        return Suggestion.Kind(self.kind).label if self.kind else ""

    @property
    def since(self) -> datetime:
        return self.now - timedelta(days=self.days)

    def suggestions(self) -> QuerySet[Suggestion]:
        """The suggestions of the chosen kind in every section: the queries group by
        section and the chosen one is picked from their rows (see the module's note)."""
        queryset = Suggestion.objects.order_by()
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        return queryset


@dataclass
class Figures:
    """The desk's figures for one period and one slice (all, a section or a kind)."""

    received: int = 0
    decided: int = 0
    accepted: int = 0
    rejected: int = 0
    spam: int = 0
    duplicate: int = 0
    decision_median: float | None = None
    decision_p90: float | None = None
    published_median: float | None = None
    published_p90: float | None = None
    backlog: list[int] = field(default_factory=lambda: [0] * len(BACKLOG_AGES))
    articles: int | None = None
    corrections: int | None = None

    def share(self, count: int) -> int | None:
        """A share of the decided suggestions, in whole per cent."""
        return round(100 * count / self.decided) if self.decided else None

    @property
    def accepted_share(self):
        return self.share(self.accepted)

    @property
    def rejected_share(self):
        return self.share(self.rejected)

    @property
    def spam_share(self):
        return self.share(self.spam)

    @property
    def duplicate_share(self):
        return self.share(self.duplicate)

    @property
    def decision_median_display(self) -> str:
        return duration_display(self.decision_median)

    @property
    def decision_p90_display(self) -> str:
        return duration_display(self.decision_p90)

    @property
    def published_median_display(self) -> str:
        return duration_display(self.published_median)

    @property
    def published_p90_display(self) -> str:
        return duration_display(self.published_p90)

    @property
    def open(self) -> int:
        return sum(self.backlog)

    @property
    def corrections_per_100(self) -> float | None:
        if not self.articles:
            return None
        return round(100 * self.corrections / self.articles, 1)


COUNTS = ("received", "decided", "accepted", "rejected", "spam", "duplicate")


def _decided(scope: Scope) -> Q:
    return Q(decided_at__gte=scope.since, status__in=DECIDED_STATUSES)


def _relevant(scope: Scope) -> Q:
    """The rows any count of the period reads: open now, or received or decided in the
    period. The rest of the table is left unread."""
    return Q(status=Suggestion.Status.NEW) | Q(created_at__gte=scope.since) | _decided(scope)


def _counts(scope: Scope) -> QuerySet:
    """Suggestions counted by section, kind, status and what they count towards.

    Each row says whether its suggestions were received in the period, decided in it and,
    when open, which age of the backlog they are in: the figures are sums of these rows.
    Grouping by a few flags instead of one filtered count per figure leaves the database
    one expression per flag and row to work out, and at most a few hundred rows to send.
    """
    now = scope.now
    waiting = []
    for index, (_label, older_than, at_most) in enumerate(BACKLOG_AGES):
        condition = Q(status=Suggestion.Status.NEW, created_at__lte=now - older_than)
        if at_most is not None:
            condition &= Q(created_at__gt=now - at_most)
        waiting.append(When(condition, then=Value(index)))
    return (
        scope.suggestions()
        .filter(_relevant(scope))
        .values(
            "kind",
            "status",
            section=F("article__section"),
            received=ExpressionWrapper(Q(created_at__gte=scope.since), BooleanField()),
            decided=ExpressionWrapper(_decided(scope), BooleanField()),
            waiting=Case(*waiting, output_field=IntegerField()),
        )
        .annotate(count=Count("pk"))
    )


def _add_counts(figures: Figures, row: dict) -> None:
    count = row["count"]
    if row["received"]:
        figures.received += count
    if row["decided"]:
        figures.decided += count
        # The decided statuses' values are the names of their counts.
        setattr(figures, row["status"], getattr(figures, row["status"]) + count)
    if row["waiting"] is not None:
        figures.backlog[row["waiting"]] += count


# GROUPING(section, kind): which of the two a row of the times is not grouped by.
BY_SECTION_AND_KIND, BY_SECTION, BY_KIND, OVERALL = 0, 1, 2, 3
FRACTIONS = (0.5, 0.9)


def _times(scope: Scope) -> list[tuple]:
    """Median and 90th percentile of the waits to decision and to publication: rows of
    (section, kind, grouping, decision, publication), each wait a pair or None.

    One pass over the decided suggestions for every grouping the page shows: the
    sections, the kinds and the whole, or, with a section chosen, that section and its
    kinds. PostgreSQL sorts the values once per group for both percentiles.
    """
    published = Q(status=Suggestion.Status.ACCEPTED, change_note__published_at__isnull=False)
    decided = (
        scope.suggestions()
        .filter(_decided(scope))
        .values_list(
            "article__section",
            "kind",
            Seconds("decided_at", "created_at"),
            Case(When(published, then=Seconds("change_note__published_at", "created_at"))),
        )
    )
    groupings = (
        [("section",), ("section", "kind")]
        if scope.section is not None
        else [("section",), ("kind",), ()]
    )
    rows_sql, params = decided.query.sql_with_params()
    # Every value is a parameter of rows_sql; the rest are names and numbers of this module.
    sql = f"WITH decided (section, kind, to_decision, to_publication) AS ({rows_sql}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + _percentiles_sql(groupings), params)
            return [(*row[:3], _pair(row[3]), _pair(row[4])) for row in cursor.fetchall()]
        cursor.execute(sql + _joined_values_sql(groupings), params)
        return [(*row[:3], _interpolated(row[3]), _interpolated(row[4])) for row in cursor]


def _percentiles_sql(groupings: list[tuple[str, ...]]) -> str:
    fractions = ", ".join(repr(fraction) for fraction in FRACTIONS)
    percentiles = ", ".join(
        f"PERCENTILE_CONT(ARRAY[{fractions}]) WITHIN GROUP (ORDER BY {wait})"
        for wait in ("to_decision", "to_publication")
    )
    sets = ", ".join(f"({', '.join(grouping)})" for grouping in groupings)
    return (
        f"SELECT section, kind, GROUPING(section, kind), {percentiles} "  # noqa: S608
        f"FROM decided GROUP BY GROUPING SETS ({sets})"
    )


def _joined_values_sql(groupings: list[tuple[str, ...]]) -> str:
    """SQLite has no grouping sets: a SELECT per grouping, with GROUPING()'s numbers, and
    the values joined for Python to interpolate."""
    selects = []
    for grouping in groupings:
        section = "section" if "section" in grouping else "NULL"
        kind = "kind" if "kind" in grouping else "NULL"
        bits = ("section" not in grouping) * BY_KIND + ("kind" not in grouping) * BY_SECTION
        group_by = f" GROUP BY {', '.join(grouping)}" if grouping else ""
        selects.append(
            f"SELECT {section}, {kind}, {bits}, GROUP_CONCAT(to_decision), "  # noqa: S608
            f"GROUP_CONCAT(to_publication) FROM decided{group_by}"
        )
    return " UNION ALL ".join(selects)


def _pair(percentiles: list[float] | None) -> tuple[float, float] | None:
    return None if percentiles is None else tuple(percentiles)


def _interpolated(joined: str | None) -> tuple[float, ...] | None:
    if joined is None:
        return None
    values = [float(value) for value in joined.split(",")]
    return tuple(percentile_cont(values, fraction) for fraction in FRACTIONS)


def _set_times(figures: Figures, decision, publication) -> None:
    figures.decision_median, figures.decision_p90 = decision or (None, None)
    figures.published_median, figures.published_p90 = publication or (None, None)


def _article_figures(scope: Scope) -> dict[int, tuple[int, int]]:
    """Per section: articles published in the period, and corrections on them since."""
    articles = Article.objects.published().filter(published_at__gte=scope.since)
    if scope.section is not None:
        articles = articles.filter(section=scope.section)
    rows = (
        articles.order_by()
        .values("section")
        .annotate(
            articles=Count("pk", distinct=True),
            corrections=Count(
                "change_notes",
                filter=Q(change_notes__kind=ChangeNote.Kind.CORRECTION),
                distinct=True,
            ),
        )
    )
    return {row["section"]: (row["articles"], row["corrections"]) for row in rows}


@dataclass
class TrendPoint:
    start: datetime
    received: int = 0
    decided: int = 0

    @property
    def label(self) -> str:
        # Django's month names, which are translated; strftime's are the C locale's.
        return date_format(timezone.localtime(self.start), "j M")


def _trend(scope: Scope) -> tuple[str, list[TrendPoint]]:
    """Received and decided per day (per week for long periods), oldest first.

    One statement: the suggestions received in the period by the day they came, and
    those decided in it by the day of the decision, each grouped by section.
    """
    step, unit = (
        (timedelta(days=1), "day") if scope.days <= DAILY_UP_TO else (timedelta(weeks=1), "week")
    )
    starts = []
    moment = truncate_datetime(scope.since, unit)
    while moment <= scope.now:
        starts.append(moment)
        moment = truncate_datetime(moment + step + timedelta(hours=2), unit)
    points = [TrendPoint(start=start) for start in starts]
    suggestions = scope.suggestions()
    received = (
        suggestions.filter(created_at__gte=scope.since)
        .values(section=F("article__section"), bucket=Bucket("created_at", starts))
        .annotate(count=Count("pk"), decided=Value(False))
    )
    decided = (
        suggestions.filter(_decided(scope))
        .values(section=F("article__section"), bucket=Bucket("decided_at", starts))
        .annotate(count=Count("pk"), decided=Value(True))
    )
    for row in received.union(decided, all=True).order_by():
        if scope.section is not None and row["section"] != scope.section.pk:
            continue
        # From the period's start on, so never 0 (before the first day).
        point = points[row["bucket"] - 1]
        if row["decided"]:
            point.decided += row["count"]
        else:
            point.received += row["count"]
    return unit, points


def truncate_datetime(moment: datetime, unit: str) -> datetime:
    """The start of ``moment``'s day or (ISO, Monday) week in the newsroom's time zone."""
    local = timezone.localtime(moment)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        day -= timedelta(days=day.weekday())
    # Re-localised: midnight may be on the other side of a change of clocks.
    return timezone.make_aware(day.replace(tzinfo=None))


@dataclass
class Row:
    """One line of a breakdown table: a section or a kind with its figures."""

    label: str
    figures: Figures


@dataclass
class Dashboard:
    scope: Scope
    total: Figures
    by_section: list[Row]
    by_kind: list[Row]
    trend_unit: str
    trend: list[TrendPoint]


def all_sections() -> list[Section]:
    return list(Section.objects.order_by("position", "name"))


def dashboard(scope: Scope, *, sections: list[Section]) -> Dashboard:
    """Every figure of the standards dashboard, in four queries (``sections`` is the 5th).

    Counts add up, so the rows of one grouped count give the total, the sections and the
    kinds. Percentiles do not: one pass computes them for each grouping at once.
    """
    chosen = scope.section.pk if scope.section is not None else None
    total = Figures()
    per_section: dict[int, Figures] = defaultdict(Figures)
    per_kind: dict[str, Figures] = defaultdict(Figures)
    for row in _counts(scope):
        if chosen is not None and row["section"] != chosen:
            continue
        for figures in (total, per_section[row["section"]], per_kind[row["kind"]]):
            _add_counts(figures, row)

    for section, kind, grouping, decision, publication in _times(scope):
        if chosen is not None and section != chosen:
            continue
        if grouping == BY_SECTION:
            targets = [per_section[section]] + ([total] if chosen is not None else [])
        elif grouping in (BY_KIND, BY_SECTION_AND_KIND):
            targets = [per_kind[kind]]
        else:
            targets = [total]
        for figures in targets:
            _set_times(figures, decision, publication)

    articles = _article_figures(scope)
    total.articles = sum(count for count, _corrections in articles.values())
    total.corrections = sum(corrections for _count, corrections in articles.values())
    by_section = []
    for section in sections:
        if scope.section is not None and section != scope.section:
            continue
        figures = per_section[section.pk]
        figures.articles, figures.corrections = articles.get(section.pk, (0, 0))
        if figures.received or figures.decided or figures.open or figures.articles:
            by_section.append(Row(section.name, figures))

    by_kind = [
        Row(str(label), per_kind[value])
        for value, label in Suggestion.Kind.choices
        if not scope.kind or value == scope.kind
    ]
    unit, trend = _trend(scope)
    return Dashboard(
        scope=scope,
        total=total,
        by_section=by_section,
        by_kind=by_kind,
        trend_unit=unit,
        trend=trend,
    )


# --------------------------------------------------------------------------- display


def duration_display(seconds: float | None) -> str:
    """A wait as an editor says it: "45 min", "3.5 h", "2.1 d"; a dash when there is none."""
    if seconds is None:
        return "–"
    minutes = seconds / 60
    if minutes < 90:
        return pgettext("duration", "%(count)s min") % {"count": max(0, round(minutes))}
    hours = minutes / 60
    if hours < 48:
        return pgettext("duration", "%(count)s h") % {"count": number_format(hours, 1)}
    return pgettext("duration", "%(count)s d") % {"count": number_format(hours / 24, 1)}


# --------------------------------------------------------------------------- charts
# Geometry for the templates' SVG, in the units of a fixed viewBox; coordinates are
# formatted here so that no locale turns a decimal point into a comma.

CHART_WIDTH = 480
CHART_HEIGHT = 200
PLOT_LEFT = 44
PLOT_RIGHT = 8
PLOT_TOP = 12
PLOT_BOTTOM = 28
MAX_AXIS_LABELS = 6


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value``: the top of a readable axis."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    label: str
    value: int


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    label: str
    value: int


@dataclass(frozen=True)
class TrendChart:
    bars: list[Bar]
    line: str
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = PLOT_LEFT
    right: int = CHART_WIDTH - PLOT_RIGHT
    baseline: int = CHART_HEIGHT - PLOT_BOTTOM


def trend_chart(points: list[TrendPoint]) -> TrendChart:
    """Received as bars, decided as a line over them, on one axis from 0."""
    top = nice_ceiling(max((max(p.received, p.decided) for p in points), default=0))
    plot_width = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    baseline = CHART_HEIGHT - PLOT_BOTTOM
    slot = plot_width / max(1, len(points))

    def y(value: int) -> float:
        return baseline - plot_height * value / top

    bars, dots = [], []
    for index, point in enumerate(points):
        left = PLOT_LEFT + index * slot
        bars.append(
            Bar(
                x=_coordinate(left + slot * 0.15),
                y=_coordinate(y(point.received)),
                width=_coordinate(slot * 0.7),
                height=_coordinate(baseline - y(point.received)),
                label=point.label,
                value=point.received,
            )
        )
        dots.append(
            Dot(
                x=_coordinate(left + slot / 2),
                y=_coordinate(y(point.decided)),
                label=point.label,
                value=point.decided,
            )
        )
    every = max(1, math.ceil(len(points) / MAX_AXIS_LABELS))
    x_ticks = [
        Tick(_coordinate(PLOT_LEFT + index * slot + slot / 2), point.label)
        for index, point in enumerate(points)
        if index % every == 0
    ]
    y_ticks = [Tick(_coordinate(y(value)), number_format(value)) for value in {0, top // 2, top}]
    return TrendChart(
        bars=bars,
        line=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


@dataclass(frozen=True)
class Segment:
    """A part of a 100 % bar: its start and width in per cent of the bar."""

    name: str
    label: str
    value: int
    x: str
    width: str


def share_bar(figures: Figures) -> list[Segment]:
    """The decided suggestions split by outcome, left to right, as one bar."""
    parts = [
        ("accepted", gettext("accepted"), figures.accepted),
        ("rejected", gettext("rejected"), figures.rejected),
        ("spam", gettext("spam"), figures.spam),
        ("duplicate", gettext("duplicate"), figures.duplicate),
    ]
    segments, start = [], 0.0
    for name, label, value in parts:
        width = 100 * value / figures.decided if figures.decided else 0
        segments.append(Segment(name, label, value, _coordinate(start), _coordinate(width)))
        start += width
    return segments


@dataclass(frozen=True)
class BacklogBar:
    label: str
    value: int
    width: str


def backlog_bars(figures: Figures) -> list[BacklogBar]:
    """Open suggestions by age, each bar's length in per cent of the longest."""
    longest = max(figures.backlog, default=0) or 1
    return [
        BacklogBar(str(label), value, _coordinate(100 * value / longest))
        for (label, _older, _at_most), value in zip(BACKLOG_AGES, figures.backlog, strict=True)
    ]
