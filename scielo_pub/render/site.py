"""Site content in, a static site on disk out (the *outputs* stage): incremental, parallel, atomic.

Every output belongs to a *task* (one article's pages and downloads; its PDFs; one issue table of
contents in one interface language; one journal home; ...). A task's key hashes what its pages show
(an article's PDFs show neither reference links nor cited-by, so a citer's change leaves them alone)
plus the code and templates of this package; a task whose key is the one recorded at the last build
(``render.state``: a SQLite record in OUT, updated for the tasks that changed) and whose first file
is there is skipped. An article's page key is made of digests: its input digest, those its reference
links and cited-by carry (the links stage's views), that of its previous/next and similar lists
(``render.related``, made where the lists are) and its issue's shared part, hashed once per issue,
so an unchanged article is decided without reading its index data. The articles are visited once
(``render.walk``), after which a rebuild decides per issue: an issue whose group key (what its
members' page keys hash, their related lists aside) is as recorded keeps its members' tasks with
one check each that the first file is there, without their page keys being made. A journal's
listings (``render.listings``) are decided from its inputs (its issues' digests, records and
settings) and keyed by what they show only when those changed (from each issue's recorded facts:
the index data of its changed issues and latest articles read), a few journals at a time; the
static search index is updated in place (``search_index.plan``). The index data this stage loads
is let go as each pass is done with it (``walk.Pins``), so a clean build holds a few journals' at a
time. Article tasks, and each journal's listings (journal pages, issue tables of contents, feed)
as one task per journal, run on an executor (``scielo_pub.executors``: a local pool or a Dask
cluster); each task carries only what its pages show (one article; the articles a journal's
tasks list, without their trees). Before a local pool forks, the page templates are loaded
(``render.bytecode``) and the cheapest article task is run here (``WARM_FIRST``), so the workers
inherit what a process pays on its first article instead of each paying it. Every file is
written to a temporary name in its folder and renamed, so workers sharing ``out`` never see half a
file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from ..collection import PublishedArticle, SiteContent
from ..executors import Executor, LocalExecutor, TaskFailure, _guarded
from . import i18n, keys, listings, sitemaps, state, urls
from .files import MANIFEST, TaskResult, emit_file, write_atomic  # noqa: F401 (also named here)
from .keys import article_digest, portable, task_key
from .listings import Listings, _pages
from .listings import available as _available
from .listings import batch as _batch
from .listings import before_fork as _before_fork
from .listings import lost as _lost
from .listings import run_journals as _run_journals
from .listings import run_listing as _run_listing
from .related import related
from .walk import Pins, Walk, links_digest

if TYPE_CHECKING:
    from .printer import Printer

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class WriteReport:
    """Files written in this run, tasks skipped as unchanged, and problems met."""

    #: A tuple, or the tasks' own lists seen as one sequence (``Written``).
    written: Sequence[Path]
    skipped: int = 0
    problems: tuple[str, ...] = ()
    #: Files left out while the rest was written (``path: message``), e.g. a LILACS record.
    warnings: tuple[str, ...] = ()


def write_site(
    content: SiteContent,
    out: Path,
    *,
    jobs: int = 1,
    pdf: bool = False,
    executor: Executor | None = None,
    printer: Printer | None = None,
) -> WriteReport:
    """Write the whole site into ``out``, rebuilding only what changed since the last build there.

    ``executor`` runs the article and journal tasks (default: a local pool of ``jobs`` processes);
    the PDF tasks ``printer`` (``render.printer``) was sent are its, not the executor's: their
    last files and manifest entries stay as they were until ``finish_printing``.
    """
    executor = executor or LocalExecutor(jobs)
    listings.AVAILABLE.clear()  # a journal's pages may have changed since the last build in this process
    out = Path(out).resolve() if executor.remote else Path(out)  # the same path on every host
    out.mkdir(parents=True, exist_ok=True)
    db = state.connect(out)
    pins = Pins(content.articles)
    try:
        return _write(content, out, db, executor, pdf, printer, pins)
    finally:
        db.close()
        pins.release(content.articles)


def _write(content, out, db, executor, pdf, printer, pins) -> WriteReport:
    walk = Walk(content.articles)
    folders = walk.folders
    found = related(content, walk, db, pins)  # previous/next and similar (the last build's kept)
    manifest = state.Manifest(db)
    where = os.fspath(out)
    results: list[TaskResult] = []
    kept: set[str] = set()
    article_jobs = []
    shared = _IssueKeys(content.collection, pdf)
    groups = _PageGroups(db, walk, shared, pdf, printer is None)
    todo = groups.visit(manifest, where, found.touched, kept)
    digests = found.digests(todo)
    for index in todo:
        item = content.articles[index]
        parts = [(f"article:{folders[index]}", _page_key(shared, item, digests[index]))]
        if pdf:  # PDFs show no links nor cited-by: a citer's new title leaves them as they are
            parts.append(pdf_task(item, content))
        for task, key in parts:
            if printer is not None and printer.claimed.get(task) == key:
                if task in manifest.keys:  # its last files stay until the printer's replace them
                    kept.add(task)
                continue  # the printer renders it (``finish_printing``)
            if manifest.unchanged(task, key, where):
                kept.add(task)
            else:
                article_jobs.append((index, task, key, task.startswith("pdf:")))
    skipped = len(kept)
    tasks_executor = printer.beside(executor) if printer is not None else executor
    results += _run_articles(content, out, article_jobs, tasks_executor, pdf, found)
    listings = Listings(content, walk, db, manifest, out, pdf, pins)
    for batch in listings.journal_jobs(kept, out, _batch(tasks_executor)):
        results += _run_journals(batch, tasks_executor)
        batch.clear()  # a few journals' copies held at a time
    for task, key, make in _collection_tasks(content, listings):
        if manifest.unchanged(task, key, where):
            kept.add(task)
            continue
        results.append(_run_listing(out, task, key, make))
    kept |= listings.kept
    listings.save()
    skipped += len(kept) - skipped
    manifest.update(out, results, kept)
    groups.save({r.task for r in results if r.problems})
    problems = tuple(p for r in results for p in r.problems)
    return WriteReport(_written(out, results), skipped, problems,
                       tuple(w for r in results for w in r.warnings))  # fmt: skip


#: False: a report's ``written`` is a tuple of every file's path, made when the stage ends (a
#: clean build of 100,000 articles made 963,209 of them at once; the build reads the count).
LAZY_WRITTEN = True


def _written(out: Path, results: list[TaskResult]) -> Sequence[Path]:
    if not LAZY_WRITTEN:
        return tuple(out / rel for r in results for rel in r.written)
    return Written(out, results)


class Written(Sequence):
    """The files the tasks wrote, as paths in ``out``, made as they are read: the count is known
    without making them (what the build reports), and equal to the tuple of them."""

    __slots__ = ("_out", "_results", "_count")

    def __init__(self, out: Path, results: list[TaskResult]) -> None:
        self._out, self._results = out, results
        self._count = sum(len(r.written) for r in results)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Path]:
        out = self._out
        return (out / rel for r in self._results for rel in r.written)

    def __getitem__(self, index):  # type: ignore[override]
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


class _PageGroups:
    """Each issue's article pages decided at once: the group key hashes what every member's page
    key hashes but the digests of their related lists (its issue's shared part, its members'
    folders, input digests and file names, reference links', cited-by's and accesses' digests:
    ``Walk``), recorded (``page_groups``) when every member's task was kept or written. An issue
    whose key is as recorded and none of whose members' related lists changed (``Related.touched``;
    ``render.related`` forgets the group of those in its own transaction) keeps its members' tasks
    without their page keys being made: one check per member that its first file is there. With
    a PDF printer running beside the build nothing is recorded (its tasks finish later)."""

    def __init__(self, db, walk: Walk, shared: _IssueKeys, pdf: bool, record: bool) -> None:
        self.db, self.walk, self.pdf, self.record = db, walk, pdf, record
        self.recorded = dict(db.execute("SELECT issue, key FROM page_groups"))
        self.keys = {
            name: hashlib.sha256(f"{shared.of_records(g.issue, g.journal)}\0{g.marks}\0{g.links}"
                                 f"\0{pdf}".encode()).hexdigest()[:32]
            for name, g in walk.groups.items() if g.complete
        }  # fmt: skip
        #: Article tasks kept by their issue's key alone (counted by the tests).
        self.skipped = 0

    def visit(self, manifest, where: str, touched: set[int], kept: set[str]) -> list[int]:
        """The members whose page keys must be made (their issue changed, or their task or its
        first file is missing); the others' tasks added to ``kept``."""
        dirty = {self.walk.group_of[i].name for i in touched}
        folders, todo = self.walk.folders, []
        for name, group in self.walk.groups.items():
            key = self.keys.get(name)
            if not self.record or key is None or name in dirty or self.recorded.get(name) != key:
                todo += group.members
            elif self.pdf:
                for i in group.members:
                    tasks = (f"article:{folders[i]}", f"pdf:{folders[i]}")
                    if manifest.there(tasks[0], where) and manifest.there(tasks[1], where):
                        kept.update(tasks)
                    else:
                        todo.append(i)
            else:
                todo += _missing(manifest.keys, where, folders, group.members, kept)
        self.skipped = len(self.walk.folders) - len(todo)
        return sorted(todo)

    def save(self, failed: set[str]) -> None:
        """Record the key of each issue none of whose members' tasks failed; forget the others."""
        folders = self.walk.folders
        rows, forget = [], [name for name in self.recorded if name not in self.walk.groups]
        for name, group in self.walk.groups.items():
            key = self.keys.get(name)
            ok = self.record and key is not None
            if ok and failed:
                ok = not any(f"article:{folders[i]}" in failed or f"pdf:{folders[i]}" in failed
                             for i in group.members)  # fmt: skip
            if ok and self.recorded.get(name) != key:
                rows.append((name, key))
            elif not ok and name in self.recorded:
                forget.append(name)
        with state.transaction(self.db):
            self.db.executemany("DELETE FROM page_groups WHERE issue = ?", [(n,) for n in forget])
            self.db.executemany("INSERT OR REPLACE INTO page_groups VALUES (?, ?)", rows)


