"""A collection folder in, a built site and a build report out: the one orchestrator.

It reads top to bottom, and no stage calls the next:

1. discover  - ``collection.discover``: configuration and article files;
2. read      - ``publish.load_source`` and ``markup.readers``: bytes -> canonical SciELO PS tree;
3. validate  - ``dtd.validate``: structure and publication rules; then ``publish.issue_verdict``,
               the same decision ``scielo-pub validate`` takes on an issue folder;
4. model     - ``model.article_from_tree``: tree -> Article;
5. links     - ``citations.collection_links``: every cited reference matched against the collection
               and the databases it configures (the last build's matches reused where nothing they
               depend on changed: ``citations.match_cache``); the citation graph gives each article
               its cited-by; then each article's accesses, read from the usage statistics of an
               existing store; with many articles read now (a clean build), the stage runs in a
               forked child first and this process takes the views from the index it left
               (``apart``: the matching's passing objects never enter the coordinator's heap);
6. outputs   - ``render.site.write_site``: HTML pages, PDFs, downloads (XML, RIS, BibTeX, LILACS);
               a rebuild's few changed PDFs go to a process of their own (``render.printer``), started
               with the build to load WeasyPrint, sent its tasks once the articles are published and
               waited for last, after the store and statistics (``render.site.finish_printing``);
               with many articles read now and no printer, written by a forked child (``apart``);
7. store     - ``store.write.write_store``: the collection store the served app reads (search, OAI-PMH,
               API): SQLite in ``OUT/.scielo-pub/store.sqlite`` unless ``db`` names another database;
               articles whose inputs are as stored are skipped; with many articles read now it
               is written by a forked child (``apart``);
8. statistics - ``render.stats_pages.write_stats_pages``: the citation-statistics pages computed
               from the store, written as static files at the URLs the served app answers too;
               only the journals whose counts the articles updated since the last run change are
               computed again (``indicators.changes``): a retitle computes nothing.

With a Dask cluster (``--dask``: a client's threads are not forked) and many articles read now,
stages 5-8 run instead in a spawned child (``spawned_stages``): a new interpreter
that finds stages 1-4's results as this process recorded them, opens a Dask client of its own and
sends back the stages' diagnostics, counts and times (``Later`` is what it is given). That child
runs its links stage in a spawned child of its own and writes the store in another beside its
outputs stage.

Stages 2-4 run per article through ``publish.process`` (the path every command shares), as tasks of
an *executor* (``scielo_pub.executors``): in this process, a local fork pool (``jobs`` > 1) or a Dask
cluster; only the executor changes, and the canonical tree comes back as bytes in every mode, so they
all write the same site. As each result arrives its model and XML go to the read cache in OUT
(``readcache``), and the coordinator keeps no article's model nor XML: each ``PublishedArticle``
names its cache entry; ``summary`` (its index data: what listings, related articles, the issue
checks and the store's identifiers read), ``article``, ``canonical`` and ``tree`` load from the read
cache when a stage reads them, in whichever process runs it (a worker reads OUT, which every worker
reaches). An issue folder whose listing (every entry's ``lstat``, taken by ``discover``) is the
one the read cache recorded, in a journal whose settings are too, is kept whole: its articles cost
no look-up each, and are published as columns (``_published``); another folder's unchanged article
costs a ``stat`` and a look-up. Nothing is loaded for an unchanged article, and its diagnostics are
counted by severity, not reported one by one (``BuildReport.unchanged``; the read cache keeps
them, ``BuildReport.diagnostics`` lists every one). Each issue folder then gets
``publish.issue_verdict``, the decision ``validate`` takes too (its trees loaded for it and dropped;
a folder whose listing and articles are as at the last build keeps its recorded verdict, whose
errors are reported again: ``verdicts``). An article with errors (or whose task raised) is reported as
``path:line:col: severity: message [code]``, left out of the site, and the build goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from . import apart
from .collection import (
    ArticleSource,
    CollectionSource,
    PublishedArticle,
    SiteContent,
    cached_article,
    discover,
)
from .errors import Diagnostic, ScieloPubError, Severity
from .executors import Executor, LocalExecutor, TaskFailure
from .heap import paused, settle
from .model import Article
from .readcache import FOLDER, Read, Reads, Verdicts, entry_key, read_articles, recorded
from .spawned_stages import Later, later_stages, links_apart, published_digest, store_beside
from .stage_links import input_digests, link_references, usage_counts
from .verdicts import members_digest

#: Where a build keeps the collection's parsed TOML files (``config_files.Tomls``), in OUT.
TOMLS = Path(".scielo-pub") / "tomls.pickle"

if TYPE_CHECKING:  # the validator is imported where an article is read or an issue checked:
    from .dtd.validate import ValidationResult  # a rebuild that reads none does not load it


@dataclass
class BuildReport:
    """What happened: published and failed articles, the diagnostics counted by severity, how long
    it took. The diagnostics themselves are not all held: those of the articles and issue folders
    read this time are reported as they come (``report``) and kept in the read cache, those of
    unchanged ones are only counted (``unchanged``); ``diagnostics`` lists every one on demand."""

    published: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    #: What the store stage did (``store.write.StoreReport.summary``).
    store: str = ""
    #: Each stage's name, wall seconds and this process's CPU seconds, in the order they ran.
    stages: list[tuple[str, float, float]] = field(default_factory=list)
    #: Every diagnostic of this build counted by severity, reported or not.
    counts: Counter = field(default_factory=Counter)
    #: Those not reported one by one: of articles and issue folders unchanged since the last build.
    unchanged: Counter = field(default_factory=Counter)
    #: How many articles were found in the read cache (unchanged since the last build).
    unchanged_articles: int = 0
    #: The reported diagnostics no record on disk keeps (configuration, articles that failed, the
    #: stages after the issue checks): few, whatever the collection's size.
    held: list[Diagnostic] = field(default_factory=list)
    #: The recorded diagnostics of every article and issue folder of this build, read on demand.
    recorded: Callable[[], Iterable[Diagnostic]] | None = None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of this build, reported or not (the unchanged articles' loaded from the
        read cache): what ``scielo-pub build --all-diagnostics`` prints."""
        return [*self.held, *(self.recorded() if self.recorded is not None else ())]

    @property
    def errors(self) -> int:
        return _errors(self.counts)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.errors else 0

    def timings(self) -> str:
        """The stages' times as a small table (``scielo-pub build --timings``)."""
        rows = [f"{'stage':<16} {'wall s':>8} {'CPU s':>8}"]
        rows += [f"{name:<16} {wall:>8.3f} {cpu:>8.3f}" for name, wall, cpu in self.stages]
        return "\n".join(rows)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Times the ``with`` block as the stage ``name`` (wall, and this process's CPU)."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.stages.append((name, time.perf_counter() - wall, time.process_time() - cpu))

    def beside(self, name: str, child) -> None:
        """The wall and CPU seconds of the stage ``name``'s child that ran beside the build
        (``apart.Beside``), as the stage ``name (beside)``, when it ran."""
        if child is not None and child.times is not None:
            self.stages.append((f"{name} (beside)", *child.times))

    def summary(self) -> str:
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return (
            f"built {len(self.published)} articles{failed}, {_counted(self.counts)}, "
            f"{self.pages} files written in {self.seconds:.1f} s"
        )

    def unchanged_summary(self) -> str:
        """A line on the diagnostics not reported one by one ("" when there are none)."""
        if not sum(self.unchanged.values()):
            return ""
        parts = [(_errors(self.unchanged), "errors"), (self.unchanged[Severity.WARNING], "warnings"),
                 (self.unchanged[Severity.INFO], "infos")]  # fmt: skip
        counted = ", ".join(f"{n} {what}" for n, what in parts if n)
        return (f"{counted} of {self.unchanged_articles} articles unchanged since the last build "
                "not printed (scielo-pub build --all-diagnostics prints every one)")  # fmt: skip


def _errors(counts: Counter) -> int:
    """How many errors ``counts`` holds, fatal ones included."""
    return counts[Severity.ERROR] + counts[Severity.FATAL]


def _counted(counts: Counter) -> str:
    """``2 errors, 5 warnings, 31 infos`` (errors include fatal ones)."""
    return f"{_errors(counts)} errors, {counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} infos"


def build(
    collection_path: Path,
    out: Path,
    *,
    jobs: int | None = None,
    pdf: bool = False,
    report: Callable[[Diagnostic], None] | None = None,
    db: str | None = None,
    executor: Executor | None = None,
    base_url: str | None = None,
) -> BuildReport:
    """Build the collection at ``collection_path`` into the folder ``out``.

    ``db`` is the store's database URL (default: SQLite beside the site, see ``store.default_url``);
    ``executor`` runs the tasks (default: a local pool of ``jobs`` processes); ``base_url`` is the
    public address, instead of collection.toml's.
    """
    start = time.perf_counter()
    executor = executor or LocalExecutor(jobs)
    printer = _printer(executor, Path(out)) if pdf else None  # loads WeasyPrint during 1-4
    result = BuildReport()
    emit = _emitter(result, report)  # reported and held
    record = _emitter(result, report, hold=False)  # reported; the read cache keeps them
    # 1-4. discover; read, validate and model each article; the issue verdicts; what is published
    content, digests = _read_stages(Path(collection_path), Path(out), executor, result, emit,
                                    record, base_url)  # fmt: skip
    fresh = len(content.articles) - result.unchanged_articles
    # 5-8. with a Dask cluster and many articles read now: in a spawned child with its own client
    if apart.spawn_wanted(executor, fresh):
        job = Later(Path(collection_path), Path(out), db, executor.address, executor.progress, pdf,
                    base_url, published_digest(content))  # fmt: skip
        if later_stages(result, job, emit):
            result.seconds = time.perf_counter() - start
            return result
    _write_stages(result, content, Path(out), emit, executor=executor, db=db, pdf=pdf,
                  printer=printer, digests=digests, away=apart.wanted(executor, fresh))  # fmt: skip
    result.seconds = time.perf_counter() - start
    return result


def _read_stages(
    collection_path: Path,
    out: Path,
    executor: Executor,
    result: BuildReport,
    emit: Callable[[Diagnostic], None],
    record: Callable[[Diagnostic], None],
    base_url: str | None,
):
    """Stages 1-4: the content to publish (``SiteContent``) and its articles' input digests;
    ``result`` notes what was published, failed and found unchanged."""
    # 1. discover
    with result.stage("discover"), paused():  # an object or more per article, no cycles
        source = discover(collection_path, out / TOMLS)
    settle()  # the sources live to the end: out of the collector's way
    if base_url:
        collection = dataclasses.replace(source.collection, base_url=base_url.rstrip("/") + "/")
        source = dataclasses.replace(source, collection=collection)
    for diag in source.diagnostics:
        emit(diag)
    # 2-4. read, validate and model each article; then the issue verdict, as validate takes it
    with result.stage("read"):
        reads = read_articles(
            source.articles,
            out,
            lambda *job: _publish_all(*job, executor),
            lambda read, diagnostics: [(record if read.ok else emit)(d) for d in diagnostics],
            source.folders,
            source.scanned,
        )
        _count_unchanged(result, reads)
    with result.stage("issues"):
        refused = _issue_verdicts(source, reads, record, out, result.unchanged)
        result.counts.update(result.unchanged)
    with result.stage("publish"), paused():
        published, kept = _published(source.articles, reads, refused, result)
    del reads
    settle()  # the published articles live to the end: out of the collector's way
    result.recorded = lambda: recorded(
        out, [*((str(p.source.path), p.entry) for p in published), *kept]
    )
    content = SiteContent(
        source.collection, source.journals, source.issues, tuple(published), root=collection_path
    )
    return content, input_digests(content, source)  # each article's, for links, usage and store


def _write_stages(
    result: BuildReport,
    content: SiteContent,
    out: Path,
    emit: Callable[[Diagnostic], None],
    *,
    executor: Executor,
    db: str | None,
    pdf: bool,
    printer,
    digests,
    away: bool,
    later: Later | None = None,
) -> None:
    """Stages 5-8 on the published ``content``: ``result`` gets their times, the files written
    and the store's summary. ``away`` (``apart.wanted``): the links, outputs and store stages run
    in forked children. ``later``: this is the spawned child of a Dask build (``spawned_stages``),
    which runs the links stage first in a spawned child of its own and then reads the links from the
    index it left, as a local build does with its forked child, and writes the store in another
    beside the outputs stage."""
    if printer is not None:  # the changed PDFs render from now on, beside stages 5 and 6
        printer.submit(content, out)
    # 5. links
    with result.stage("links"):
        linked = later is not None and links_apart(later, emit)  # the index made there
        content = link_references(content, out, emit, executor, db, digests, away, recorded=linked)
    settle()  # and their copies with links
    # 5b. the accesses the store's usage statistics already count (the pages show them)
    with result.stage("usage"):
        content = usage_counts(content, out, db, digests)
    # 7. the store, written beside stage 6 by a child (a local pool of two or more; with ``later``)
    beside = begin_store(content, out, db, digests, executor, later)
    # 6. outputs
    with result.stage("outputs"):
        result.pages = _write_outputs(
            content, out, emit, executor=executor, pdf=pdf, printer=printer, away=away
        )
    with result.stage("store"):  # with a child beside stage 6: the wait for it
        result.store = write_store(content, out, db, emit, digests, away, beside)
    result.beside("store", beside)
    # 8. statistics
    with result.stage("statistics"):
        result.pages += write_statistics(out, db, emit)
    if printer is not None:  # 6b. the printer's PDFs, waited for last: nothing above needs them
        with result.stage("printed"):
            result.pages += _printed(printer, out, emit)


def _emitter(
    result: BuildReport, report: Callable[[Diagnostic], None] | None, hold: bool = True
) -> Callable[[Diagnostic], None]:
    """A function reporting one diagnostic: counted, given to ``report``, and kept in the build
    report (``hold``) unless a record on disk keeps it (the read cache, the issue verdicts)."""
    counts, held = result.counts, result.held

    def emit(diag: Diagnostic) -> None:
        counts[diag.severity] += 1
        if hold:
            held.append(diag)
        if report is not None:
            report(diag)

    return emit


def _count_unchanged(result: BuildReport, reads: Reads) -> None:
    """The diagnostics of the articles found in the read cache, counted by severity, not reported
    (a folder kept whole by the totals recorded for it)."""
    counts = [read.counts for read in filter(None, reads.items) if not read.fresh]
    result.unchanged_articles += len(counts)
    for hit in reads.kept.values():
        counts.append(hit.counts)
        result.unchanged_articles += len(hit.digests)
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else []
    result.unchanged.update({Severity(n): c for n, c in enumerate(totals) if c})


def _published(
    items: Sequence[ArticleSource], reads: Reads, refused: set[str], result: BuildReport
) -> tuple[list[PublishedArticle], list[tuple[str, str]]]:
    """The articles to publish, in order (``result.published`` and ``failed`` noted), and the
    ``(path, entry)`` of those the issue checks refused. A folder kept whole none of whose
    articles is refused is published as columns: no ``Read`` nor per-article check."""
    published: list[PublishedArticle] = []
    kept: list[tuple[str, str]] = []  # (path, entry) of the articles the issue checks refused
    n, total, found = 0, len(items), reads.items
    while n < total:
        hit = reads.kept.get(n)
        if hit is not None:
            start, stop = hit.folder.start, hit.folder.stop
            paths = hit.paths()
            if not refused or refused.isdisjoint(paths):
                published += map(cached_article, items[start:stop], hit.digests, hit.entries,
                                  hit.sizes)  # fmt: skip
                result.published += paths
                n = stop
                continue
            found = list(found)  # the folder's articles one by one, as ``Read``s
            found[start:stop] = _reads_of(hit)
        read = found[n]
        if not read.ok or read.path in refused:  # type: ignore[union-attr]
            result.failed.append(read.path)  # type: ignore[union-attr]
            if read.ok:  # type: ignore[union-attr]
                kept.append((read.path, read.entry))  # type: ignore[union-attr,arg-type]
        else:  # no model nor XML held: the article loads them from the read cache when read
            published.append(read.published(items[n]))  # type: ignore[union-attr]
            result.published.append(read.path)  # type: ignore[union-attr]
        n += 1
    return published, kept


def _reads_of(hit) -> list[Read]:
    """The ``Read`` of each article of a folder kept whole (its diagnostics not counted apart)."""
    return [Read(path, (), digest, entry, size)
            for path, digest, entry, size in zip(hit.paths(), hit.digests, hit.entries, hit.sizes,
                                                 strict=True)]  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """What reading, validating and modelling one article gave (picklable, for worker processes)."""

    diagnostics: tuple[Diagnostic, ...]
    article: Article | None = None
    #: The canonical SciELO PS tree, serialised (DOCTYPE included).
    canonical: bytes = b""
    digest: str = ""


def _publish_all(
    sources: Sequence[ArticleSource], arrived: Callable[[int, Outcome], object], executor: Executor
) -> list:
    """``publish_one`` over every article as the executor's tasks; ``arrived(n, outcome)`` is called
    as each outcome arrives (the read cache stores it there) and what it returns is kept, in order.

    On a remote executor the article's bytes travel with its task (read here, lazily, one window of
    tasks at a time), so workers need no access to the collection folder to read articles.
    """

    def outcome(n: int, result: Outcome | TaskFailure) -> object:
        return arrived(
            n, _failed_task(sources[n], result) if isinstance(result, TaskFailure) else result
        )

    jobs = ((item, _read_or_none(item) if executor.remote else None) for item in sources)
    return executor.map(_publish_job, jobs, total=len(sources), desc="articles", arrived=outcome)


def _read_or_none(item: ArticleSource) -> bytes | None:
    """The article's bytes through the same guards as every reader (regular file, inside the
    collection, size cap); None when refused, so the task reads again and reports why."""
    from .publish import load_source

    loaded = load_source(item.path, root=item.root)
    return loaded if isinstance(loaded, bytes) else None


def _publish_job(job: tuple[ArticleSource, bytes | None]) -> Outcome:
    return publish_one(*job)


def _failed_task(item: ArticleSource, failure: TaskFailure) -> Outcome:
    message = f"the article's task failed ({failure.describe()})"
    return Outcome((Diagnostic(str(item.path), 1, 1, Severity.ERROR, message, "build.task-failed",
                    "build", "This is a bug in scielo-pub or a lost worker; please report it."),))  # fmt: skip


def publish_one(item: ArticleSource, data: bytes | None = None) -> Outcome:
    """Read, validate and model one article (``data``: its bytes, else read from its path); no
    ``article`` when it must not be published."""
    from .publish import process, source_config

    journal_folder = item.issue.path.parent.parent if item.issue.path else None
    config = source_config(item.journal, journal_folder)
    try:
        checked = process(item.path, config, root=item.root, data=data)
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
    source: CollectionSource,
    reads: Reads,
    emit: Callable[[Diagnostic], None],
    out: Path,
    unchanged: Counter,
) -> set[str]:
    """``publish.issue_verdict`` per issue folder; the paths of the articles it refuses. A folder
    whose listing and articles are as at the last build keeps its recorded verdict
    (``readcache.Verdicts``): its errors are reported again (they refuse articles), its other
    diagnostics only counted in ``unchanged``; the others have their trees parsed for the checks,
    one folder at a time, and dropped after them. A folder the read stage kept whole costs its
    fingerprint only (its articles' entries are those recorded with it)."""
    recorded = Verdicts(Path(os.path.abspath(out)) / FOLDER)
    refused: set[str] = set()
    for listing in source.folders:
        if listing.stop == listing.start:
            continue  # a folder without article files gets no verdict (no article to refuse)
        hit = reads.kept.get(listing.start)
        members = reads.items[listing.start : listing.stop]
        if hit is not None:
            digest = hit.members
        else:
            digest = members_digest(listing.names, [entry_key(r) for r in members])  # type: ignore[arg-type]
        mark, known = recorded.get(listing, digest)
        if known is not None:
            diagnostics, refusing = Verdicts.replay(known)
            unchanged.update(d.severity for d in diagnostics if not d.is_error)
            diagnostics = [d for d in diagnostics if d.is_error]
        else:
            from .dtd.package import read_folder
            from .publish import issue_verdict

            reads_now = _reads_of(hit) if hit is not None else members
            items = source.articles[listing.start : listing.stop]
            package = read_folder(Path(listing.path), read_articles=False)
            verdict = issue_verdict(package, [_as_result(i, r) for i, r in zip(items, reads_now,
                                                                                strict=True)])  # fmt: skip
            diagnostics, refusing = [*package.diagnostics, *verdict.diagnostics], verdict.refused
            recorded.put(listing.path, mark, diagnostics, refusing)
        for diag in diagnostics:
            emit(diag)
        refused |= refusing
    recorded.save()
    return refused


