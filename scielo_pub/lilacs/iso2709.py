"""ISIS ISO 2709 bytes in, records out, and back: the layout CISIS ``mx iso=`` writes.

Layout (FORMATS.md (a)): 24-byte leader, 12-byte directory entries (tag 3, length 4, offset 5), ``#``
after the directory, after every field and at the end of the record; the record is cut into 80-byte
lines, each ended by ``\\n`` (the last, partial one too). Lengths are byte counts in the chosen encoding.
The reader also accepts CRLF line ends and unwrapped records (MARC-style separators included), with a
note, so files from other tools can be read; what it writes is always the CISIS layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from operator import itemgetter

from ..errors import Diagnostic, Severity
from .isis import IsisRecord, encode_text
from .limits import (
    CISIS_DEFAULT_MAXMFRL,
    MAX_FIELD_BYTES,
    MAX_RECORD_BYTES,
    LimitPolicy,
    LimitReport,
    apply_limits,
    iso_record_length,
)

LINE_LEN = 80
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_LEADER_TAIL = b"0004500"


@dataclass(slots=True)
class ReadResult:
    """Records read from a file and what was noticed on the way."""

    records: list[IsisRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Reader:
    """Walks one ISO file record by record; positions are byte offsets in the physical file."""

    def __init__(self, data: bytes, encoding: str, path: str) -> None:
        self.data = data
        self.encoding = encoding
        self.path = path
        self.result = ReadResult()
        self.newline = b"\r\n" if b"\r\n" in data[: LINE_LEN + 2] else b"\n"
        self.entries: dict[str, tuple[int, int]] = {}

    def diag(
        self, severity: Severity, message: str, code: str, index: int, advice: str = ""
    ) -> None:
        self.result.diagnostics.append(
            Diagnostic(self.path, index, 0, severity, message, code, advice=advice)
        )

    def run(self) -> ReadResult:
        pos, size, index = 0, len(self.data), 0
        if self.newline == b"\r\n":
            self.diag(Severity.INFO, "CRLF line ends (Windows CISIS); read as such", "iso-crlf", 0)
        while pos < size:
            if self.data[pos] in b"\r\n\x1a":
                pos += 1
                continue
            index += 1
            pos = self.read_one(pos, index)
            if pos < 0:
                break
        return self.result

    def read_one(self, pos: int, index: int) -> int:
        head = self.data[pos : pos + 5]
        if not head.isdigit():
            self.diag(
                Severity.ERROR,
                f"record {index} at byte {pos}: no 5-digit record length ({head!r}); "
                "reading stopped",
                "iso-bad-length",
                index,
                "Check the file is ISO 2709 (mx iso=).",
            )
            return -1
        length = int(head)
        if length < 25:  # shorter than the leader and its end: no record, and no progress
            self.diag(
                Severity.ERROR,
                f"record {index} at byte {pos}: record length {length} is shorter than the "
                "24-byte leader; reading stopped",
                "iso-bad-length",
                index,
                "Check the file is ISO 2709 (mx iso=).",
            )
            return -1
        raw, end = self.logical(pos, length)
        if raw is None:
            self.diag(
                Severity.ERROR,
                f"record {index} at byte {pos}: file ends inside the record "
                f"({length} bytes announced); reading stopped",
                "iso-truncated",
                index,
            )
            return -1
        record = self.parse(raw, index)
        if record is not None:
            self.result.records.append(record)
        return end

    def logical(self, pos: int, length: int) -> tuple[bytes | None, int]:
        """The record's logical bytes (line breaks removed) and where the next record starts."""
        nl = self.newline
        lines = -(-length // LINE_LEN)
        end = pos + length + lines * len(nl)
        chunk = self.data[pos:end]
        after = LINE_LEN if length > LINE_LEN else length
        if len(chunk) >= length and chunk[after : after + len(nl)] != nl:
            return self.unwrapped(pos, length)
        if len(chunk) < end - pos:
            return None, end
        raw = chunk.replace(nl, b"")
        if len(raw) != length:  # a newline inside field data: cut exactly at every line end
            step = LINE_LEN + len(nl)
            raw = b"".join(chunk[i : i + LINE_LEN] for i in range(0, len(chunk), step))
        return raw, end

    def unwrapped(self, pos: int, length: int) -> tuple[bytes | None, int]:
        raw = self.data[pos : pos + length]
        if len(raw) < length:
            return None, pos + length
        if not self.result.diagnostics or self.result.diagnostics[-1].code != "iso-unwrapped":
            self.diag(
                Severity.INFO,
                "records are not cut into 80-byte lines; read unwrapped",
                "iso-unwrapped",
                0,
            )
        return raw, pos + length

    def parse(self, raw: bytes, index: int) -> IsisRecord | None:
        if raw[20:22] != b"45" or not raw[12:17].isdigit():
            self.diag(
                Severity.ERROR,
                f"record {index}: leader {raw[:24]!r} is not ISIS ISO "
                "(length-of-length 4, length-of-start 5 expected); record skipped",
                "iso-bad-leader",
                index,
            )
            return None
        base = int(raw[12:17])
        try:
            fields = self.fields(raw, base)
        except (ValueError, UnicodeDecodeError) as exc:
            self.diag(
                Severity.ERROR,
                f"record {index}: directory or data unreadable ({exc}); record skipped",
                "iso-bad-directory",
                index,
                "Re-export the file with CISIS mx iso=.",
            )
            return None
        if raw[6:12] != b"000000" or raw[17:24] != _LEADER_TAIL:
            self.diag(
                Severity.WARNING,
                f"record {index}: non-default leader {raw[:24]!r}; it is written "
                "back with CISIS defaults",
                "iso-leader",
                index,
            )
        return IsisRecord(fields, chr(raw[5]))

    def fields(self, raw: bytes, base: int) -> tuple[tuple[int, str], ...]:
        count = (base - 25) // 12
        directory = raw[24 : 24 + 12 * count].decode("ascii")
        cache, get = self.entries, self.entries.get
        pairs = [
            get(directory[i : i + 7]) or _entry(cache, directory[i : i + 7])
            for i in range(0, 12 * count, 12)
        ]
        tags = list(map(_FIRST, pairs))
        sizes = list(map(_SECOND, pairs))
        data_len = sum(sizes) + count
        in_order = data_len == len(raw) - base - 1 and (
            not count or int(directory[-5:]) == data_len - sizes[-1] - 1
        )
        if in_order:
            parts = raw[base:-1].split(b"#")
            if len(parts) == count + 1 and list(map(len, parts[:-1])) == sizes:
                text = raw[base:-1].decode(self.encoding)
                return tuple(zip(tags, text.split("#"), strict=False))
            starts = list(accumulate([n + 1 for n in sizes], initial=base))
        else:
            starts = self.scattered(directory, base, sizes, len(raw))
        enc = self.encoding
        return tuple(
            [(t, raw[a : a + n].decode(enc)) for t, n, a in zip(tags, sizes, starts, strict=False)]
        )

    @staticmethod
    def scattered(directory: str, base: int, lengths: list[int], size: int) -> list[int]:
        """Field starts read from every directory offset (for files whose fields are not in order)."""
        starts = [base + int(directory[i + 7 : i + 12]) for i in range(0, len(directory), 12)]
        if any(a + n + 1 > size for a, n in zip(starts, lengths, strict=True)):
            raise ValueError("a directory entry points past the end of the record")
        return starts


def _entry(cache: dict[str, tuple[int, int]], key: str) -> tuple[int, int]:
    """(tag, data length) of a directory entry's first 7 characters, remembered for the next records."""
    if len(cache) > 100_000:
        cache.clear()
    if int(key[3:]) < 1:
        raise ValueError(f"directory entry {key!r} has no room for the field terminator")
    value = cache[key] = (int(key[:3]), int(key[3:]) - 1)
    return value


def read_iso(data: bytes, encoding: str = "latin-1", path: str = "<iso>") -> ReadResult:
    """Every record of an ISO 2709 file (bytes), decoded with ``encoding``; problems become diagnostics."""
    return _Reader(data, encoding, path).run()


@cache
def _tables() -> tuple[list[str], list[str], list[str]]:
    """Zero-padded tags, lengths and offsets: list look-ups are much faster than formatting."""
    return (
        [f"{i:03d}" for i in range(1000)],
        [f"{i:04d}" for i in range(10000)],
        [f"{i:05d}" for i in range(100000)],
    )


def record_to_iso(record: IsisRecord, encoding: str = "latin-1") -> bytes:
    """One record as CISIS writes it (lines of 80 bytes, each ended by ``\\n``); it must fit the limits."""
    encoded = _encode_values([value for _, value in record.fields], encoding)
    return _assemble(record, encoded)


def _assemble(record: IsisRecord, encoded: list[bytes]) -> bytes:
    lengths = [len(v) + 1 for v in encoded]
    count = len(lengths)
    base = 25 + 12 * count
    total = base + sum(lengths) + 1
    if total > MAX_RECORD_BYTES or (lengths and max(lengths) > MAX_FIELD_BYTES + 1):
        raise ValueError("record over the CISIS limits; apply limits.apply_limits first")
    tags, lens, offs = _tables()
    directory = "".join(
        [
            tags[tag] + lens[n] + offs[off]
            for (tag, _), n, off in zip(
                record.fields, lengths, accumulate(lengths, initial=0), strict=False
            )
        ]
    )
    leader = f"{total:05d}{record.status}000000{base:05d}0004500{directory}#"
    raw = leader.encode("ascii") + b"#".join(encoded) + (b"##" if encoded else b"#")
    return b"\n".join([raw[i : i + LINE_LEN] for i in range(0, total, LINE_LEN)]) + b"\n"


def _encode_values(values: list[str], encoding: str) -> list[bytes]:
    if encoding == "latin-1" and values:
        try:
            encoded = "\x00".join(values).encode("latin-1").split(b"\x00")
        except UnicodeEncodeError:
            encoded = []
        if len(encoded) == len(values):
            return encoded
    return [encode_text(v, encoding) for v in values]


def iter_iso(
    records: Iterable[IsisRecord],
    encoding: str = "latin-1",
    policy: LimitPolicy = LimitPolicy.TRUNCATE,
    report: LimitReport | None = None,
) -> Iterator[bytes]:
    """ISO bytes per record; over-limit records are handled by ``policy`` and reported in ``report``."""
    report = report if report is not None else LimitReport()
    for number, record in enumerate(records, 1):
        encoded = _encode_values([value for _, value in record.fields], encoding)
        size = iso_record_length([len(v) for v in encoded])
        if size <= CISIS_DEFAULT_MAXMFRL and max(map(len, encoded), default=0) <= MAX_FIELD_BYTES:
            yield _assemble(record, encoded)
            continue
        fitted = apply_limits(record, encoding, policy, report, record.first(2) or f"#{number}")
        if fitted is not None:
            yield record_to_iso(fitted, encoding)


def write_iso(
    records: Iterable[IsisRecord],
    encoding: str = "latin-1",
    policy: LimitPolicy = LimitPolicy.TRUNCATE,
    report: LimitReport | None = None,
) -> bytes:
    """A whole ISO file for ``records``."""
    return b"".join(iter_iso(records, encoding, policy, report))
