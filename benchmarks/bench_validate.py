"""Full validation (structure + every publication rule) of the 24 real articles in
../shared/data/xml, median ms per article, next to a bare ``xmllint --valid --noout`` over the same
files in the same run."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from scielo_pub.dtd.rules import RULES
from scielo_pub.dtd.validate import validate_article

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ROUNDS = 5


def _ours(files: list[Path], catalog: Path) -> tuple[list[float], float]:
    data = [(p, p.read_bytes()) for p in files]
    start = time.perf_counter()
    validate_article(data[0][1], path=str(data[0][0]), catalog=catalog)  # first: parses the DTD
    cold = (time.perf_counter() - start) * 1000
    per_article: dict[Path, list[float]] = {p: [] for p in files}
    for _ in range(ROUNDS):
        for path, raw in data:
            t = time.perf_counter()
            validate_article(raw, path=str(path), catalog=catalog)
            per_article[path].append((time.perf_counter() - t) * 1000)
    return [statistics.median(v) for v in per_article.values()], cold


def _xmllint_per_file(files: list[Path], env: dict) -> list[float]:
    out = []
    for path in files:
        times = []
        for _ in range(ROUNDS):
            t = time.perf_counter()
            subprocess.run(["xmllint", "--valid", "--noout", "--nonet", str(path)], env=env,
                           capture_output=True, check=False)  # fmt: skip
            times.append((time.perf_counter() - t) * 1000)
        out.append(statistics.median(times))
    return out


def _xmllint_batch(files: list[Path], env: dict) -> float:
    """One xmllint process over all files (what ``xmllint --valid --noout *.xml`` costs), per file."""
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        subprocess.run(["xmllint", "--valid", "--noout", "--nonet", *map(str, files)], env=env,
                       capture_output=True, check=False)  # fmt: skip
        times.append((time.perf_counter() - t) * 1000 / len(files))
    return statistics.median(times)


def main() -> None:
    files = sorted((SHARED / "xml").glob("*.xml"))
    catalog = SHARED / "jats" / "catalog-jats-local.xml"
    if not files or not catalog.is_file():
        print(f"reference data missing under {SHARED}; nothing to measure")
        return
    if shutil.which("xmllint") is None:
        print("xmllint is not installed (Debian package libxml2-utils); nothing to compare with")
        return
    env = {**os.environ, "XML_CATALOG_FILES": str(catalog)}
    ours, cold = _ours(files, catalog)
    per_file = _xmllint_per_file(files, env)
    batch = _xmllint_batch(files, env)
    median = statistics.median(ours)
    print(f"{len(files)} articles, {len(RULES)} rules, median of {ROUNDS} rounds per article")
    print(f"{'tool':<48} {'median ms/article':>18} {'ratio':>8}")
    print(f"{'scielo-pub validate_article (DTD + rules)':<48} {median:>18.2f} {'1.00':>8}")
    print(f"{'  max over articles':<48} {max(ours):>18.2f}")
    print(f"{'  first article (parses the JATS DTD once)':<48} {cold:>18.2f}")
    for name, value in (
        ("xmllint --valid --noout, one process per file", statistics.median(per_file)),
        ("xmllint --valid --noout, one process, all files", batch),
    ):
        print(f"{name:<48} {value:>18.2f} {median / value:>8.2f}")
    print(f"target: <= 40 ms/article and <= 4x xmllint -> "
          f"{'met' if median <= 40 and median <= 4 * min(batch, statistics.median(per_file)) else 'NOT met'}")  # fmt: skip