def _as_result(item: ArticleSource, read: Read) -> ValidationResult:
    """A result as the issue checks see it: the canonical tree loaded from the read cache and the
    index data (what the checks read of the model), no diagnostics (they are reported already); a
    refused article keeps one error so the verdict refuses it."""
    from .dtd.validate import ValidationResult

    if not read.ok:
        failed = Diagnostic(str(item.path), 1, 1, Severity.ERROR, "not published", "build.failed")
        return ValidationResult(str(item.path), None, None, (failed,))
    article = read.published(item)
    return ValidationResult(str(item.path), article.tree, article.summary, ())


def _write_outputs(
    content: SiteContent,
    out: Path,
    emit: Callable[[Diagnostic], None],
    *,
    executor: Executor,
    pdf: bool,
    printer=None,
    away: bool = False,
) -> int:
    """The site written (``render.site.write_site``); how many files were written. ``away``
    (``apart.wanted``), without a printer: written by a forked child, which sends back the count and
    the diagnostics (the tasks' payloads and results, and the allocator's arenas they
    spread over, never enter this process)."""
    from .render.site import write_site

    if away and printer is None:
        done, count = apart.stage("outputs", lambda report: _reported(
            write_site(content, out, executor=executor, pdf=pdf), report), out, emit)  # fmt: skip
        if done:
            return count  # type: ignore[return-value]
    report = write_site(content, out, executor=executor, pdf=pdf, printer=printer)
    return _reported(report, emit)


