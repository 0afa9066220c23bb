"""Every word a reader or an editor sees is marked for translation and has a Ukrainian one.

Two halves, so that a failure names what to do:
- templates: visible text (and the attributes read aloud or shown: alt, title, aria-label,
  placeholder, a meta description) outside {% translate %} / {% blocktranslate %} fails;
- the catalogue: Django's own extraction (makemessages) is run over a copy of the sources
  with our catalogue, and every msgid must come out translated, not fuzzy, with the same
  placeholders as the English and every Ukrainian plural form filled.
"""

import ast
import gettext
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from newsroom.msgfmt import Entry, mo_bytes, read_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
CATALOGUE = ROOT / "locale" / "uk" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
UKRAINIAN_PLURALS = 3

# Words that are the same in every language: key names and format names, not prose.
NOT_WORDS = {"Ctrl", "Atom"}
# Attributes whose values a reader sees or hears (and a page's description, shown by
# search engines).
READ_ATTRIBUTES = re.compile(r"""\b(?:alt|title|aria-label|placeholder)\s*=\s*"([^"]*)\"""")
DESCRIPTION = re.compile(r"""<meta\s+name="description"\s+content="([^"]*)\"""")
# Stands in for every template variable and tag, so the markup around them stays whole.
HOLE = "\x00"
WORD = re.compile(r"[^\W\d_]{2,}")


def visible_text_outside_translation(source: str) -> list[str]:
    """The words of a template that reach a reader without passing through gettext."""
    pieces, skipping = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if skipping:
                if name == f"end{skipping}":
                    skipping = None
                continue
            if name in {"blocktranslate", "blocktrans", "comment"}:
                skipping = name
            elif name == "block" and token.contents.split()[1].endswith("class"):
                # {% block bodyclass %}: CSS class names that a child puts in an attribute.
                skipping = "block"
            pieces.append(HOLE)
        elif token.token_type == TokenType.TEXT and not skipping:
            pieces.append(token.contents)
        elif not skipping:
            pieces.append(HOLE)
    html = "".join(pieces)
    # Attributes that hold only a template value (HOLE) are fine; their words are checked.
    attributes = " ".join(READ_ATTRIBUTES.findall(html) + DESCRIPTION.findall(html))
    text = re.sub(r"<!--.*?-->|<[^>]*>|&[a-z]+;|&#\d+;", " ", html, flags=re.DOTALL)
    return [word for word in WORD.findall(f"{text} {attributes}") if word not in NOT_WORDS]


def template_paths() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*") if path.suffix in {".html", ".txt"})


@pytest.mark.parametrize(
    "path", template_paths(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_every_visible_word_in_templates_is_marked_for_translation(path):
    words = visible_text_outside_translation(path.read_text(encoding="utf-8"))
    assert words == [], f"{path.relative_to(ROOT)} shows words outside {{% translate %}}: {words}"


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("<p>Hello {{ name }}</p>", ["Hello"]),
        ('<img alt="A harbour" src="{{ url }}">', ["harbour"]),
        ('<a aria-label="Close" href="#">✕</a>', ["Close"]),
        ('<a href="{{ url }}">{% translate "Back" %}</a> or', ["or"]),
        ("{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}", []),
        ("{% comment %}Notes for developers{% endcomment %}<p>{{ x }}</p>", []),
        ('<div class="suggest" data-suggest hidden></div><kbd>Ctrl+↵</kbd> · “{{ t }}”', []),
        ('<meta name="description" content="{% block d %}{% endblock %}">', []),
        ('<meta name="description" content="Local news">', ["Local", "news"]),
        ('<meta name="viewport" content="width=device-width">', []),
        ("{% block page_class %} suggest-page{% endblock %}", []),
    ],
)
def test_the_template_scan_finds_unmarked_words_and_only_those(source, words):
    assert visible_text_outside_translation(source) == words


def _has_gettext() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgattrib"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list[Entry]:
    """makemessages run over a copy of the sources and our catalogue, as `make messages` does.

    msgmerge keeps our translations, marks a changed msgid fuzzy and adds new ones empty.
    """
    if not _has_gettext():
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext, msgmerge) is missing; CI must run this check.")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("sources")
    for name in ("corrections", "newsroom", "templates", "locale", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, copy / name)
    environment = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "uk", "--no-obsolete", "-v0"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    return read_po((copy / CATALOGUE.relative_to(ROOT)).read_text(encoding="utf-8"))


