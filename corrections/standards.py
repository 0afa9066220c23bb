"""The standards dashboard's reads: how fast and how well the desk answers readers.

Plain functions over QuerySets. Every figure is counted by the database in a fixed number
of queries, whatever the number of suggestions:

- the tallies: reports received in the period by section, kind and day; decisions of the
  period by section and day; open reports by section, kind and age. Three small grouped
  reads in one statement, each from an index that holds every column it reads, so the
  wide rows of the table (quotes, explanations, addresses) are never loaded;
- the decisions: counts by outcome and the percentiles of the waits, for the sections,
  the kinds and the whole in one pass (``GROUPING SETS``), from the decided index;
- the articles of the period and their corrections.

The suggestions are never filtered by section in SQL: every query groups by section and
the chosen one is picked here. A section then costs what the whole newsroom costs, and
no variant of the page can be slower than the unfiltered one, whatever the planner knows
of the articles (a join-then-filter plan made the one-section page the slowest).

Percentiles are PostgreSQL's ``percentile_cont``; SQLite, which has neither percentiles nor
grouping sets, returns the values joined per group (one ``UNION ALL`` per grouping) and
they are interpolated here the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import NotSupportedError, connections
from django.db.models import (
    Case,
    CharField,
    Count,
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


def _decided(scope: Scope) -> Q:
    return Q(decided_at__gte=scope.since, status__in=DECIDED_STATUSES)


# What a row of the tallies counts: a report received on a day, a decision made on a day,
# or a report still open, by how long it has waited.
RECEIVED, DECIDED, WAITING = 0, 1, 2


def _tallies(scope: Scope, starts: list[datetime]) -> QuerySet:
    """Every count that adds up, in one statement of three small grouped reads.

    Rows of (section, kind, bucket, tally, count): the reports received in the period
    by section, kind and day (or week) of the trend; the decisions of the period by
    section and day; the open reports by section, kind and age (BACKLOG_AGES). Each
    part reads only its own rows, from an index that holds every column it needs.
    Days (or weeks) are numbered from 1, the first of ``starts``.
    """
    waiting = []
    for index, (_label, older_than, at_most) in enumerate(BACKLOG_AGES):
        condition = Q(created_at__lte=scope.now - older_than)
        if at_most is not None:
            condition &= Q(created_at__gt=scope.now - at_most)
        waiting.append(When(condition, then=Value(index)))
    suggestions = scope.suggestions()
    received = suggestions.filter(created_at__gte=scope.since).values(
        section=F("article__section"), report_kind=F("kind"), bucket=Bucket("created_at", starts)
    )
    decided = suggestions.filter(_decided(scope)).values(
        section=F("article__section"),
        report_kind=Value(None, output_field=CharField()),
        bucket=Bucket("decided_at", starts),
    )
    open_now = suggestions.filter(status=Suggestion.Status.NEW).values(
        section=F("article__section"),
        report_kind=F("kind"),
        bucket=Case(*waiting, output_field=IntegerField()),
    )
    # COUNT(*) rather than of the key, which is in none of those indexes.
    parts = [
        part.annotate(tally=Value(tally), count=Count("*"))
        for tally, part in ((RECEIVED, received), (DECIDED, decided), (WAITING, open_now))
    ]
    return parts[0].union(*parts[1:], all=True).order_by()


# GROUPING(section, kind): which of the two a row of the times is not grouped by.
BY_SECTION_AND_KIND, BY_SECTION, BY_KIND, OVERALL = 0, 1, 2, 3
FRACTIONS = (0.5, 0.9)


def _times(scope: Scope) -> list[tuple]:
    """Decisions by outcome, and the median and 90th percentile of the waits to decision
    and to publication: rows of (section, kind, grouping, decided by status, decision,
    publication), each wait a pair or None.

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
            "status",
            Seconds("decided_at", "created_at"),
            Case(When(published, then=Seconds("change_note__published_at", "created_at"))),
        )
    )
    groupings = (
        [("section",), ("section", "kind")]
        if scope.section is not None
        else [("section",), ("kind",), ()]
    )
    # Status values are this module's constants, never input.
    outcomes = ", ".join(
        f"COUNT(*) FILTER (WHERE status = '{status}')" for status in DECIDED_STATUSES
    )
    if connections[decided.db].vendor == "postgresql":
        fractions = ", ".join(repr(fraction) for fraction in FRACTIONS)
        waits = ", ".join(
            f"PERCENTILE_CONT(ARRAY[{fractions}]) WITHIN GROUP (ORDER BY {wait})"
            for wait in ("to_decision", "to_publication")
        )
        convert = _pair
    else:
        # SQLite has no percentiles: the values come joined, to be interpolated here.
        waits = "GROUP_CONCAT(to_decision), GROUP_CONCAT(to_publication)"
        convert = _interpolated
    values = ("status", "to_decision", "to_publication")
    rows = _grouped(decided, ("section", "kind"), values, groupings, f"{outcomes}, {waits}")
    statuses = len(DECIDED_STATUSES)
    return [
        (
            *row[:3],
            dict(zip(DECIDED_STATUSES, row[3 : 3 + statuses], strict=True)),
            convert(row[3 + statuses]),
            convert(row[4 + statuses]),
        )
        for row in rows
    ]