def _reported(report, emit: Callable[[Diagnostic], None]) -> int:
    """How many files a ``render.site.WriteReport`` names (not held: the build counts them); its
    warnings and problems as diagnostics."""
    for note in report.warnings:
        path, _, message = note.partition(": ")
        emit(Diagnostic(path, 1, 1, Severity.WARNING, message, "render.file-left-out", "render",
                        "The rest of the article was published; this is a bug in scielo-pub."))  # fmt: skip
    for problem in report.problems:
        path, _, message = problem.partition(": ")
        emit(Diagnostic(path, 1, 1, Severity.ERROR, message or problem, "render.failed", "render",
                        "This is a bug in scielo-pub if the article validated; please report it."))  # fmt: skip
    return len(report.written)


def _printer(executor: Executor, out: Path):
    from .render.printer import Printer

    return Printer.start(executor, out)


def _printed(printer, out: Path, emit: Callable[[Diagnostic], None]) -> int:
    from .render.site import finish_printing

    return _reported(finish_printing(out, printer), emit)


def begin_store(
    content: SiteContent, out: Path, db: str | None, digests, executor: Executor,
    later: Later | None = None,
):  # fmt: skip
    """The store stage started in a child that runs beside the outputs stage, else None:
    ``write_store`` collects it. A forked child on a local pool of two or more processes
    (``apart.beside``); in the spawned child of a Dask build (``later``), a spawned child of its
    own (``spawned_stages.store_beside``). Neither stage reads what the other writes (the store's database; the
    site's files)."""
    if later is not None:
        return store_beside(later)
    if not apart.beside(executor):
        return None
    return apart.start("store", _store_there(content, out, db, digests), out)


