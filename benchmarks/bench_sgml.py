"""SciELO SGML articles of four size classes in, per-file parse cost against onsgmls on the same files out.

Size classes: the demo collection's ``*.sgm`` articles (19-31 KB), and medium, large and very large
articles built at run time from the shared synthetic article by repeating its references and body
(about 50, 150 and 600 KB). Every file is parsed by both engines:

* ours, warm: ``parse_sgml`` in this process with the DTD already loaded (CPU time, best of 5),
  the compiled engine (``setup.py`` builds it on install) and the pure-Python one (the same
  modules loaded from their ``.py`` files, ``sgml_engine.pure_sgml``), interleaved per file;
* ours, with start-up: ``python -m benchmarks.bench_sgml FILE`` in a new process (interpreter,
  imports, DTD parse, document parse; CPU time of the child);
* ``onsgmls -s -E0`` in a new process per file (``-E0``: no error limit, so it reads the whole file
  as ours does; the default stops after 200 errors); CPU time of the child, best of 9;
* onsgmls without start-up: its time on the file minus its time on a 0.7 KB article (start-up and
  DTD parse), the nearest it has to a warm parse.

Ratios are ours/onsgmls per class (compiled and pure-Python warm against onsgmls without start-up,
process against process). A second pass measures each document's own peak traced memory.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from scielo_pub.dtd import load_catalog, load_dtd
from scielo_pub.dtd.declaration import parse_declaration_text
from scielo_pub.markup.sgml import parse_sgml
from scielo_pub.markup.sgml_engine import compiled, pure_sgml

ROOT = Path(__file__).resolve().parent.parent
SGML = ROOT.parent / "shared" / "data" / "sgml"
DEMO = ROOT / "collections" / "demo" / "journals"
SYNTHETIC = "art4_0_article_vancouv.txt"
TINY = "art4_0_errors.txt"
DTDS = {"article": "art4_0.dtd", "text": "text4_0.dtd", "doc": "doc4_0.dtd"}
# (class name, references, body repeats) of the built articles
BUILT = [("medium ~50 KB", 40, 120), ("large ~150 KB", 150, 400), ("very large ~600 KB", 400, 2100)]
REPEAT = 5
#: onsgmls runs are short and its figure without start-up is a difference of two of them: more
#: repetitions keep that difference steady on a loaded machine
ONSGMLS_REPEAT = 9
_FIRST_TAG = re.compile(rb"\[([A-Za-z]+)")


def _full_size(src: bytes, refs: int, body_repeats: int) -> bytes:
    """The synthetic article with ``refs`` references and its HTML body repeated."""
    body = re.search(rb"\[body\](.*?)\[/body\]", src, re.S)
    cits = re.findall(rb"\[vcitat\].*?\[/vcitat\]\n", src, re.S)
    out = src.replace(b"[body]" + body.group(1), b"[body]" + body.group(1) * body_repeats)
    many = b"".join(cits[i % len(cits)] for i in range(refs))
    return out.replace(b"".join(cits), many).replace(b'count="2"', b'count="%d"' % refs)


def _kind(data: bytes) -> str:
    m = _FIRST_TAG.search(data)
    kind = m.group(1).decode().lower() if m else ""
    return kind if kind in DTDS else "article"


def _classes(tmp: Path) -> dict[str, list[Path]]:
    """Size class -> files written under ``tmp`` (the demo articles are used where they are)."""
    classes = {"demo articles 19-31 KB": sorted(DEMO.glob("*/issues/*/*.sgm"))}
    src = (SGML / "instances" / "synthetic" / SYNTHETIC).read_bytes()
    for name, refs, repeats in BUILT:
        path = tmp / f"{refs}-{repeats}.txt"
        path.write_bytes(_full_size(src, refs, repeats))
        classes[name] = [path]
    return {k: v for k, v in classes.items() if v}


def _dtds() -> dict:
    catalog = load_catalog(SGML / "dtd" / "catalog")
    decl = parse_declaration_text(catalog.sgmldecl.read_bytes().decode("latin-1"))
    return {
        name: load_dtd(SGML / "dtd" / file, catalog=catalog, declaration=decl, name=name)
        for name, file in DTDS.items()
    }


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(cmd: list[str], repeat: int = REPEAT) -> tuple[float, bytes]:
    """Best-of-``repeat`` CPU seconds of a child process, and its standard error."""
    best, err = float("inf"), b""
    for _ in range(repeat):
        before = _cpu_children()
        done = subprocess.run(cmd, capture_output=True, check=False)
        best, err = min(best, _cpu_children() - before), done.stderr
    return best, err


def _onsgmls(path: Path) -> tuple[float, int]:
    kind = _kind(path.read_bytes())
    cmd = [
        "onsgmls", "-s", "-E0", "-c", str(SGML / "dtd" / "catalog"), str(SGML / "dtd" / "art.dcl"),
        str(SGML / "instances" / "prologs" / f"prolog_{kind}.sgm"), str(path),
    ]  # fmt: skip
    cpu, err = _child(cmd, ONSGMLS_REPEAT)
    return cpu, err.count(b":E:")


def _ours_warm(path: Path, dtds: dict, parse=parse_sgml) -> tuple[float, int]:
    data = path.read_bytes()
    kind = _kind(data)
    best, errors = float("inf"), 0
    for _ in range(REPEAT):
        cpu = time.process_time()
        result = parse(data, path=str(path), dtd=dtds[kind], doctype=kind)
        best = min(best, time.process_time() - cpu)
        errors = len(result.diagnostics)
    return best, errors


def _both_warm(path: Path, dtds: dict, pure) -> tuple[float, float]:
    """Best CPU seconds of the compiled and the pure-Python engine, runs interleaved."""
    runs = [(_ours_warm(path, dtds)[0], _ours_warm(path, dtds, pure)[0]) for _ in range(2)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def _ours_process(path: Path) -> float:
    return _child([sys.executable, "-m", "benchmarks.bench_sgml", str(path)])[0]


def _memory(paths: list[Path], dtds: dict) -> tuple[int, int]:
    """The largest per-document peak traced memory and that document's size."""
    worst = (0, 1)
    tracemalloc.start()
    for path in paths:
        data = path.read_bytes()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = parse_sgml(data, dtd=dtds[_kind(data)], doctype=_kind(data))
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
        if peak > worst[0]:
            worst = (peak, len(data))
    tracemalloc.stop()
    return worst


