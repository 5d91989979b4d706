"""A DOI or a reference in, Crossref work records out: an optional, polite, cached online resolver.

Off by default: a disabled resolver raises :class:`ResolverDisabled` before any network access. When
enabled it sends a ``User-Agent`` with a contact address (Crossref's "polite pool"), waits at least
``min_interval`` seconds between requests and keeps every answer in a small SQLite cache, so the
same question is never asked twice. The HTTP call is injectable (``fetch``) for tests.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from scielo_pub.errors import ScieloPubError

from .db import Record
from .importers import crossref_record, records_from_crossref

API = "https://api.crossref.org"
Fetch = Callable[[str, Mapping[str, str]], bytes]


class ResolverDisabled(ScieloPubError):
    """The online resolver was asked to go online while it is switched off."""

    category = "resolver disabled"
    exit_code = 2


def _urllib_fetch(url: str, headers: Mapping[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=dict(headers))
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - fixed https host
        return response.read()


class CrossrefResolver:
    """Looks DOIs and bibliographic strings up in the Crossref REST API (see module docstring)."""

    def __init__(
        self,
        *,
        enabled: bool = False,
        mailto: str | None = None,
        cache_path: str | Path = ":memory:",
        min_interval: float = 1.0,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.enabled = enabled
        self.mailto = mailto
        self.min_interval = min_interval
        self._fetch = fetch or _urllib_fetch
        self._clock, self._sleep = clock, sleep
        self._last = float("-inf")
        self._lock = threading.Lock()
        self.requests = 0
        self.cache = sqlite3.connect(str(cache_path), check_same_thread=False)
        self.cache.execute(
            "CREATE TABLE IF NOT EXISTS answers (url TEXT PRIMARY KEY, body BLOB NOT NULL)"
        )

    def work(self, doi: str) -> Record | None:
        """The Crossref record of one DOI, or None when Crossref does not know it."""
        body = self._get(f"{API}/works/{urllib.parse.quote(doi.strip(), safe='/')}")
        if body is None:
            return None
        message = json.loads(body).get("message") or {}
        return crossref_record(message)

    def search(self, text: str, rows: int = 5) -> list[Record]:
        """Crossref's best candidates for a printed reference (``query.bibliographic``)."""
        query = urllib.parse.urlencode({"query.bibliographic": text, "rows": rows})
        body = self._get(f"{API}/works?{query}")
        return list(records_from_crossref(body)) if body else []

    def _get(self, url: str) -> bytes | None:
        row = self.cache.execute("SELECT body FROM answers WHERE url = ?", (url,)).fetchone()
        if row is not None:
            return row[0] or None
        if not self.enabled:
            raise ResolverDisabled(
                "the Crossref resolver is off; enable it (and give a contact e-mail) to go online"
            )
        body = self._polite_fetch(url)
        with self.cache:
            self.cache.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (url, body))
        return body or None

    def _polite_fetch(self, url: str) -> bytes:
        with self._lock:
            wait = self._last + self.min_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
            self._last = self._clock()
            self.requests += 1
        agent = "scielo-pub/0.1 (reference linking"
        agent += f"; mailto:{self.mailto})" if self.mailto else ")"
        try:
            return self._fetch(url, {"User-Agent": agent, "Accept": "application/json"})
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return b""
            raise


def as_json(record: Record) -> dict[str, Any]:
    """A record as plain JSON data (for ``refs`` output)."""
    return {
        "db": record.db,
        "id": record.ext_id,
        "doi": record.doi,
        "pmid": record.pmid,
        "title": record.title,
        "source": record.source,
        "year": record.year,
        "volume": record.volume,
        "fpage": record.fpage,
    }
