"""A rebuild's changed PDF renders in the printer process beside the build; the site is the same."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from scielo_pub.build import build
from scielo_pub.executors import LocalExecutor
from scielo_pub.render import printer as printing
from scielo_pub.render.printer import Printer
from scielo_pub.render.site import MANIFEST

DEMO = Path(__file__).resolve().parents[2] / "collections" / "demo"


def _stamps(site: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*.pdf")}


def _pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and p.suffix != ".pdf" and ".scielo-pub" not in p.parts
    }


@pytest.fixture()
def pair(tmp_path) -> tuple[Path, Path, Path]:
    """Two XML articles of the demo built with PDFs on a pool of two: (collection, site, article)."""
    collection = tmp_path / "demo"
    shutil.copytree(DEMO, collection)
    articles = sorted(p for p in collection.rglob("*") if p.suffix in (".xml", ".sgm"))
    keep = [p for p in articles if p.suffix == ".xml" and "issues" in p.parts][:2]
    for path in articles:
        if path not in keep:
            path.unlink()
    site = tmp_path / "site"
    report = build(collection, site, jobs=2, pdf=True)  # two PDFs: more than the printer takes
    assert len(report.published) == 2 and not report.failed
    return collection, site, keep[0]


def _retitle(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(<article-title[^>]*>)", rf"\g<1>{mark} ", text, count=1), "utf-8")


def test_the_changed_pdf_is_printed_beside_the_build(pair, tmp_path, monkeypatch):
    collection, site, changed = pair
    before = _stamps(site)
    sent = []
    real_submit = Printer.submit

    def submit(self, content, out):
        real_submit(self, content, out)
        sent.append(dict(self.claimed))

    monkeypatch.setattr(Printer, "submit", submit)
    _retitle(changed, "Quagga")
    report = build(collection, site, jobs=2, pdf=True)
    assert report.exit_code == 0
    assert [list(s) for s in sent] == [[f"pdf:{_article_dir(site, changed)}"]]
    rewritten = {p for p, stamp in _stamps(site).items() if before.get(p) != stamp}
    assert rewritten and all(changed.stem in p.name for p in rewritten), rewritten
    assert build(collection, site, jobs=2, pdf=True).pages == 0  # the manifest has its new key
    clean = tmp_path / "clean"
    build(collection, clean, jobs=1, pdf=True)
    assert _pages(site) == _pages(clean)
    assert sorted(p.relative_to(site) for p in site.rglob("*.pdf")) == sorted(
        p.relative_to(clean) for p in clean.rglob("*.pdf")
    )


def _article_dir(site: Path, article: Path) -> str:
    found = next(p for p in site.rglob(f"{article.stem}*.pdf"))
    return found.parent.relative_to(site).as_posix() + "/"


def test_a_printer_lost_with_its_task_is_reported_and_the_next_build_prints_again(
    pair, monkeypatch
):
    collection, site, changed = pair
    monkeypatch.setattr(printing, "_serve", lambda conn: (conn.recv(), os._exit(3)))
    _retitle(changed, "Quagga")
    report = build(collection, site, jobs=2, pdf=True)
    assert report.exit_code == 1
    errors = [d for d in report.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["render.failed"]
    assert "PDF process ended" in errors[0].message and errors[0].path == str(changed)
    monkeypatch.undo()
    before = _stamps(site)
    assert build(collection, site, jobs=2, pdf=True).exit_code == 0
    assert any(changed.stem in p.name for p, s in _stamps(site).items() if before.get(p) != s)


def test_a_printer_gone_before_its_task_leaves_it_to_the_pool(pair, monkeypatch):
    collection, site, changed = pair
    monkeypatch.setattr(printing, "_serve", lambda conn: os._exit(3))
    real_submit = Printer.submit

    def submit(self, content, out):
        self._process.join()  # gone for sure before its task is sent
        real_submit(self, content, out)

    monkeypatch.setattr(Printer, "submit", submit)
    before = _stamps(site)
    _retitle(changed, "Quagga")
    assert build(collection, site, jobs=2, pdf=True).exit_code == 0
    assert any(changed.stem in p.name for p, s in _stamps(site).items() if before.get(p) != s)


def test_only_a_rebuild_on_a_local_pool_of_two_or_more_gets_a_printer(tmp_path):
    pool = LocalExecutor(2)
    assert Printer.start(pool, tmp_path) is None  # a first build: every PDF is new
    (tmp_path / MANIFEST).parent.mkdir(parents=True)
    (tmp_path / MANIFEST).write_text("{}")  # not a database: the next build starts it again
    assert Printer.start(LocalExecutor(1), tmp_path) is None
    started = Printer.start(pool, tmp_path)
    assert started is not None and started.beside(pool) is pool  # nothing sent yet
    started.close()
    assert not started._process.is_alive()


def _thresholds(out, task, key, where, sources):
    import gc

    return gc.get_threshold()


def test_the_printer_collects_at_pythons_thresholds(tmp_path, monkeypatch):
    """``heap.worker`` in the printer, as in a pool worker: it renders PDFs, it holds no build."""
    import gc

    from scielo_pub import heap

    (tmp_path / MANIFEST).parent.mkdir(parents=True)
    (tmp_path / MANIFEST).write_text("{}")
    monkeypatch.setattr(printing, "_print", _thresholds)
    saved = gc.get_threshold()
    try:
        for default, expected in ((True, heap.DEFAULT), (False, (heap.YOUNG, *saved[1:]))):
            monkeypatch.setattr(heap, "WORKER_DEFAULT", default)
            gc.set_threshold(heap.YOUNG, *saved[1:])  # as ``heap.begin`` leaves the build
            started = Printer.start(LocalExecutor(2), tmp_path)
            started._conn.send((tmp_path, [("task", "key", "where", [])]))
            assert started._conn.recv() == [tuple(expected)]
            started.close()
            assert gc.get_threshold()[0] == heap.YOUNG  # the build's own as they were
    finally:
        gc.set_threshold(*saved)