def _missing(keys: dict, where: str, folders, members: list[int], kept: set[str]) -> list[int]:
    """The ``members`` whose article task is not recorded or whose first file is not in ``where``
    (``state.Manifest.there``, for the whole issue at once: the tasks looked up and the files
    checked through ``map``, the one ``os.access`` per unchanged article); the others' tasks added
    to ``kept``."""
    tasks = [f"article:{folders[i]}" for i in members]
    entries = list(map(keys.get, tasks))
    if None not in entries:
        heads = list(map(_HEAD, entries))
        if all(heads) and all(map(os.access, map(f"{where}/".__add__, heads), repeat(os.F_OK))):
            kept.update(tasks)
            return []
    missing = []
    for i, task, entry in zip(members, tasks, entries, strict=True):
        if entry is not None and (not entry[1] or os.access(f"{where}/{entry[1]}", os.F_OK)):
            kept.add(task)
        else:
            missing.append(i)
    return missing


_HEAD = operator.itemgetter(1)


class _IssueKeys:
    """The part of an article's page key its issue shares (the code, the collection's settings, its
    journal's and issue's records, the journal's own pages, PDFs or not), hashed once per issue."""

    def __init__(self, collection, pdf: bool) -> None:
        self.base = repr((keys.code_fingerprint(), portable(collection), pdf))
        self.held: dict[int, tuple[object, object, str]] = {}
        #: Per journal, the hash of the text's part before its issue's record (copied per issue:
        #: the journal's record is written out and hashed once, not once per issue).
        self.journals: dict[int, tuple[object, object]] = {}

    def of(self, item: PublishedArticle) -> str:
        return self.of_records(item.source.issue, item.source.journal)

    def of_records(self, issue, journal) -> str:
        held = self.held.get(id(issue))
        if held is None or held[0] is not issue or held[1] is not journal:
            # the hash of repr((base, journal, issue, available)), the journal's part hashed once
            start = self.journals.get(id(journal))
            if start is None or start[0] is not journal:
                prefix = f"({self.base!r}, {portable(journal)!r}, "
                start = self.journals[id(journal)] = (journal, hashlib.sha256(prefix.encode()))
            h = start[1].copy()
            h.update(f"{portable(issue)!r}, {_available(journal)!r})".encode())
            held = (issue, journal, h.hexdigest())
            self.held[id(issue)] = held
        return held[2]


