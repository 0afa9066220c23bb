import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from corrections.models import Suggestion
from factories import make_article, make_suggestion

pytestmark = pytest.mark.django_db

PERSONAL = {
    "email": "reader@example.org",
    "notify_consent": True,
    "ip_hash": "a" * 64,
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
}


def make_suggestion_aged(days: int, **fields) -> Suggestion:
    fields.setdefault("fingerprint", uuid.uuid4().hex)
    suggestion = make_suggestion(article=make_article(), **(PERSONAL | fields))
    Suggestion.objects.filter(pk=suggestion.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return suggestion


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def test_old_suggestions_lose_personal_data_but_are_kept(settings):
    settings.CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS = 180
    old = make_suggestion_aged(200, explanation="The mayor’s name is misspelt.")
    output = purge()
    old.refresh_from_db()
    assert (old.email, old.notify_consent, old.ip_hash, old.user_agent) == ("", False, "", "")
    assert old.fingerprint is None
    assert old.personal_data_purged_at is not None
    assert old.explanation == "The mayor’s name is misspelt."
    assert old.quote == "harbour wall"
    assert "Removed personal data from 1 suggestions" in output
    assert "1 with an email address" in output


def test_recent_suggestions_are_left_alone(settings):
    settings.CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS = 180
    recent = make_suggestion_aged(10)
    purge()
    recent.refresh_from_db()
    assert recent.email == PERSONAL["email"]
    assert recent.notify_consent is True
    assert recent.ip_hash == PERSONAL["ip_hash"]
    assert recent.personal_data_purged_at is None


def test_running_twice_changes_nothing_more():
    old = make_suggestion_aged(400)
    purge()
    old.refresh_from_db()
    first_purge = old.personal_data_purged_at
    assert "Removed personal data from 0 suggestions" in purge()
    old.refresh_from_db()
    assert old.personal_data_purged_at == first_purge


def test_dry_run_counts_without_changing_anything():
    old = make_suggestion_aged(400)
    make_suggestion_aged(400, email="", notify_consent=False)
    output = purge("--dry-run")
    assert "Would remove personal data from 2 suggestions" in output
    assert "1 with an email address" in output
    old.refresh_from_db()
    assert old.email == PERSONAL["email"]
    assert old.personal_data_purged_at is None


def test_days_option_overrides_the_setting(settings):
    settings.CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS = 180
    suggestion = make_suggestion_aged(40)
    purge("--days", "30")
    suggestion.refresh_from_db()
    assert suggestion.email == ""


def test_negative_retention_is_refused():
    with pytest.raises(CommandError, match="cannot be negative"):
        purge("--days", "-1")


@pytest.mark.parametrize("days", ["800000", "36526", "999999999", str(10**30)])
def test_an_absurd_retention_period_is_refused_with_a_message(days):
    # --days 800000 used to end in an OverflowError traceback (a date before year 1).
    keep = make_suggestion_aged(10)
    with pytest.raises(CommandError, match="at most 36525 days"):
        purge("--days", days)
    keep.refresh_from_db()
    assert keep.email == PERSONAL["email"]


@pytest.mark.parametrize("setting", [800000, 10**12, -5, "180", None])
def test_an_absurd_retention_setting_is_refused_with_a_message(settings, setting):
    settings.CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS = setting
    with pytest.raises(CommandError, match="CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS"):
        purge()


def test_a_century_is_still_a_retention_period():
    assert "older than 36525 days" in purge("--days", "36525", "--dry-run")
