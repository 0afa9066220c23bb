from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from corrections.models import Suggestion

# A century: longer is a typo (and 800,000 days before now is before year 1, which
# ended the command in an OverflowError traceback).
MAX_RETENTION_DAYS = 36525


class Command(BaseCommand):
    help = (
        "Remove readers' emails, IP hashes and user agents from suggestions older than the "
        "retention period (CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS). The suggestions stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="retention period in days (default: the setting)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be removed, change nothing"
        )

    def handle(self, *args, **options):
        days = options["days"]
        source = "--days"
        if days is None:
            days = settings.CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS
            source = "CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS"
        if not isinstance(days, int) or isinstance(days, bool):
            raise CommandError(f"{source} must be a whole number of days, not {days!r}.")
        if days < 0:
            raise CommandError(f"The retention period cannot be negative ({source}={days}).")
        if days > MAX_RETENTION_DAYS:
            raise CommandError(
                f"The retention period must be at most {MAX_RETENTION_DAYS} days "
                f"(a century); {source} is {days}."
            )
        now = timezone.now()
        expired = Suggestion.objects.filter(created_at__lt=now - timedelta(days=days)).filter(
            ~Q(email="")
            | ~Q(ip_hash="")
            | ~Q(user_agent="")
            | Q(notify_consent=True)
            | Q(fingerprint__isnull=False)
        )
        emails = expired.exclude(email="").count()
        if options["dry_run"]:
            count = expired.count()
            self.stdout.write(
                f"Would remove personal data from {count} suggestions older than {days} days "
                f"({emails} with an email address). Nothing was changed."
            )
            return
        # Consent goes with the address: a reader cannot be told anything without one. The
        # fingerprint goes too: it hashes what the reader sent, their address included.
        count = expired.update(
            email="",
            notify_consent=False,
            ip_hash="",
            user_agent="",
            fingerprint=None,
            personal_data_purged_at=now,
        )
        self.stdout.write(
            f"Removed personal data from {count} suggestions older than {days} days "
            f"({emails} with an email address)."
        )
