"""ISIS records in memory: tags, field occurrences and ``^x`` subfields, plus text encodings.

An :class:`IsisRecord` is an ordered tuple of ``(tag, value)`` occurrences exactly as an ISIS master
file holds them; subfields are parsed on demand. Field values are Python ``str``; encodings apply
only when records become bytes (ISO-8859-1 with ``&#NNNN;`` references, or UTF-8).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import ScieloPubError

#: Encodings an export may choose; ``latin-1`` is the LILACS/ISIS default.
ENCODINGS = ("latin-1", "utf-8")

_SUBFIELD = re.compile(r"\^(.)", re.DOTALL)

Occurrence = tuple[int, str]


class RecordFormatError(ScieloPubError):
    """A file holds bytes that are not a record of the announced ISIS format."""

    category = "ISIS format error"
    exit_code = 1


@dataclass(frozen=True, slots=True)
class IsisRecord:
    """One ISIS record: field occurrences in record order, and the leader status (``0`` active)."""

    fields: tuple[Occurrence, ...]
    status: str = "0"

    def values(self, tag: int) -> list[str]:
        """Every occurrence of ``tag``, in record order."""
        return [value for t, value in self.fields if t == tag]

    def first(self, tag: int, default: str = "") -> str:
        """The first occurrence of ``tag``, or ``default``."""
        for t, value in self.fields:
            if t == tag:
                return value
        return default

    def tags(self) -> list[int]:
        """Tags present, in first-appearance order."""
        return list(dict.fromkeys(t for t, _ in self.fields))

    def with_fields(self, extra: Iterable[Occurrence]) -> IsisRecord:
        """A copy with ``extra`` occurrences appended."""
        return IsisRecord(self.fields + tuple(extra), self.status)

    def without(self, tag: int) -> IsisRecord:
        """A copy without any occurrence of ``tag``."""
        return IsisRecord(tuple(f for f in self.fields if f[0] != tag), self.status)


def split_subfields(value: str) -> tuple[str, list[tuple[str, str]]]:
    """``"text^aone^btwo"`` -> ``("text", [("a", "one"), ("b", "two")])``; a trailing lone ``^`` stays text."""
    parts = _SUBFIELD.split(value)
    return parts[0], [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def join_subfields(text: str, subfields: Iterable[tuple[str, str]]) -> str:
    """The inverse of :func:`split_subfields`."""
    return text + "".join(f"^{code}{value}" for code, value in subfields)


def subfield(value: str, code: str, default: str = "") -> str:
    """The first ``^code`` subfield of a field value (``code="*"`` or ``""`` gives the body text)."""
    text, subs = split_subfields(value)
    if code in ("*", ""):
        return text
    for key, sub in subs:
        if key == code:
            return sub
    return default


def build_field(text: str = "", /, **subfields: str | None) -> str:
    """A field value from body text and subfields given as keywords (``_1`` for ``^1``); empty ones skipped."""
    parts = [text]
    for key, value in subfields.items():
        if value:
            parts.append(f"^{key.lstrip('_')}{value}")
    return "".join(parts)


def encode_text(text: str, encoding: str) -> bytes:
    """Text to bytes; in Latin-1, characters outside it become ``&#NNNN;`` (PC-Programs' convention)."""
    if encoding == "latin-1":
        return text.encode("latin-1", "xmlcharrefreplace")
    return text.encode(encoding)


def check_encoding(encoding: str) -> str:
    """The canonical name of a supported export encoding, or a ScieloPubError saying which exist."""
    name = encoding.lower().replace("_", "-")
    aliases = {
        "latin1": "latin-1",
        "iso-8859-1": "latin-1",
        "iso8859-1": "latin-1",
        "utf8": "utf-8",
    }
    name = aliases.get(name, name)
    if name not in ENCODINGS:
        raise ScieloPubError(f"unknown encoding {encoding!r}; use one of: {', '.join(ENCODINGS)}")
    return name


def iter_subfield_records(record: IsisRecord) -> Iterator[tuple[int, str, list[tuple[str, str]]]]:
    """``(tag, text, subfields)`` for every occurrence of a record."""
    for tag, value in record.fields:
        text, subs = split_subfields(value)
        yield tag, text, subs
