"""CISIS ``.id`` text in, records out, and back: ``!ID nnnnnnn`` then one ``!vTTT!value`` line per occurrence.

As ``i2id`` writes it (FORMATS.md (b)): 7-digit record numbers, 3-digit tags, values verbatim to the end
of the line, ``\\n`` line ends. ``id2i`` ignores the numbers, so the writer numbers records 1, 2, 3...
The reader ignores blank lines; with CRLF line ends it drops the ``\\r`` (CISIS on Linux would keep it
inside every value) and says so. A value cannot hold a line break in this format: the writer turns
line breaks into spaces and reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import Diagnostic, Severity
from .isis import IsisRecord, encode_text
from .iso2709 import ReadResult


def read_id(data: bytes, encoding: str = "latin-1", path: str = "<id>") -> ReadResult:
    """Every record of a ``.id`` file; lines that are neither header nor field become diagnostics."""
    result = ReadResult()
    text = data.decode(encoding, errors="replace" if encoding != "latin-1" else "strict")
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        result.diagnostics.append(
            Diagnostic(
                path,
                1,
                1,
                Severity.WARNING,
                "CRLF line ends: the \\r was dropped from every value (CISIS on Linux keeps it)",
                "id-crlf",
            )
        )
    fields: list[tuple[int, str]] | None = None
    tags: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("!v"):
            if fields is None:
                fields = []
                _bad(
                    result,
                    path,
                    number,
                    "field line before the first !ID line; a record was started",
                )
            mark = line.find("!", 2)
            key = line[2:mark]
            tag = tags.get(key)
            if tag is None:
                if not (0 < mark <= 5 and key.isdigit()):
                    _bad(result, path, number, f"not a field line, ignored: {line[:40]!r}")
                    continue
                tag = tags[key] = int(key)
            fields.append((tag, line[mark + 1 :]))
        elif line.startswith("!ID"):
            if fields is not None:
                result.records.append(IsisRecord(tuple(fields)))
            fields = []
        elif line.strip():
            _bad(result, path, number, f"not a field line, ignored: {line[:40]!r}")
    if fields is not None:
        result.records.append(IsisRecord(tuple(fields)))
    return result


def _bad(result: ReadResult, path: str, line: int, message: str) -> None:
    advice = "Each line must be '!ID n' or '!vTTT!value'."
    result.diagnostics.append(
        Diagnostic(path, line, 1, Severity.WARNING, message, "id-bad-line", advice=advice)
    )


def iter_id(
    records: Iterable[IsisRecord],
    encoding: str = "latin-1",
    diagnostics: list[Diagnostic] | None = None,
    start: int = 1,
) -> Iterator[bytes]:
    """``.id`` bytes per record, numbered from ``start``; line breaks inside values are reported."""
    for number, record in enumerate(records, start):
        lines = [f"!ID {number:07d}"]
        for tag, value in record.fields:
            if "\n" in value or "\r" in value:
                value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
                if diagnostics is not None:
                    diagnostics.append(
                        Diagnostic(
                            "<id>",
                            number,
                            0,
                            Severity.WARNING,
                            f"record {number}: line break in v{tag} written as a space",
                            "id-line-break",
                            kind="rule",
                        )
                    )
            lines.append(f"!v{tag:03d}!{value}")
        lines.append("")
        yield encode_text("\n".join(lines), encoding)


def write_id(
    records: Iterable[IsisRecord],
    encoding: str = "latin-1",
    diagnostics: list[Diagnostic] | None = None,
) -> bytes:
    """A whole ``.id`` file for ``records``."""
    return b"".join(iter_id(records, encoding, diagnostics))
