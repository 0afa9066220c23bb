import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_SITE_URL = (
    "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
)


def site_url(**environment: str) -> str:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"PORT", "SITE_URL"}
    }
    result = subprocess.run(  # noqa: S603  (our own interpreter)
        [sys.executable, "-c", PRINT_SITE_URL],
        cwd=ROOT,
        env=inherited | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"} | environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DJANGO_DEBUG": "1", "PORT": "8811"}, "http://127.0.0.1:8811"),
        ({"DJANGO_DEBUG": "1"}, "http://127.0.0.1:8000"),
        (
            {"DJANGO_DEBUG": "1", "PORT": "8811", "SITE_URL": "https://news.example.org/"},
            "https://news.example.org",
        ),
        (
            {
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": "x" * 50,
                "PORT": "8811",
                "SITE_URL": "https://news.example.org",
            },
            "https://news.example.org",
        ),
    ],
    ids=[
        "development follows PORT",
        "development default",
        "explicit in development",
        "production",
    ],
)
def test_links_in_emails_point_where_the_site_is_served(environment, expected):
    assert site_url(**environment) == expected
