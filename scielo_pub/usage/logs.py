"""Access-log bytes in, parsed requests out: Apache/nginx combined lines, streamed, plain or gzip.

Three line shapes are read, the ones SciELO's servers write:

- NCSA combined: ``IP - user [time] "GET /x HTTP/1.1" 200 123 "referer" "agent"``;
- the same with a leading virtual host (``scielo.isciii.es IP - - [...] ...``);
- with an X-Forwarded-For list before the time (``IP IP, proxy - [...]`` or ``IP IP proxy [...]``).

The client is the first *public* address among the addresses before the time (a proxy's private
address never stands for a user); when none is public, the first address. Times become UTC epoch
seconds using the line's own offset. Anything after the agent (nginx timing fields) is ignored.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: A quoted field with backslash escapes, written as an "unrolled loop" (no per-character alternation).
_QUOTED = r'[^"\\]*(?:\\.[^"\\]*)*'
#: One regular expression for every shape: what comes before ``[time]`` is split afterwards.
LINE_RE = re.compile(
    rf'(?P<pre>[^\[]*)\[(?P<time>[^\]]*)\] "(?P<request>{_QUOTED})" (?P<status>\d{{3}}) \S+'
    rf'(?: "(?P<referer>{_QUOTED})" "(?P<agent>{_QUOTED})")?'
)

_MONTHS = {
    m: n
    for n, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_TIME_RE = re.compile(
    r"(\d{1,2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ?([-+]?)(\d{2})(\d{2})\Z"
)


@dataclass(frozen=True, slots=True)
class Request:
    """One log line, parsed: who asked what, when (UTC epoch seconds), and how it went."""

    client: str
    time: int
    method: str
    target: str
    status: int
    referer: str
    agent: str


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, no datetime)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@lru_cache(maxsize=4096)
def _day_base(day: str, month: str, year: str, sign: str, oh: str, om: str) -> int | None:
    """Epoch seconds of local midnight of one date in one offset (cached: logs repeat dates)."""
    mon = _MONTHS.get(month)
    d, y = int(day), int(year)
    if mon is None or not 1 <= d <= 31 or not 1970 <= y <= 9999:
        return None
    offset = int(oh) * 3600 + int(om) * 60
    # A sign-less offset ("0300", seen in real logs) is read as positive, as dateutil does.
    if sign == "-":
        offset = -offset
    return _days_from_civil(y, mon, d) * 86400 - offset


def parse_time(text: str) -> int | None:
    """``21/May/2021:23:58:50 -0300`` -> UTC epoch seconds; None when it is not such a time."""
    m = _TIME_RE.match(text)
    if m is None:
        return None
    day, month, year, hh, mm, ss, sign, oh, om = m.groups()
    base = _day_base(day, month, year, sign, oh, om)
    h, mi, s = int(hh), int(mm), int(ss)
    if base is None or h > 23 or mi > 59 or s > 60:
        return None
    return base + h * 3600 + mi * 60 + s


@lru_cache(maxsize=65536)
def client_address(pre: str) -> str:
    """The first public address among the fields before the time (see the module docstring)."""
    first = ""
    for token in pre.replace(",", " ").split():
        try:
            address = ipaddress.ip_address(token)
        except ValueError:
            continue  # a virtual host, "-", or an ident/user field
        if address.is_global:
            return token
        first = first or token
    return first


def parse_line(line: str) -> Request | None:
    """One log line -> Request, or None when the line is not in a known shape."""
    m = LINE_RE.match(line)
    if m is None:
        return None
    when = parse_time(m["time"])
    if when is None:
        return None
    parts = m["request"].split(" ")
    method = parts[0] if parts else ""
    target = parts[1] if len(parts) > 2 else ""
    return Request(
        client=client_address(m["pre"]),
        time=when,
        method=method,
        target=target,
        status=int(m["status"]),
        referer=m["referer"] or "",
        agent=m["agent"] or "",
    )


class LogFile:
    """A log on disk read as text lines (gzip detected by its magic bytes), hashing what it reads.

    ``digest`` is the SHA-256 of the decompressed bytes, complete once every line has been read: two
    files with the same content have the same fingerprint whatever their names or compression.
    Only regular files are read (a FIFO or device would never end); a "line" longer than
    ``MAX_LINE`` bytes is cut there (it will be reported malformed) and its rest skipped, so memory
    stays bounded whatever the input.
    """

    CHUNK = 1 << 20
    MAX_LINE = 1 << 16

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._sha = hashlib.sha256()
        self.lines_read = 0

    def _open(self):
        if not self.path.is_file():
            raise OSError(f"{self.path} is not a regular file")
        with self.path.open("rb") as probe:
            magic = probe.read(2)
        if magic == b"\x1f\x8b":
            return gzip.open(self.path, "rb")
        return self.path.open("rb")

    def __iter__(self) -> Iterator[str]:
        rest = b""
        skipping = False  # inside an over-long line whose start was already given
        with self._open() as fh:
            while chunk := fh.read(self.CHUNK):
                self._sha.update(chunk)
                data = rest + chunk
                cut = data.rfind(b"\n")
                if skipping:
                    first = data.find(b"\n")
                    if first < 0:
                        rest = b""
                        continue
                    data, cut, skipping = data[first + 1 :], cut - first - 1, False
                if cut < 0:
                    rest = data
                    if len(rest) > self.MAX_LINE:
                        self.lines_read += 1
                        yield rest[: self.MAX_LINE].decode("utf-8", "replace")
                        rest, skipping = b"", True
                    continue
                rest = data[cut + 1 :]
                # One decode per chunk (cut at a newline, so no character is split).
                lines = data[:cut].decode("utf-8", "replace").split("\n")
                self.lines_read += len(lines)
                for line in lines:
                    yield line[:-1] if line.endswith("\r") else line
        if rest:
            self.lines_read += 1
            line = rest.decode("utf-8", "replace")
            yield line[:-1] if line.endswith("\r") else line

    @property
    def digest(self) -> str:
        return self._sha.hexdigest()