def _grouped(
    rows: QuerySet,
    keys: tuple[str, ...],
    values: tuple[str, ...],
    groupings: list[tuple[str, ...]],
    aggregates: str,
) -> list[tuple]:
    """``aggregates`` of ``rows`` (a values_list of ``keys`` then ``values``) for each of
    ``groupings``, in one statement that reads the rows once.

    Rows come back as the keys (NULL where a grouping leaves one out), the number
    PostgreSQL's ``GROUPING(keys)`` gives (a bit per key left out, the last key lowest),
    then the aggregates. PostgreSQL has ``GROUPING SETS``; SQLite gets one SELECT per
    grouping over the same rows.
    """
    connection = connections[rows.db]  # the database the router reads ``rows`` from
    rows_sql, params = rows.query.sql_with_params()
    # Every value is a parameter of rows_sql; the rest are names and numbers of this module.
    sql = f"WITH grouped_rows ({', '.join(keys + values)}) AS ({rows_sql}) "
    if connection.vendor == "postgresql":
        sets = ", ".join(f"({', '.join(grouping)})" for grouping in groupings)
        sql += (
            f"SELECT {', '.join(keys)}, GROUPING({', '.join(keys)}), {aggregates} "  # noqa: S608
            f"FROM grouped_rows GROUP BY GROUPING SETS ({sets})"
        )
    else:
        selects = []
        for grouping in groupings:
            columns = [key if key in grouping else "NULL" for key in keys]
            left_out = sum(
                1 << (len(keys) - 1 - i) for i, key in enumerate(keys) if key not in grouping
            )
            group_by = f" GROUP BY {', '.join(grouping)}" if grouping else ""
            selects.append(
                f"SELECT {', '.join(columns)}, {left_out}, {aggregates} "  # noqa: S608
                f"FROM grouped_rows{group_by}"
            )
        sql += " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _pair(percentiles: list[float] | None) -> tuple[float, float] | None:
    return None if percentiles is None else tuple(percentiles)


def _interpolated(joined: str | None) -> tuple[float, ...] | None:
    if joined is None:
        return None
    values = [float(value) for value in joined.split(",")]
    return tuple(percentile_cont(values, fraction) for fraction in FRACTIONS)


def _set_decisions(figures: Figures, outcomes: dict, decision, publication) -> None:
    for status, count in outcomes.items():
        setattr(figures, status, count)  # the statuses' values are the counts' names
    figures.decided = sum(outcomes.values())
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
        # Django's month names, which are translated; strftime's are the C locale's. The
        # format is translated too: Ukrainian has no short month of a day (it would be
        # the genitive, "30 листопада", too long for a phone's axis), so writes "30.11".
        return date_format(
            timezone.localtime(self.start), pgettext("day and month on a chart's axis", "j M")
        )


def _trend_starts(scope: Scope) -> list[datetime]:
    """The first moment of each day (each week for long periods) of the trend."""
    unit = _trend_unit(scope)
    step = timedelta(days=1) if unit == "day" else timedelta(weeks=1)
    starts = []
    moment = truncate_datetime(scope.since, unit)
    while moment <= scope.now:
        starts.append(moment)
        moment = truncate_datetime(moment + step + timedelta(hours=2), unit)
    return starts


def _trend_unit(scope: Scope) -> str:
    return "day" if scope.days <= DAILY_UP_TO else "week"


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
    """Every figure of the standards dashboard, in three queries (``sections`` is the 4th).

    Counts add up, so the rows of the tallies give the total, the sections, the kinds
    and the trend. Percentiles do not: one pass computes them, and the decisions' counts
    with them, for each grouping at once.
    """
    chosen = scope.section.pk if scope.section is not None else None
    total = Figures()
    per_section: dict[int, Figures] = defaultdict(Figures)
    per_kind: dict[str, Figures] = defaultdict(Figures)
    starts = _trend_starts(scope)
    trend = [TrendPoint(start=start) for start in starts]
    for row in _tallies(scope, starts):
        if chosen is not None and row["section"] != chosen:
            continue
        count, bucket = row["count"], row["bucket"]
        if row["tally"] == DECIDED:
            # Buckets count from the period's first day on, so they are never 0 here.
            trend[bucket - 1].decided += count
            continue
        slices = (total, per_section[row["section"]], per_kind[row["report_kind"]])
        if row["tally"] == RECEIVED:
            trend[bucket - 1].received += count
            for figures in slices:
                figures.received += count
        elif bucket is not None:  # open, and received before now
            for figures in slices:
                figures.backlog[bucket] += count

    for section, kind, grouping, outcomes, decision, publication in _times(scope):
        if chosen is not None and section != chosen:
            continue
        if grouping == BY_SECTION:
            targets = [per_section[section]] + ([total] if chosen is not None else [])
        elif grouping in (BY_KIND, BY_SECTION_AND_KIND):
            targets = [per_kind[kind]]
        else:
            targets = [total]
        for figures in targets:
            _set_decisions(figures, outcomes, decision, publication)

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
    return Dashboard(
        scope=scope,
        total=total,
        by_section=by_section,
        by_kind=by_kind,
        trend_unit=_trend_unit(scope),
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
