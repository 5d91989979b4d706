"""Records in, JSON Lines out, and back: one record per line, each field with its body text and subfields.

Line layout: ``{"mfn": 1, "status": "0", "fields": [{"tag": 10, "text": "Asensi, Marise Dutra",
"subfields": [["1", "FIOCRUZ"], ["c", "Rio de Janeiro"]]}, ...]}``. Fields keep record order and
subfields keep field order (repeated codes are allowed), so ``text`` + ``^code value``... rebuilds the
ISIS value exactly. In Latin-1 output, characters outside Latin-1 are JSON ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator

from ..errors import Diagnostic, Severity
from .isis import IsisRecord, join_subfields, split_subfields
from .iso2709 import ReadResult


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


codecs.register_error("scielo_pub_json", _json_escape)


def record_to_json(record: IsisRecord, mfn: int) -> str:
    """One record as a JSON object on one line."""
    fields = []
    for tag, value in record.fields:
        text, subs = split_subfields(value)
        fields.append({"tag": tag, "text": text, "subfields": [list(s) for s in subs]})
    return json.dumps({"mfn": mfn, "status": record.status, "fields": fields}, ensure_ascii=False)


def iter_jsonl(
    records: Iterable[IsisRecord], encoding: str = "utf-8", start: int = 1
) -> Iterator[bytes]:
    """JSON Lines bytes per record, numbered from ``start``."""
    errors = "scielo_pub_json" if encoding == "latin-1" else "strict"
    for mfn, record in enumerate(records, start):
        yield (record_to_json(record, mfn) + "\n").encode(encoding, errors)


def write_jsonl(records: Iterable[IsisRecord], encoding: str = "utf-8") -> bytes:
    """A whole JSON Lines file for ``records``."""
    return b"".join(iter_jsonl(records, encoding))


def read_jsonl(data: bytes, encoding: str = "utf-8", path: str = "<jsonl>") -> ReadResult:
    """Records from JSON Lines; a line that is not a record becomes a diagnostic and is skipped."""
    result = ReadResult()
    for number, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        try:  # UnicodeDecodeError is a ValueError: a line in another encoding is skipped too
            result.records.append(json_to_record(json.loads(raw.decode(encoding))))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            result.diagnostics.append(
                Diagnostic(
                    path,
                    number,
                    1,
                    Severity.ERROR,
                    f"not a JSON record ({exc}); line skipped",
                    "jsonl-bad-line",
                    advice='Each line must be {"fields": [{"tag": ..., "text": ...}]}.',
                )
            )
    return result


def json_to_record(obj: dict) -> IsisRecord:
    """A record from its JSON object (the inverse of :func:`record_to_json`)."""
    fields = []
    for item in obj["fields"]:
        tag = int(item["tag"])
        if not 0 <= tag <= 999:
            raise ValueError(f"tag {tag} is outside 0-999")
        subs = [(str(code), str(value)) for code, value in item.get("subfields", [])]
        if any(len(code) != 1 for code, _ in subs):
            raise ValueError("a subfield code must be one character")
        fields.append((tag, join_subfields(str(item.get("text", "")), subs)))
    return IsisRecord(tuple(fields), str(obj.get("status", "0")))