def _page_key(shared: _IssueKeys, item: PublishedArticle, related_digest: str) -> str:
    """An article's page key: its issue's shared part, its input digest and file name, the digests
    of its reference links, cited-by and related lists (computed where they are made), its accesses."""
    text = (
        f"{shared.of(item)}\0{article_digest(item)}\0{item.source.path.name}\0"
        f"{links_digest(item.matches)}\0{links_digest(item.cited_by)}\0{related_digest}\0"
        f"{item.accesses}"
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def pdf_task(item: PublishedArticle, content: SiteContent) -> tuple[str, str]:
    """The name and key of the task writing an article's PDFs."""
    key = task_key("pdf", article_digest(item), _pdf_key(item), content.collection)
    return f"pdf:{urls.article_dir(item)}", key


def _pdf_key(item: PublishedArticle) -> tuple:
    """What an article's PDFs show besides its own tree: journal, issue and file name."""
    return portable(item.source.journal), portable(item.source.issue), item.source.path.name


def changed_pdf_tasks(content: SiteContent, out: Path) -> list[tuple[PublishedArticle, str, str]]:
    """``(article, task, key)`` of the PDF tasks whose key (or first file) is not as the last build
    in ``out`` recorded it (``render.printer`` renders those of a rebuild)."""
    db = state.connect(out)
    try:
        manifest = state.Manifest(db)
    finally:
        db.close()
    where = os.fspath(out)
    jobs = [(item, *pdf_task(item, content)) for item in content.articles]
    return [job for job in jobs if not manifest.unchanged(job[1], job[2], where)]


# -- article tasks -------------------------------------------------------------------------------


def _run_articles(
    content: SiteContent, out: Path, jobs_list: list, executor: Executor, pdf: bool, found
) -> list[TaskResult]:
    if any(job[3] for job in jobs_list) and not executor.remote:
        from .pdf_engine import warm_up

        warm_up()  # once here, inherited by the forked workers
    # An article's pages show the collection's settings and the article itself, nothing else;
    # its related lists are read for the articles rendered only.
    results: list[TaskResult] = []
    for start in range(0, len(jobs_list), ARTICLES_AT_ONCE):  # their lists and copies held
        chunk = jobs_list[start : start + ARTICLES_AT_ONCE]
        results += _run_chunk(content, out, chunk, executor, pdf, found)
    return results


#: Article tasks sent to the executor together: their related lists (read from the record, each
#: list's entries its own copies) and payloads are held for these only, not for the collection.
ARTICLES_AT_ONCE = 2000


def _run_chunk(
    content: SiteContent, out: Path, jobs_list: list, executor: Executor, pdf: bool, found
) -> list[TaskResult]:
    bare = SiteContent(content.collection, (), (), ())
    pages_of = sorted({index for index, *_rest, only_pdf in jobs_list if not only_pdf})
    lists = dict(zip(pages_of, found.lists(pages_of), strict=True))
    payloads = []
    for index, task, key, only_pdf in jobs_list:
        item = content.articles[index]
        if index in lists:
            item = dataclasses.replace(item, neighbours=lists[index][0], similar=lists[index][1])
        payloads.append((item, bare, out, pdf, task, key, only_pdf))
    # Longest first (local pool), so the last worker is not left alone with the biggest article.
    _before_fork(executor, payloads, out)
    first = _warm_first(executor, payloads)
    warmed = None if first is None else _guarded(_article_task, payloads[first])
    rest = payloads if first is None else payloads[:first] + payloads[first + 1 :]
    done = executor.map(_article_task, rest, desc="pages", cost=lambda p: _cost(p[0], p[6]))
    if first is not None:
        done.insert(first, warmed)
    return [
        _lost(job[1], job[2], str(content.articles[job[0]].source.path), result)
        if isinstance(result, TaskFailure)
        else result
        for job, result in zip(jobs_list, done, strict=True)
    ]


#: Before a local pool forks for two or more article tasks, the cheapest is run here: what a
#: process pays on its first article (libraries imported on first use, such as pybtex's writer and
#: the LaTeX codec it registers; tables made once, such as the LILACS writer's) is paid once and
#: inherited by the workers the pool forks next, not paid once per worker.
WARM_FIRST = True


def _warm_first(executor: Executor, payloads: list) -> int | None:
    """The index of the payload to run in this process (the cheapest), or None."""
    if not WARM_FIRST or not isinstance(executor, LocalExecutor) or executor.jobs < 2:
        return None
    if len(payloads) < 2:  # one task runs here anyway (``LocalExecutor.map``)
        return None
    return min(range(len(payloads)), key=lambda n: _cost(payloads[n][0], payloads[n][6]))


def _cost(item: PublishedArticle, pdf: bool) -> int:
    """A rough size of an article's work: its XML's length, times its languages when PDFs are made."""
    size = item.size or len(item.canonical or b"")
    return size * (1 + len(item.summary.languages)) if pdf else size


def _article_task(
    job: tuple[PublishedArticle, SiteContent, Path, bool, str, str, bool],
) -> TaskResult:
    """One article's pages and downloads, or (``only_pdf``) its PDFs."""
    item, content, out, pdf, task, key, only_pdf = job
    result = TaskResult(task, key)
    try:
        files = (
            _pdf_files(item, content)
            if only_pdf
            else article_files(item, content, pdf, result.warnings, with_pdfs=False)
        )
        for rel, data in files:
            emit_file(out, rel, data, result)
    except Exception as exc:  # one broken article must not stop the site; the report names it
        result.problems.append(
            f"{item.source.path}: could not render ({type(exc).__name__}: {exc})"
        )
    return result


def _pdf_files(item: PublishedArticle, content: SiteContent):
    from .pdf import article_pdfs
    from .view import article_view

    yield from article_pdfs(item, content, _pages().how_to_cite(article_view(item), content))


def article_files(
    item: PublishedArticle,
    content: SiteContent,
    pdf: bool,
    warnings: list[str] | None = None,
    *,
    with_pdfs: bool = True,
):
    """Every file of one article: ``(site path, text | bytes | source Path)`` pairs (its PDFs
    too when ``pdf`` and ``with_pdfs``). A LILACS record that cannot be made is left out, with
    its link, and noted in ``warnings``."""
    from .view import article_view

    view = article_view(item)
    cites = _pages().how_to_cite(view, content)
    try:
        record = _pages().lilacs_record(item, content)
    except Exception as exc:  # the record writer failing must not cost the article its pages
        record = None
        if warnings is not None:
            warnings.append(f"{item.source.path}: LILACS record not written ({exc})")
    for lang in view.versions:
        yield _pages().fulltext_page(view, content, lang, pdf, cites, lilacs=record is not None)
    for lang in view.abstract_langs:
        yield _pages().abstract_page(view, content, lang, pdf)
    yield urls.download(item, ".xml"), _pages().article_xml(item)
    url = urls.absolute(
        content.collection.base_url, urls.fulltext(item, item.article.language or "")
    )
    from . import cite

    yield urls.download(item, ".ris"), cite.ris(item.article, url)
    yield urls.download(item, ".bib"), cite.bibtex(item.article, url)
    if record is not None:
        yield urls.download(item, ".lilacs.iso"), record
    yield from sorted(view.assets.items())
    yield from _stable_urls(item, content)
    if pdf and with_pdfs:
        from .pdf import article_pdfs

        yield from article_pdfs(item, content, cites)


def _stable_urls(item: PublishedArticle, content: SiteContent):
    target = urls.fulltext(item, item.article.language or "")
    title = item.article.titles.get(item.article.language or "") or item.source.path.stem
    for page in ([urls.by_pid(item.article.pid)] if item.article.pid else []) + (
        [urls.by_doi(item.article.doi)] if item.article.doi else []
    ):
        yield page, _pages().redirect_page(content, page, target, title)


# -- listing tasks -------------------------------------------------------------------------------


def _collection_tasks(
    content: SiteContent, listings: Listings
) -> Iterator[tuple[str, str, Callable]]:
    """Collection-wide listings: the home page per language, the sitemap (or, split, the sitemap
    index and the collection's own sitemap), the static files, the static search. Their keys read
    no article: the sitemap's hashes each journal's digest of its rows (``_Listings``)."""
    c = content.collection
    tasks: list[tuple[str, str, Callable]] = []
    journals_key = tuple(portable(j) for j in content.journals)
    issues_key = tuple(portable(i) for i in content.issues)
    for lang in i18n.INTERFACE_LANGUAGES:
        tasks.append(
            (
                f"home:{lang}",
                task_key("home", c, journals_key, issues_key),
                lambda lang=lang: [_pages().collection_page(content, lang)],
            )
        )
    if listings.split:
        key = task_key("sitemap-index", c, [j.acronym for j in content.journals])
        tasks.append(("sitemap", key, lambda: sitemaps.robots_and_sitemap_index(content)))
    else:
        key = task_key("sitemap", c, listings.listed(), listings.order, journals_key, issues_key)
        tasks.append(("sitemap", key, lambda: sitemaps.robots_and_sitemap(content)))
    tasks.append(("static", task_key("static"), _static_files))
    yield from tasks
    yield from _search_tasks(content, listings, journals_key, issues_key)


def _search_tasks(content: SiteContent, listings: Listings, journals_key, issues_key) -> Iterator:
    """The static search's pages (they show the journals, their current issues and the number of
    articles) and the files of its index the changed articles touch (``search_index.plan``; the
    others are added to ``listings.kept``), each file's text made as its task is run: a first build
    does not hold the whole index's text at once."""
    from . import search_index

    c = content.collection
    key = task_key("search-page", c, journals_key, issues_key, len(content.articles))
    for lang in i18n.INTERFACE_LANGUAGES:
        rel = urls.search_page(lang, c.default_language)
        make = lambda lang=lang: [search_index.search_page(content, lang)]  # noqa: E731
        yield (f"search:{rel}", key, make)
    manifest = listings.manifest

    def there(rel: str) -> bool:  # the index's folders listed once each (``Manifest.listed``)
        return manifest.listed(f"search:{rel}", listings.where)

    plan = search_index.plan(content, listings.walk, listings.db, listings.out, there,
                             listings.pins)  # fmt: skip
    for rel, text in plan.made:  # one task per file, made as it is run: only changed ones written
        yield (f"search:{rel}", task_key("search", rel, text), lambda r=rel, t=text: [(r, t)])
    listings.kept.update(f"search:{rel}" for rel in plan.kept)


def _static_files() -> list:
    """The stylesheets, scripts and icons under ``static/``, and the icon at ``/favicon.ico`` too
    (where browsers and crawlers ask for it)."""
    files = [
        (f"static/{p.name}", p) for p in sorted((_PACKAGE / "static").iterdir()) if p.is_file()
    ]
    return [*files, ("favicon.ico", _PACKAGE / "static" / "favicon.ico")]


# -- files ---------------------------------------------------------------------------------------


def finish_printing(out: Path, printer: Printer) -> WriteReport:
    """Wait for the PDFs ``printer`` renders (``write_site`` left them to it) and record them in the
    manifest; a task that failed loses its entry and its last files, as in ``write_site``."""
    done = printer.results()
    if not done:
        return WriteReport(())
    out = Path(out)
    db = state.connect(out)
    try:
        state.Manifest(db).replace(out, done)
    finally:
        db.close()
    written = tuple(out / rel for r in done for rel in r.written)
    return WriteReport(written, 0, tuple(p for r in done for p in r.problems))
