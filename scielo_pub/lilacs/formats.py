"""Records and a format name in, file bytes out (and back): one entry point for ISO 2709, ``.id`` and JSON Lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import Diagnostic, ScieloPubError
from .idfile import iter_id, read_id
from .isis import IsisRecord, check_encoding
from .iso2709 import ReadResult, iter_iso, read_iso
from .jsonl import iter_jsonl, read_jsonl
from .limits import LimitPolicy, LimitReport, apply_limits

FORMATS = ("iso", "id", "json")
SUFFIXES = {"iso": ".iso", "id": ".id", "json": ".jsonl"}


@dataclass(slots=True)
class Written:
    """File bytes and what was reported while writing them."""

    data: bytes
    records: int
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check_format(fmt: str) -> str:
    """``fmt`` if supported, else a ScieloPubError listing the formats."""
    name = fmt.lower().removeprefix(".")
    name = {"jsonl": "json", "iso2709": "iso"}.get(name, name)
    if name not in FORMATS:
        raise ScieloPubError(
            f"unknown LILACS file format {fmt!r}; use one of: {', '.join(FORMATS)}"
        )
    return name


def write_records(
    records: Iterable[IsisRecord],
    fmt: str = "iso",
    encoding: str = "latin-1",
    policy: LimitPolicy = LimitPolicy.TRUNCATE,
    path: str = "<export>",
) -> Written:
    """Records as one file in ``fmt``; the CISIS limits policy applies to every format alike."""
    fmt, encoding = check_format(fmt), check_encoding(encoding)
    report = LimitReport(path)
    if fmt == "iso":
        chunks = list(iter_iso(records, encoding, policy, report))
        return Written(b"".join(chunks), len(chunks), report.diagnostics)
    fitted = [r for r in _fit_all(records, encoding, policy, report) if r is not None]
    if fmt == "id":
        chunks = list(iter_id(fitted, encoding, report.diagnostics))
    else:
        chunks = list(iter_jsonl(fitted, encoding))
    return Written(b"".join(chunks), len(chunks), report.diagnostics)


def _fit_all(
    records: Iterable[IsisRecord], encoding: str, policy: LimitPolicy, report: LimitReport
):
    for number, record in enumerate(records, 1):
        yield apply_limits(record, encoding, policy, report, record.first(2) or f"#{number}")


def read_records(
    data: bytes, fmt: str = "iso", encoding: str = "latin-1", path: str = "<file>"
) -> ReadResult:
    """Every record of a file in ``fmt``."""
    fmt, encoding = check_format(fmt), check_encoding(encoding)
    reader = {"iso": read_iso, "id": read_id, "json": read_jsonl}[fmt]
    return reader(data, encoding, path)


def format_for_path(path: str) -> str | None:
    """The format a file name suggests (``.iso``, ``.id``, ``.json``/``.jsonl``), or None."""
    for fmt, suffix in SUFFIXES.items():
        if path.lower().endswith(suffix) or (fmt == "json" and path.lower().endswith(".json")):
            return fmt
    return None
