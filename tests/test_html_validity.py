"""The Nu Html Checker (vnu-jar) finds no error in any public page."""

import json
import shutil
import subprocess

import pytest

from checked_pages import VNU_JAR, checked_pages, require_tool

pytestmark = pytest.mark.django_db


def vnu_errors(pages: dict[str, str], tmp_path) -> dict[str, list[str]]:
    """Check every page in one run of the checker (one JVM start for all of them)."""
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = tmp_path / f"{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path] = name
    names = {path.name: name for path, name in files.items()}
    completed = subprocess.run(  # noqa: S603
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(completed.stderr)["messages"]:
        # "non-document-error": the checker could not read a page, which must fail too.
        if message["type"] in {"error", "non-document-error"}:
            url = message.get("url", "")
            name = names.get(url.rsplit("/", 1)[-1], url)
            where = f"line {message.get('lastLine')}"
            errors.setdefault(name, []).append(
                f"{where}: {message['message']} {message.get('extract', '')!r}"
            )
    return errors


def test_public_pages_are_valid_html(client, tmp_path):
    require_tool(VNU_JAR, command="java")
    pages = {}
    for name, url in checked_pages().items():
        response = client.get(url)
        assert response.status_code in {200, 404}, (name, response.status_code)
        pages[name] = response.content.decode()
    assert vnu_errors(pages, tmp_path) == {}