def _store_there(content: SiteContent, out: Path, db: str | None, digests):
    """The store stage as a forked child runs it (``apart.start`` or ``apart.stage``): written
    in that process, its diagnostics given to the child's ``report``."""
    return lambda report: write_store(content, out, db, report, digests)


def write_store(
    content: SiteContent,
    out: Path,
    db: str | None,
    emit: Callable[[Diagnostic], None],
    digests=None,
    away: bool = False,
    beside=None,
) -> str:
    """Write the collection store (journals, issues, articles, links); its summary line. ``beside``
    (``begin_store``): the child writing it beside the outputs stage, waited for here. ``away``
    (``apart.wanted``): written by a forked child, which sends back the summary and diagnostics (the
    records made and dropped, ~45 MB of the heap at 1,000 articles, never enter this process). A
    child that gave nothing leaves the stage to this process."""
    if beside is not None:
        done, summary = beside.finish(emit)
        if done:
            return summary  # type: ignore[return-value]
        away = False  # its child failed: written here
    if away:
        done, summary = apart.stage("store", _store_there(content, out, db, digests), out, emit)
        if done:
            return summary  # type: ignore[return-value]
    from . import store
    from .store.write import write_store as write

    engine = store.connect(db or store.default_url(out))
    try:
        done = write(engine, content, digests=digests)
    finally:
        engine.dispose()
    for diag in done.diagnostics:
        emit(diag)
    return done.summary()


def write_statistics(out: Path, db: str | None, emit: Callable[[Diagnostic], None]) -> int:
    """Write the citation-statistics pages from the store (what changed since the last run);
    how many files changed."""
    from sqlalchemy.exc import SQLAlchemyError

    from . import store
    from .render.stats_pages import write_stats_pages

    engine = store.connect(db or store.default_url(out))
    try:
        return len(write_stats_pages(engine, out).written)
    except (SQLAlchemyError, OSError) as exc:
        where = str(out / "stats" / "citations")
        emit(Diagnostic(where, 1, 1, Severity.ERROR, f"citation statistics not written: {exc}",
                        "render.stats-failed", "render",
                        "The rest of the site was written; check the store (--db)."))  # fmt: skip
        return 0
    finally:
        engine.dispose()
