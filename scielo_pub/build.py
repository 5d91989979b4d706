"""A collection folder in, a built site and a build report out: the one orchestrator.

It reads top to bottom, and no stage calls the next:

1. discover  - ``collection.discover``: configuration and article files;
2. read      - ``publish.load_source`` and ``markup.readers``: bytes -> canonical SciELO PS tree;
3. validate  - ``dtd.validate``: structure and publication rules; then ``publish.issue_verdict``,
               the same decision ``scielo-pub validate`` takes on an issue folder;
4. model     - ``model.article_from_tree``: tree -> Article;
5. links     - ``citations.collection_links``: every cited reference matched against the collection
               and the databases it configures; the citation graph gives each article its cited-by;
6. outputs   - ``render.site.write_site``: HTML pages, PDFs, downloads (XML, RIS, BibTeX, LILACS).

Stages 2-4 run per article through ``publish.process`` (the path every command shares), in a process pool when ``jobs`` > 1 (the canonical tree comes back as
bytes and is parsed again, in both modes, so ``-j N`` and ``-j 1`` give the same site). An article with
errors is reported as ``path:line:col: severity: message [code]``, left out of the site, and the
build goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .collection import ArticleSource, PublishedArticle, SiteContent, discover
from .dtd.validate import ValidationResult
from .errors import Diagnostic, ScieloPubError, Severity
from .markup.jats import safe_parser
from .model import Article
from .publish import issue_verdict, process, source_config


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
    base_url: str | None = None,
) -> BuildReport:
    """Build the collection at ``collection_path`` into the folder ``out`` (``base_url``: the
    public address, instead of collection.toml's)."""
    start = time.perf_counter()
    result = BuildReport()
    emit = _emitter(result, report)
    # 1. discover
    source = discover(Path(collection_path))
    if base_url:
        collection = dataclasses.replace(source.collection, base_url=base_url.rstrip("/") + "/")
        source = dataclasses.replace(source, collection=collection)
    for diag in source.diagnostics:
        emit(diag)
    # 2-4. read, validate and model each article; then the issue verdict, as validate takes it
    outcomes = _publish_all(source.articles, jobs)
    for outcome in outcomes:
        for diag in outcome.diagnostics:
            emit(diag)
    checked = [_as_result(item, o) for item, o in zip(source.articles, outcomes, strict=True)]
    refused = _issue_verdicts(source.articles, checked, emit)
    published: list[PublishedArticle] = []
    for item, outcome, done in zip(source.articles, outcomes, checked, strict=True):
        if done.article is None or done.path in refused:
            result.failed.append(done.path)
        else:
            published.append(PublishedArticle(done.article, done.tree, item, outcome.digest))
            result.published.append(done.path)
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


@dataclass(frozen=True)
class Outcome:
    """What reading, validating and modelling one article gave (picklable, for worker processes)."""

    diagnostics: tuple[Diagnostic, ...]
    article: Article | None = None
    #: The canonical SciELO PS tree, serialised (DOCTYPE included).
    canonical: bytes = b""
    digest: str = ""


def _publish_all(sources: Sequence[ArticleSource], jobs: int | None) -> list[Outcome]:
    """``publish_one`` over every article, in order; in ``jobs`` processes when there are several."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(sources) <= 1:
        return [publish_one(item) for item in sources]
    with multiprocessing.get_context("fork").Pool(min(jobs, len(sources))) as pool:
        return list(pool.imap(publish_one, sources, chunksize=1))


def publish_one(item: ArticleSource) -> Outcome:
    """Read, validate and model one article; no ``article`` when it must not be published."""
    journal_folder = item.issue.path.parent.parent if item.issue.path else None
    config = source_config(item.journal, journal_folder)
    try:
        checked = process(item.path, config, root=item.root)
    except ScieloPubError as exc:
        return Outcome((*exc.diagnostics, _failure(item, str(exc), "input.error")))
    except Exception as exc:  # a bug must cost one article, not the build
        return Outcome(
            (_failure(item, f"internal error: {type(exc).__name__}: {exc}", "internal.error"),)
        )
    if not checked.ok or checked.article is None:
        return Outcome(checked.diagnostics)
    digest = hashlib.sha256(checked.data + repr(item.journal.dtd).encode()).hexdigest()
    canonical = etree.tostring(checked.tree, encoding="utf-8")
    return Outcome(checked.diagnostics, checked.article, canonical, digest)


def _failure(item: ArticleSource, message: str, code: str) -> Diagnostic:
    return Diagnostic(str(item.path), 1, 1, Severity.ERROR, message, code, "structure",
                      "If the file is a valid article, this is a bug in scielo-pub; please report it.")  # fmt: skip


def _issue_verdicts(
    sources: Sequence[ArticleSource],
    checked: Sequence[ValidationResult],
    emit: Callable[[Diagnostic], None],
) -> set[str]:
    """``publish.issue_verdict`` per issue folder; the paths of the articles it refuses."""
    from .dtd.package import read_folder

    by_folder: dict[Path, list[ValidationResult]] = {}
    for item, done in zip(sources, checked, strict=True):
        if item.issue.path is not None:
            by_folder.setdefault(item.issue.path, []).append(done)
    refused: set[str] = set()
    for folder, results in by_folder.items():
        package = read_folder(folder, read_articles=False)
        verdict = issue_verdict(package, results)
        for diag in (*package.diagnostics, *verdict.diagnostics):
            emit(diag)
        refused |= verdict.refused
    return refused


def _as_result(item: ArticleSource, outcome: Outcome) -> ValidationResult:
    """An outcome as the issue checks see it: the canonical tree parsed back, no diagnostics
    (they are reported already); a refused article keeps one error so the verdict refuses it."""
    if outcome.article is None:
        failed = Diagnostic(str(item.path), 1, 1, Severity.ERROR, "not published", "build.failed")
        return ValidationResult(str(item.path), None, None, (failed,))
    tree = etree.ElementTree(etree.fromstring(outcome.canonical, safe_parser()))
    return ValidationResult(str(item.path), tree, outcome.article, ())


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
        except (OSError, ValueError, ScieloPubError) as exc:
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
    for note in report.warnings:
        path, _, message = note.partition(": ")
        emit(Diagnostic(path, 1, 1, Severity.WARNING, message, "render.file-left-out", "render",
                        "The rest of the article was published; this is a bug in scielo-pub."))  # fmt: skip
    for problem in report.problems:
        path, _, message = problem.partition(": ")
        emit(Diagnostic(path, 1, 1, Severity.ERROR, message or problem, "render.failed", "render",
                        "This is a bug in scielo-pub if the article validated; please report it."))  # fmt: skip
    return list(report.written)