def _name(entry: Entry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_every_message_has_a_ukrainian_translation(extracted):
    untranslated = [
        _name(entry)
        for entry in extracted
        if entry.msgid
        and ("fuzzy" in entry.flags or not all(entry.translations) or not entry.translations)
    ]
    assert untranslated == [], (
        "Translate these in locale/uk/LC_MESSAGES/django.po (`make messages` adds them): "
        f"{untranslated}"
    )


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|%%")


@pytest.mark.parametrize("entry", read_po(CATALOGUE.read_text())[1:], ids=_name)
def test_translations_keep_the_placeholders_and_plural_forms(entry):
    if entry.msgid_plural is not None:
        assert len(entry.translations) == UKRAINIAN_PLURALS
    expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
    for translation in entry.translations:
        assert sorted(PLACEHOLDER.findall(translation)) == expected, translation
        # Markup in a message (links, <kbd>, <del>) must survive translation as well.
        assert sorted(re.findall(r"</?[a-z]+", translation)) == sorted(
            re.findall(r"</?[a-z]+", entry.msgid)
        ), translation


def test_the_catalogue_declares_ukrainian_plural_forms():
    (header,) = (entry for entry in read_po(CATALOGUE.read_text()) if entry.msgid == "")
    assert (
        "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);" in header.translations[0]
    )


def test_the_compiled_catalogue_is_up_to_date():
    assert COMPILED.exists(), "locale/uk/LC_MESSAGES/django.mo is missing: run `make install`"
    compiled = gettext.GNUTranslations(COMPILED.open("rb"))._catalog
    fresh = gettext.GNUTranslations(io.BytesIO(mo_bytes(read_po(CATALOGUE.read_text()))))._catalog
    # The header differs by msgfmt's choice of fields; the messages must not.
    compiled.pop("", None)
    fresh.pop("", None)
    assert compiled == fresh, "django.mo is older than django.po: run `make install`"


# --- Python: strings that reach a reader or an editor through Django's APIs ---------------

PYTHON_SOURCES = [
    path
    for package in ("corrections", "newsroom")
    for path in sorted((ROOT / package).rglob("*.py"))
    if "migrations" not in path.parts and "management" not in path.parts
]
# Calls whose (first) message argument is shown to a person.
MESSAGE_CALLS = {"ValidationError": 0, "Http404": 0, "add_error": 1, "message_user": 1}
MESSAGE_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "description",
    "empty_value_display",
    "short_description",
}


def _is_prose(node) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(WORD.search(node.value))
    )


def unmarked_python_strings(source: str) -> list[str]:
    """Plain string literals given to Django where a person reads them."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = MESSAGE_CALLS.get(name)
            if (
                position is not None
                and len(node.args) > position
                and _is_prose(node.args[position])
            ):
                found.append(node.args[position].value)
            found += [
                keyword.value.value
                for keyword in node.keywords
                if keyword.arg in MESSAGE_KEYWORDS and _is_prose(keyword.value)
            ]
        elif isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")) in {"TextChoices", "IntegerChoices"}
            for base in node.bases
        ):
            # A choice's label is the second item: `DRAFT = "draft", _("Draft")`.
            for statement in node.body:
                value = getattr(statement, "value", None)
                if (
                    isinstance(value, ast.Tuple)
                    and len(value.elts) > 1
                    and _is_prose(value.elts[1])
                ):
                    found.append(value.elts[1].value)
    return found


@pytest.mark.parametrize("path", PYTHON_SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_python_strings_shown_to_people_are_marked_for_translation(path):
    found = unmarked_python_strings(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(ROOT)}: wrap these in gettext: {found}"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('raise ValidationError("Too long.")', ["Too long."]),
        ('raise ValidationError(_("Too long."))', []),
        ('form.add_error("email", "Give an address.")', ["Give an address."]),
        ('forms.CharField(label="Name", help_text=_("Yours"))', ["Name"]),
        ('@admin.display(description="passage")\ndef f(): pass', ["passage"]),
        ('class K(models.TextChoices):\n    A = "a", "Apple"', ["Apple"]),
        ('class K(models.TextChoices):\n    A = "a", _("Apple")', []),
        ('logger.warning("Not for readers %s", x)', []),
    ],
)
def test_the_python_scan_finds_unmarked_strings_and_only_those(source, found):
    assert unmarked_python_strings(source) == found