def _row(cells: list[str]) -> None:
    widths = (24, 6, 10, 9, 10, 10, 10, 8, 8, 8)
    print(
        "".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
    )


def main() -> None:
    if not SGML.is_dir() or shutil.which("onsgmls") is None:
        print(f"needs {SGML} and onsgmls (Debian package opensp); nothing to measure")
        return
    dtds = _dtds()
    tiny = SGML / "instances" / "synthetic" / TINY
    startup, _ = _onsgmls(tiny)
    pure = pure_sgml().parse_sgml
    engine = "compiled" if compiled() else "NOT BUILT (pure-Python in both columns)"
    with tempfile.TemporaryDirectory() as tmp:
        classes = _classes(Path(tmp))
        for paths in classes.values():  # warm the content-model automata, as a server process has
            _ours_warm(paths[0], dtds)
            _ours_warm(paths[0], dtds, pure)
        print(f"CPU ms per file (median over the class); engine {engine}; load average {_load()}")
        _row(["size class", "KB", "compiled", "pure", "ours proc", "onsgmls", "ons-start",
              "warm x", "pure x", "proc x"])  # fmt: skip
        for name, paths in classes.items():
            size = statistics.median(p.stat().st_size for p in paths)
            both = [_both_warm(p, dtds, pure) for p in paths]
            warm = statistics.median(b[0] for b in both)
            slow = statistics.median(b[1] for b in both)
            proc = statistics.median(_ours_process(p) for p in paths)
            ref = statistics.median(_onsgmls(p)[0] for p in paths)
            net = max(ref - startup, 1e-4)
            _row([name, f"{size / 1000:.0f}", f"{warm * 1000:.1f}", f"{slow * 1000:.1f}",
                  f"{proc * 1000:.0f}", f"{ref * 1000:.1f}", f"{net * 1000:.1f}",
                  f"{warm / net:.2f}", f"{slow / net:.2f}", f"{proc / ref:.2f}"])  # fmt: skip
        largest = classes[BUILT[-1][0]][0]
        ours_errors, ons_errors = _ours_warm(largest, dtds)[1], _onsgmls(largest)[1]
        print(
            f"onsgmls start-up (0.7 KB article: process, DTD): {startup * 1000:.1f} ms; "
            f"'ons-start' = onsgmls minus that. 'warm x' = compiled warm / onsgmls without "
            f"start-up; 'pure x' = the pure-Python engine's; 'proc x' = ours in a new process / "
            f"onsgmls per file. Target: warm x <= 2 on large files. Load average at the end {_load()}."
        )
        print(
            f"both engines read the whole very large file: ours {ours_errors} diagnostics, "
            f"onsgmls {ons_errors} errors (SciELO Markup puts text where art4_0.dtd has none; "
            "ours accepts it as Markup does)"
        )
        peak, size = _memory([p for ps in classes.values() for p in ps], dtds)
        print(f"peak traced memory of one parse: {peak / 1e6:.2f} MB for a {size / 1000:.0f} KB file "
              f"= {peak / size:.1f}x its size (target < 20x)")  # fmt: skip


def _one(path: Path) -> None:
    """What ``ours proc`` runs in a fresh process: load the DTDs, parse one file."""
    data = path.read_bytes()
    kind = _kind(data)
    catalog = load_catalog(SGML / "dtd" / "catalog")
    decl = parse_declaration_text(catalog.sgmldecl.read_bytes().decode("latin-1"))
    dtd = load_dtd(SGML / "dtd" / DTDS[kind], catalog=catalog, declaration=decl, name=kind)
    parse_sgml(data, path=str(path), dtd=dtd, doctype=kind)


if __name__ == "__main__":
    _one(Path(sys.argv[1]))
