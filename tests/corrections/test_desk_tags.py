"""The desk's template helpers, in both of the newsroom's languages."""

from datetime import UTC, datetime

from django.utils import timezone, translation

from corrections.templatetags.desk import desk_date

MOMENT = datetime(2026, 11, 30, 9, 34, tzinfo=UTC)


def test_a_desk_date_reads_the_same_way_everywhere_in_english():
    with timezone.override("UTC"), translation.override("en"):
        assert desk_date(MOMENT) == "30 Nov 2026, 09:34"


def test_a_desk_date_names_its_month_as_ukrainian_does():
    # Not "30 Лис 2026": a month after the day is in the genitive and not capitalised.
    with timezone.override("UTC"), translation.override("uk"):
        assert desk_date(MOMENT) == "30 листопада 2026, 09:34"
