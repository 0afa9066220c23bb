import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_is_silent_with_production_settings():
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    } | {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-real-production-secret-5c1f0e2d9b8a7f6e5d4c3b2a1908f7e6d5c4b3a2",
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def without_a_secret():
    return {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings"
    }


def run(*args):
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, *args],
        cwd=ROOT,
        env=without_a_secret(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_serve_without_a_secret():
    result = run("-c", "import newsroom.wsgi")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_commands_without_a_secret_run_but_warn():
    check = run("manage.py", "check")
    assert check.returncode == 0
    assert "newsroom.W001" in check.stderr + check.stdout
    assert "DJANGO_SECRET_KEY" in check.stderr + check.stdout
    migrations = run("manage.py", "makemigrations", "--check", "--dry-run")
    assert migrations.returncode == 0, migrations.stderr
