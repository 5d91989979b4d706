"""Records in, records within CISIS limits out: the documented policy for over-long fields and records.

CISIS ISO 2709 has 4-digit field lengths and 5-digit record lengths (FORMATS.md, "Limits"):

* a field occurrence may hold at most **9,998 data bytes** (its directory length counts one ``#`` more);
  CISIS itself writes longer fields with a corrupt directory and reads them back truncated;
* a record may be at most **99,999 bytes** long; the default Linux ``mx`` build loads records only up
  to 32,767 bytes (MAXMFRL), the big-record build up to 1 MiB.

Policy (``LimitPolicy``), applied before any byte is written and always reported:

* ``truncate`` (default): an over-long occurrence keeps its subfields; its longest part (body text or
  subfield value) is cut at the last space that fits, on a character boundary, and ends with `` [...]``
  so a reader sees the cut; a *warning* names record, tag, original and kept byte counts.
* ``reject``: a record with an over-long occurrence is not written; an *error* names it.

A record longer than 99,999 bytes after that is never written (error). A record longer than 32,767
bytes is written with a warning that default CISIS builds cannot load it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..errors import Diagnostic, Severity
from .isis import IsisRecord, encode_text, join_subfields, split_subfields

MAX_FIELD_BYTES = 9998
MAX_RECORD_BYTES = 99999
CISIS_DEFAULT_MAXMFRL = 32767
TRUNCATION_MARK = " [...]"


class LimitPolicy(StrEnum):
    """What happens to an occurrence longer than CISIS accepts."""

    TRUNCATE = "truncate"
    REJECT = "reject"


@dataclass(slots=True)
class LimitReport:
    """Diagnostics collected while records are checked against the limits."""

    path: str = "<records>"
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, severity: Severity, message: str, code: str, advice: str = "") -> None:
        self.diagnostics.append(
            Diagnostic(self.path, 0, 0, severity, message, code, kind="rule", advice=advice)
        )


def iso_record_length(byte_lengths: list[int]) -> int:
    """Logical ISO record length for fields of these data-byte lengths (leader + directory + data)."""
    return 24 + 12 * len(byte_lengths) + sum(byte_lengths) + len(byte_lengths) + 2


def cut_to_bytes(text: str, limit: int, encoding: str) -> str:
    """The longest prefix of ``text`` that encodes in at most ``limit`` bytes, ending at a space if one is near."""
    if limit <= 0:
        return ""
    data = encode_text(text, encoding)[:limit]
    prefix = data.decode(encoding, errors="ignore")
    if encoding == "latin-1":
        prefix = _drop_partial_reference(prefix, text)
    space = prefix.rfind(" ", max(0, len(prefix) - 200))
    return prefix[:space] if space > 0 else prefix


def _drop_partial_reference(prefix: str, text: str) -> str:
    """Undo a ``&#NNNN;`` reference cut in the middle (prefix comes from the encoded bytes)."""
    amp = prefix.rfind("&#")
    if amp >= 0 and ";" not in prefix[amp:]:
        prefix = prefix[:amp]
    return prefix


def shorten_occurrence(value: str, limit: int, encoding: str) -> str:
    """An occurrence cut to ``limit`` bytes by shortening its longest part and marking the cut."""
    text, subs = split_subfields(value)
    parts = [text] + [sub for _, sub in subs]
    longest = max(range(len(parts)), key=lambda i: len(encode_text(parts[i], encoding)))
    others = len(encode_text(value, encoding)) - len(encode_text(parts[longest], encoding))
    room = limit - others - len(TRUNCATION_MARK)
    parts[longest] = cut_to_bytes(parts[longest], room, encoding) + TRUNCATION_MARK
    return join_subfields(parts[0], [(code, parts[i + 1]) for i, (code, _) in enumerate(subs)])


def apply_limits(
    record: IsisRecord,
    encoding: str,
    policy: LimitPolicy,
    report: LimitReport,
    label: str,
) -> IsisRecord | None:
    """``record`` itself, a truncated copy, or None when it must not be written; reasons go to ``report``."""
    lengths = [len(encode_text(v, encoding)) for _, v in record.fields]
    if max(lengths, default=0) > MAX_FIELD_BYTES:
        record = _over_long_fields(record, lengths, encoding, policy, report, label)
        if record is None:
            return None
        lengths = [len(encode_text(v, encoding)) for _, v in record.fields]
    total = iso_record_length(lengths)
    if total > MAX_RECORD_BYTES:
        report.add(
            Severity.ERROR,
            f"record {label} is {total} bytes long, over the ISO 2709 maximum of {MAX_RECORD_BYTES}; not written",
            "lilacs-record-too-long",
            "Split the content (e.g. fewer authors or shorter abstracts) or export it as JSON.",
        )
        return None
    if total > CISIS_DEFAULT_MAXMFRL:
        report.add(
            Severity.WARNING,
            f"record {label} is {total} bytes long; default CISIS builds load at most {CISIS_DEFAULT_MAXMFRL}",
            "lilacs-record-over-maxmfrl",
            "Load it with a CISIS build for big records (ISISXL / FFI) or shorten the record.",
        )
    return record


def _over_long_fields(
    record: IsisRecord,
    lengths: list[int],
    encoding: str,
    policy: LimitPolicy,
    report: LimitReport,
    label: str,
) -> IsisRecord | None:
    long_tags = sorted(
        {t for (t, _), n in zip(record.fields, lengths, strict=True) if n > MAX_FIELD_BYTES}
    )
    if policy is LimitPolicy.REJECT:
        report.add(
            Severity.ERROR,
            f"record {label}: field(s) {', '.join(f'v{t}' for t in long_tags)} longer than "
            f"{MAX_FIELD_BYTES} bytes; record not written (policy 'reject')",
            "lilacs-field-too-long",
            "Shorten the field in the source, or export with the 'truncate' policy.",
        )
        return None
    fields = []
    for (tag, value), n in zip(record.fields, lengths, strict=True):
        if n > MAX_FIELD_BYTES:
            value = shorten_occurrence(value, MAX_FIELD_BYTES, encoding)
            kept = len(encode_text(value, encoding))
            report.add(
                Severity.WARNING,
                f"record {label}: v{tag} was {n} bytes, over the CISIS limit of {MAX_FIELD_BYTES}; "
                f"cut to {kept} bytes and marked '{TRUNCATION_MARK.strip()}'",
                "lilacs-field-truncated",
                "Shorten the text in the source if the cut loses something a reader needs.",
            )
        fields.append((tag, value))
    return IsisRecord(tuple(fields), record.status)
