"""A collection folder in, a built site and a build report out: the one orchestrator.

It reads top to bottom, and no stage calls the next:

1. discover  - ``collection.discover``: configuration and article files;
2. read      - ``markup.readers.read_article``: bytes -> canonical SciELO PS tree;
3. validate  - ``check_article``: structure and publication rules (``scielo_pub.dtd``);
4. model     - ``model.article_from_tree``: tree -> Article;
5. links     - ``citations.collection_links``: every cited reference matched against the collection
               and the databases it configures; the citation graph gives each article its cited-by;
6. outputs   - ``render.site.write_site``: HTML pages, PDFs, downloads (XML, RIS, BibTeX, LILACS).

An article with errors is reported as ``path:line:col: severity: message [code]``, left out of the
site, and the build goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .collection import ArticleSource, PublishedArticle, SiteContent, discover
from .errors import Diagnostic, Severity
from .markup.readers import ReadOptions, read_article
from .model import article_from_tree


@dataclass
class BuildReport:
    """What happened: published and failed articles, every diagnostic, how long it took."""

    published: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or any(d.is_error for d in self.diagnostics) else 0

    def summary(self) -> str:
        warnings = sum(1 for d in self.diagnostics if not d.is_error)
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return (
            f"built {len(self.published)} articles{failed}, {warnings} warnings, "
            f"{self.pages} files written in {self.seconds:.1f} s"
        )


def build(
    collection_path: Path,
    out: Path,
    *,
    jobs: int | None = None,
    pdf: bool = False,
    report: Callable[[Diagnostic], None] | None = None,
) -> BuildReport:
    """Build the collection at ``collection_path`` into the folder ``out``."""
    start = time.perf_counter()
    result = BuildReport()
    emit = _emitter(result, report)
    # 1. discover
    source = discover(Path(collection_path))
    for diag in source.diagnostics:
        emit(diag)
    # 2-4. read, validate and model each article; bad ones are reported and left out
    published: list[PublishedArticle] = []
    for item in source.articles:
        article = _publish_one(item, emit)
        if article is None:
            result.failed.append(str(item.path))
        else:
            published.append(article)
            result.published.append(str(item.path))
    content = SiteContent(
        source.collection,
        source.journals,
        source.issues,
        tuple(published),
        root=Path(collection_path),
    )
    # 5. links
    content = link_references(content, Path(out), emit)
    # 6. outputs
    written = _write_outputs(content, Path(out), emit, jobs=jobs, pdf=pdf)
    result.pages = len(written)
    result.seconds = time.perf_counter() - start
    return result


def _emitter(result: BuildReport, report: Callable[[Diagnostic], None] | None):
    def emit(diag: Diagnostic) -> None:
        result.diagnostics.append(diag)
        if report is not None:
            report(diag)

    return emit


def _publish_one(item: ArticleSource, emit: Callable[[Diagnostic], None]):
    """Read, validate and model one article; ``None`` when it must not be published."""
    path = str(item.path)
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        emit(
            Diagnostic(
                path, 1, 1, Severity.ERROR, f"cannot read the file: {exc.strerror}", "input.io"
            )
        )
        return None
    read = read_article(data, path, ReadOptions(dtd=_journal_dtd(item)))
    for diag in read.diagnostics:
        emit(diag)
    if not read.ok:
        return None
    diagnostics = check_article(read.tree, item, data)
    for diag in diagnostics:
        emit(diag)
    if any(d.is_error for d in diagnostics):
        return None
    article = article_from_tree(read.tree, path=path)
    digest = hashlib.sha256(data + repr(item.journal.dtd).encode()).hexdigest()
    return PublishedArticle(article, read.tree, item, digest)


def _journal_dtd(item: ArticleSource) -> str | None:
    """The journal's SGML DTD: a name from dtds/ or a path relative to the journal folder."""
    dtd = item.journal.dtd
    if not dtd:
        return None
    candidate = item.issue.path.parent.parent / dtd if item.issue.path else None
    return str(candidate) if candidate is not None and candidate.is_file() else dtd


def check_article(tree, item: ArticleSource, data: bytes) -> list[Diagnostic]:
    """Structure and publication rules, when the validation package is installed."""
    try:
        validate = importlib.import_module("scielo_pub.dtd.validate")
    except ImportError:
        return []
    checker = getattr(validate, "check_tree", None)
    if checker is None:
        return []
    return list(checker(tree, path=str(item.path), journal=item.journal, data=data))


def link_references(
    content: SiteContent, out: Path, emit: Callable[[Diagnostic], None]
) -> SiteContent:
    """Match every reference; each published article gets its matches and its cited-by list.

    The database lives beside the site (``OUT/.scielo-pub/citations.sqlite``), so imports of the
    configured databases are incremental from one build to the next.
    """
    from .citations.collection_links import article_key, import_sources, link_collection
    from .citations.db import BiblioDB

    config = content.collection.citations
    (out / ".scielo-pub").mkdir(parents=True, exist_ok=True)
    with BiblioDB(out / ".scielo-pub" / "citations.sqlite") as db:
        try:
            import_sources(db, config, content.root or Path("."))
        except (OSError, ValueError) as exc:
            where = str((content.root or Path(".")) / "collection.toml")
            emit(Diagnostic(where, 1, 1, Severity.ERROR, f"[citations]: {exc}", "config.citations",
                            "package", "List existing LILACS, MEDLINE or Crossref files there."))  # fmt: skip
        found = link_collection(
            [p.article for p in content.articles], db, site_base=content.collection.base_url
        )
    articles = tuple(
        dataclasses.replace(
            p,
            matches=found.matches.get(article_key(p.article) or "", {}),
            cited_by=found.cited_by.get(article_key(p.article) or "", ()),
        )
        for p in content.articles
    )
    return dataclasses.replace(content, articles=articles)


def _write_outputs(
    content: SiteContent,
    out: Path,
    emit: Callable[[Diagnostic], None],
    *,
    jobs: int | None,
    pdf: bool,
) -> list[Path]:
    from .render.site import write_site

    report = write_site(content, out, jobs=jobs or os.cpu_count() or 1, pdf=pdf)
    for problem in report.problems:
        path, _, message = problem.partition(": ")
        emit(Diagnostic(path, 1, 1, Severity.ERROR, message or problem, "render.failed", "render",
                        "This is a bug in scielo-pub if the article validated; please report it."))  # fmt: skip
    return list(report.written)
