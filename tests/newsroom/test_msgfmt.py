"""The pure-Python catalogue compiler reads what makemessages writes, as msgfmt does."""

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from newsroom.msgfmt import compile_po, mo_bytes, read_po

CATALOGUE = Path(__file__).resolve().parent.parent.parent / "locale/uk/LC_MESSAGES/django.po"

SAMPLE = r"""# A comment
msgid ""
msgstr ""
"Language: uk\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#: somewhere.py
#, python-format
msgid ""
"A long message that makemessages "
"wraps over two lines, with \"quotes\"\n"
"and a newline."
msgstr ""
"Довге повідомлення, яке makemessages "
"переносить, з \"лапками\"\n"
"і новим рядком."

msgctxt "kind of note"
msgid "Update"
msgstr "Оновлення"

msgid "Update"
msgstr "Оновити"

msgid "%(count)s reader"
msgid_plural "%(count)s readers"
msgstr[0] "%(count)s читач"
msgstr[1] "%(count)s читачі"
msgstr[2] "%(count)s читачів"

#, fuzzy
msgid "Guessed"
msgstr "Вгадано"

msgid "Not yet translated"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "Застаріле"
"""


def translations(mo: bytes) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(mo))


def test_messages_contexts_and_plurals_are_compiled():
    compiled = translations(mo_bytes(read_po(SAMPLE)))
    assert (
        compiled.gettext(
            'A long message that makemessages wraps over two lines, with "quotes"\nand a newline.'
        )
        == 'Довге повідомлення, яке makemessages переносить, з "лапками"\nі новим рядком.'
    )
    assert compiled.pgettext("kind of note", "Update") == "Оновлення"
    assert compiled.gettext("Update") == "Оновити"
    forms = [compiled.ngettext("%(count)s reader", "%(count)s readers", n) for n in (1, 3, 5)]
    assert forms == ["%(count)s читач", "%(count)s читачі", "%(count)s читачів"]


def test_fuzzy_untranslated_and_obsolete_entries_are_left_out():
    compiled = translations(mo_bytes(read_po(SAMPLE)))
    assert compiled.gettext("Guessed") == "Guessed"
    assert compiled.gettext("Not yet translated") == "Not yet translated"
    assert "Obsolete" not in compiled._catalog


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is not installed")
def test_our_catalogue_compiles_as_gnu_msgfmt_compiles_it(tmp_path):
    ours, gnu = tmp_path / "ours.mo", tmp_path / "gnu.mo"
    compile_po(CATALOGUE, ours)
    subprocess.run([shutil.which("msgfmt"), "-o", gnu, CATALOGUE], check=True)  # noqa: S603
    ours_catalog = translations(ours.read_bytes())._catalog
    gnu_catalog = translations(gnu.read_bytes())._catalog
    # msgfmt drops the POT-Creation-Date line from the header; the messages are what count.
    ours_catalog.pop("")
    gnu_catalog.pop("")
    assert ours_catalog == gnu_catalog
    assert len(ours_catalog) > 300
