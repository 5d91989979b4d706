"""The collection store in, the citation-statistics pages as static files of the site out.

The pages and downloads are :func:`scielo_pub.indicators.pages.static_files`, the renderer the served
app answers the same URLs with, so a journal page's link to its statistics works on a plain web
server too. Journal references not yet assigned to a serial are assigned first (as the served pages
do). The indicators are computed on every build (from the store, which the build has just written);
a page whose key (a digest of what it shows) is the one written last time, and whose file is still
there, is not drawn again (``OUT/.scielo-pub/stats-manifest.json``); files of ``stats/citations/``
no longer produced (a journal taken out of the collection) are removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from ..indicators import pages
from ..indicators.report import refresh
from ..store import metadata, read
from ..store.indicators_schema import INDICATOR_TABLES
from .files import write_atomic

MANIFEST = ".scielo-pub/stats-manifest.json"


@dataclass(frozen=True)
class StatsReport:
    written: tuple[Path, ...]
    unchanged: int
    removed: int


def write_stats_pages(engine: Engine, out: Path) -> StatsReport:
    """Write every citation-statistics page and download of the store's collection under ``out``."""
    with engine.begin() as conn:
        metadata.create_all(conn, tables=list(INDICATOR_TABLES))
        refresh(conn)
    old = _load(out)
    keys: dict[str, str] = {}
    written: list[Path] = []
    unchanged = 0
    with engine.connect() as conn:
        info = read.collection(conn) or {}
        for rel, key, make in pages.static_files(conn, info):
            keys[rel] = key
            target = out / rel
            if old.get(rel) == key and target.is_file():
                unchanged += 1
                continue
            data = make().encode("utf-8")
            if target.is_file() and target.read_bytes() == data:
                unchanged += 1
                continue
            written.append(write_atomic(target, data))
    write_atomic(out / MANIFEST, json.dumps(keys, indent=0, sort_keys=True))
    removed = 0
    produced = {out / rel for rel in keys}
    folder = out / pages.FOLDER
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file() and path not in produced:
            path.unlink()
            removed += 1
    return StatsReport(tuple(written), unchanged, removed)


def _load(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
