"""Compile a gettext catalogue (.po) into the binary form Django loads (.mo), in pure Python.

`make install` compiles the catalogues with Django's `compilemessages`, which needs GNU
gettext's `msgfmt`. A developer's machine without gettext falls back to this module, so
`make run` needs nothing but Python. It reads what `makemessages` writes: contexts,
plurals, multi-line strings; fuzzy and obsolete entries are left out, as msgfmt does.

    python -m newsroom.msgfmt locale/uk/LC_MESSAGES/django.po locale/uk/LC_MESSAGES/django.mo
"""

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

MO_MAGIC = 0x950412DE
CONTEXT_SEPARATOR = "\x04"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        original = self.msgid if self.msgid_plural is None else f"{self.msgid}\0{self.msgid_plural}"
        return original if self.msgctxt is None else f"{self.msgctxt}{CONTEXT_SEPARATOR}{original}"

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]


def _string(text: str) -> str:
    # A PO string is a C string literal; its escapes (\n, \t, \", \\) read as Python's do.
    return ast.literal_eval(text)


def read_po(text: str) -> list[Entry]:
    """Every entry of a catalogue, the header (msgid "") included; obsolete ones left out."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"continuation line without a keyword: {line!r}")
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _string(line)
            else:
                setattr(entry, name, getattr(entry, name) + _string(line))
            continue
        keyword, _, value = line.partition(" ")
        # Entries are separated by blank lines, but a new msgctxt or msgid after a msgstr
        # starts one too.
        if keyword in {"msgctxt", "msgid"} and target is not None and target[0] == "msgstr":
            finish()
        if keyword in {"msgctxt", "msgid", "msgid_plural"}:
            setattr(entry, keyword, _string(value))
            target = (keyword, 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr[index] = _string(value)
            target = ("msgstr", index)
        else:
            raise ValueError(f"unknown line in catalogue: {line!r}")
    finish()
    return entries


def mo_bytes(entries: list[Entry]) -> bytes:
    """The .mo file of the translated, non-fuzzy entries (and the header)."""
    messages = {
        entry.key: "\0".join(entry.translations)
        for entry in entries
        if (entry.msgid == "" or "fuzzy" not in entry.flags) and any(entry.translations)
    }
    keys = sorted(messages, key=lambda key: key.encode())
    originals = [key.encode() for key in keys]
    translations = [messages[key].encode() for key in keys]
    count = len(keys)
    originals_table = 7 * 4
    translations_table = originals_table + 8 * count
    data_start = translations_table + 8 * count
    offsets, data = [], b""
    for text in originals + translations:
        offsets.append((len(text), data_start + len(data)))
        data += text + b"\0"
    header = struct.pack(
        "<7I", MO_MAGIC, 0, count, originals_table, translations_table, 0, data_start
    )
    table = b"".join(struct.pack("<2I", length, offset) for length, offset in offsets)
    return header + table + data


def compile_po(source: Path, target: Path) -> None:
    target.write_bytes(mo_bytes(read_po(source.read_text(encoding="utf-8"))))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m newsroom.msgfmt CATALOGUE.po COMPILED.mo")
    compile_po(Path(sys.argv[1]), Path(sys.argv[2]))
