"""Full validation (structure + every publication rule) of the 24 real articles in
../shared/data/xml, median ms per article, next to a bare ``xmllint --dtdvalid JATS-1.1 --noout`` over the same
files in the same run: warm (ours in this process, the DTD parsed once; xmllint over all files in
one process) and with process start-up (``scielo-pub validate FILE`` and ``xmllint FILE``, one new
process per file, CPU time of the child, so a busy machine does not inflate it)."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scielo_pub.dtd.rules import RULES
from scielo_pub.dtd.validate import validate_article

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ROUNDS = 5
# xmllint validates against this DTD explicitly: through the catalog it finds no DTD for the nine
# articles that declare JATS 1.0 and then checks nothing (a reference that costs nothing).
JATS_DTD = (
    SHARED / "jats" / "JATS-Publishing-1-1-MathML2-DTD" / "JATS-Publishing-1-1-MathML2-DTD"
    / "JATS-journalpublishing1.dtd"
)  # fmt: skip


def _ours(files: list[Path], catalog: Path) -> tuple[list[float], float]:
    data = [(p, p.read_bytes()) for p in files]
    start = time.process_time()
    validate_article(data[0][1], path=str(data[0][0]), catalog=catalog)  # first: parses the DTD
    cold = (time.process_time() - start) * 1000
    per_article: dict[Path, list[float]] = {p: [] for p in files}
    for _ in range(ROUNDS):
        for path, raw in data:
            t = time.process_time()
            validate_article(raw, path=str(path), catalog=catalog)
            per_article[path].append((time.process_time() - t) * 1000)
    return [statistics.median(v) for v in per_article.values()], cold


def _xmllint_per_file(files: list[Path], env: dict) -> list[float]:
    """CPU ms of one xmllint process per file (best of 3 each)."""
    return [_process_cpu_ms(_xmllint(path), env) for path in files]


def _xmllint_batch(files: list[Path], env: dict) -> float:
    """One xmllint process over all files (the DTD parsed once), CPU ms per file."""
    return _process_cpu_ms(_xmllint(*files), env) / len(files)


def _xmllint(*paths: Path) -> list[str]:
    return ["xmllint", "--noout", "--nonet", "--dtdvalid", str(JATS_DTD), *map(str, paths)]


def _process_cpu_ms(cmd: list[str], env: dict) -> float:
    """Best-of-3 CPU milliseconds of one child process."""
    best = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        best = min(best, used * 1000)
    return best


def _with_startup(files: list[Path], env: dict) -> tuple[float, float]:
    """Median CPU ms per file of a new process: ``scielo-pub validate FILE`` and ``xmllint FILE``."""
    sample = files[::4]
    ours = [_process_cpu_ms([sys.executable, "-m", "scielo_pub.cli", "validate", str(p)], env)
            for p in sample]  # fmt: skip
    lint = [_process_cpu_ms(_xmllint(p), env) for p in sample]
    return statistics.median(ours), statistics.median(lint)


def main() -> None:
    files = sorted((SHARED / "xml").glob("*.xml"))
    catalog = SHARED / "jats" / "catalog-jats-local.xml"
    if not files or not catalog.is_file() or not JATS_DTD.is_file():
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
    print("CPU time (this process; child processes for xmllint and the start-up rows)")
    print(f"{'tool':<48} {'median ms/article':>18} {'ratio':>8}")
    print(f"{'scielo-pub validate_article (DTD + rules)':<48} {median:>18.2f} {'1.00':>8}")
    print(f"{'  max over articles':<48} {max(ours):>18.2f}")
    print(f"{'  first article (parses the JATS DTD once)':<48} {cold:>18.2f}")
    for name, value in (
        ("xmllint --dtdvalid, one process per file", statistics.median(per_file)),
        ("xmllint --dtdvalid, one process, all files", batch),
    ):
        print(f"{name:<48} {value:>18.2f} {median / value:>8.2f}")
    ours_proc, lint_proc = _with_startup(files, env)
    print(f"with process start-up (CPU ms, new process per file, {len(files[::4])} files):")
    print(f"{'  scielo-pub validate FILE':<48} {ours_proc:>18.1f} {'1.00':>8}")
    print(
        f"{'  xmllint --dtdvalid JATS-1.1 --noout FILE':<48} {lint_proc:>18.1f} {ours_proc / lint_proc:>8.2f}"
    )
    print(f"target: <= 40 ms/article and <= 4x xmllint -> "
          f"{'met' if median <= 40 and median <= 4 * min(batch, statistics.median(per_file)) else 'NOT met'}")  # fmt: skip
