"""Site content in, each journal's listings out: its pages, feed, issues' tables of contents and (a
site whose sitemap is split) its own sitemap, decided and keyed in the coordinator, written on the
executor (``render.site`` calls this for the outputs stage).

A journal whose *inputs* (the code, the collection's settings, its record, own pages and logo, its
issues' records, its articles' folders and input digests: ``walk.Walk``'s marks) and sitemap split
are as the last build recorded them (``journals`` in ``render.state``) keeps every listing task
without any article being read. A changed journal's tasks are keyed by what they show. Those keys
need little of most articles: each issue's article count, its input digests in table-of-contents
order, the journal's digests, its sitemap rows' text and URL count, its latest articles by date.
Those *facts* are kept per issue (``listing_issues``, keyed by the issue's record, its journal's
and its members' marks), so a changed journal reads the index data of its changed issues and of
its ``FEED`` latest articles only; and its job carries the articles of the tasks it runs only (a
table of contents: its issue's; the feed and the journal page: the latest; a sitemap: all).
With ``ISSUE_FACTS`` off every article of a changed journal is read, as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..collection import SiteContent, section_groups, toc_key
from ..executors import Executor, TaskFailure
from . import i18n, journal_pages, keys, sitemaps, state, urls
from .files import TaskResult, emit_file
from .keys import article_digest, portable, task_key
from .walk import KEEP, Walk

#: A changed journal's keys made from its issues' recorded facts (``listing_issues``) and the index
#: data of its changed issues and latest articles only; off: from every article's index data.
ISSUE_FACTS = True
#: How many latest articles the feed shows (``pages.atom_feed``; the journal page shows fewer).
FEED = 50


def _pages():
    """``render.pages``, imported when a page is made (or a journal page's latest articles keyed)."""
    from . import pages

    return pages


def before_fork(executor: Executor, jobs: list, out: Path) -> None:
    """The renderers imported and the page templates loaded (``bytecode.load``: compiled once per
    code version) here before a local pool forks for ``jobs``, so its workers inherit them
    instead of each importing and compiling them again."""
    if jobs and not executor.remote:
        from . import bytecode

        _pages()
        bytecode.load(out)


def available(journal) -> tuple[str, ...]:
    """``journal_pages.available``, looked up once per journal and build (``AVAILABLE`` is emptied
    as ``write_site`` starts), not once per article."""
    held = AVAILABLE.get(id(journal))
    if held is None or held[0] is not journal:
        held = AVAILABLE[id(journal)] = (journal, tuple(journal_pages.available(journal)))
    return held[1]


AVAILABLE: dict[int, tuple[object, tuple[str, ...]]] = {}


def run_listing(out: Path, task: str, key: str, make: Callable) -> TaskResult:
    result = TaskResult(task, key)
    try:
        for rel, data in make():
            emit_file(out, rel, data, result)
    except Exception as exc:  # a listing page that fails is reported; the others are still written
        result.problems.append(f"{task}: could not render ({type(exc).__name__}: {exc})")
    return result


def lost(task: str, key: str, where: str, failure: TaskFailure) -> TaskResult:
    return TaskResult(task, key, problems=[f"{where}: could not render ({failure.describe()})"])


@dataclass
class Known:
    """What a journal's listing keys need of its articles, made from its issues' facts: each issue's
    article count and input digests in table-of-contents order (by issue folder), the journal's
    digests in the content's order (its feed), its sitemap rows as the text of their tuple and
    their URL count."""

    counts: dict[str, int]
    tocs: dict[str, tuple[str, ...]]
    feed: tuple[str, ...]
    listed: str
    urls: int
    #: The indexes of its ``FEED`` latest articles, in the content's order.
    latest: list[int]


class _Text(str):
    """A text that is its own ``repr`` (a tuple's ``repr`` made from its items' recorded ones)."""

    def __repr__(self) -> str:
        return str.__str__(self)


def _tuple_text(items: list[str]) -> str:
    """``repr`` of a tuple whose items' ``repr`` are ``items``."""
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _issue_facts(items: list, issue, journal) -> dict:
    """An issue's facts from its articles' index data (``items`` in the content's order): each
    one's sitemap row (``repr``), date key, its URL count and their table-of-contents order."""
    rows, dates, count = [], [], 0
    for a in items:
        s = a.summary
        rows.append(repr((urls.fulltext(a, s.language or ""), s.languages, repr(s.pub_date))))
        dates.append(list(s.pub_date.sort_key()) if s.pub_date else [0, 0, 0])
        count += len(s.languages) or 1
    groups = section_groups(issue, journal)
    toc = sorted(range(len(items)), key=lambda p: toc_key(issue, items[p].summary, groups=groups))
    return {"rows": rows, "dates": dates, "urls": count, "toc": toc}


class Listings:
    """Each journal's listing tasks (see the module's docstring), and the facts the collection's
    listings need of each journal (its sitemap rows' digest and URL count)."""

    def __init__(
        self, content: SiteContent, walk: Walk, db, manifest, out: Path, pdf: bool, pins=KEEP
    ) -> None:
        self.content, self.db, self.manifest, self.pdf, self.pins = content, db, manifest, pdf, pins
        self.walk, self.out, self.where = walk, out, os.fspath(out)
        folders = self.folders = walk.folders
        #: Tasks kept as they are (``write_site`` adds them to its own).
        self.kept: set[str] = set()
        self.recorded = {acronym: (inputs, json.loads(text)) for acronym, inputs, text in db.execute(
            "SELECT acronym, inputs, state FROM journals")}  # fmt: skip
        self.groups = walk.journal_groups()
        self.issues: dict[str, list] = {}
        for issue in content.issues:
            self.issues.setdefault(issue.journal_acronym, []).append(issue)
        self.order = hashlib.sha256("\n".join(folders).encode()).hexdigest()
        self.inputs = {j.acronym: self._inputs(j, folders) for j in content.journals}
        self.parts: dict[str, SiteContent] = {}
        self.facts: dict[str, dict] = {}
        #: Issues whose facts were made from their articles' index data (counted by the tests).
        self.facts_made = 0
        changed = {j.acronym for j in content.journals if self._changed(j.acronym)}
        for journal in content.journals:
            held = self.recorded.get(journal.acronym)
            if journal.acronym not in changed:
                self.facts[journal.acronym] = held[1]["facts"]
                continue
            known = self._known(journal)  # not held: made again from the record for its tasks
            if known is not None:
                listed = hashlib.sha256(known.listed.encode()).hexdigest()
                self.facts[journal.acronym] = {"listed": listed, "urls": known.urls}
                continue
            part = self.part(journal)
            listed = hashlib.sha256(repr(sitemaps.listed(part)).encode()).hexdigest()
            self.facts[journal.acronym] = {"listed": listed, "urls": sitemaps.url_count(part)}
            if len(changed) > 1:  # one changed journal's copies kept for its tasks, not more
                self.parts.pop(journal.acronym)
        urls_count = sum(f["urls"] for f in self.facts.values())
        self.split = (
            1 + len(content.journals) + len(content.issues) + urls_count > sitemaps.SITEMAP_LIMIT
        )
        self.changed: dict[str, tuple[str, dict]] = {}

    def _changed(self, acronym: str) -> bool:
        held = self.recorded.get(acronym)
        return held is None or held[0] != self.inputs[acronym]

    def _inputs(self, journal, folders) -> str:
        c = self.content
        issues = [portable(i) for i in self.issues.get(journal.acronym, ())]
        h = hashlib.sha256(repr((keys.code_fingerprint(), portable(c.collection), portable(journal),
                                 journal_pages.digest(journal), available(journal), _logo(journal),
                                 self.pdf, issues)).encode())  # fmt: skip
        for group in self.groups.get(
            journal.acronym, ()
        ):  # its issues' members, as ``Walk`` hashed them
            if group.complete:
                h.update(f"{group.name}\0{group.marks}\n".encode())
                continue
            for index in group.members:  # an article without an input digest: its XML's
                h.update(f"{folders[index]}\0{article_digest(c.articles[index])}\n".encode())
        return h.hexdigest()

    def _known(self, journal) -> Known | None:
        """What ``journal``'s keys need, from its issues' recorded facts (those of the issues
        whose inputs changed made again from their articles' index data and recorded at once:
        they hold whatever this build does after); None with ``ISSUE_FACTS`` off or an article
        without an input digest."""
        acronym, c = journal.acronym, self.content
        groups = self.groups.get(acronym, ())
        if not ISSUE_FACTS or not all(g.complete for g in groups):
            return None
        recorded = {
            name: (inputs, text)
            for name, inputs, text in self.db.execute(
                "SELECT issue, inputs, state FROM listing_issues WHERE issue >= ? AND issue < ?",
                (f"{acronym}/", f"{acronym}0"),
            )
        }
        by_folder = {i.folder: i for i in self.issues.get(acronym, ())}
        base = (keys.code_fingerprint(), portable(c.collection), portable(journal))
        counts: dict[str, int] = {}
        tocs: dict[str, tuple[str, ...]] = {}
        entries: list[tuple[int, str, list[int]]] = []
        made, total, articles = [], 0, c.articles
        for group in groups:
            folder = group.name.split("/", 1)[1]
            issue = by_folder.get(folder) or group.issue
            inputs = hashlib.sha256(
                repr((*base, portable(issue), group.marks)).encode()
            ).hexdigest()
            held = recorded.get(group.name)
            if held is not None and held[0] == inputs:
                facts = json.loads(held[1])
            else:
                items = [articles[i] for i in group.members]
                facts = _issue_facts(items, issue, journal)
                self.pins.release(items)
                self.facts_made += 1
                made.append((group.name, inputs, state.dumps(facts)))
            members = group.members
            counts[folder] = len(members)
            tocs[folder] = tuple(articles[members[p]].digest for p in facts["toc"])
            entries += zip(members, facts["rows"], facts["dates"], strict=True)
            total += facts["urls"]
        gone = [(name,) for name in recorded if name not in self.walk.groups]
        if made or gone:
            with state.transaction(self.db):
                self.db.executemany("DELETE FROM listing_issues WHERE issue = ?", gone)
                self.db.executemany("INSERT OR REPLACE INTO listing_issues VALUES (?, ?, ?)", made)
        entries.sort(key=lambda e: e[0])  # the content's order
        latest = sorted(  # as ``pages.latest_articles`` and ``atom_feed`` order them
            entries, key=lambda e: (tuple(e[2]), articles[e[0]].source.path.name), reverse=True
        )
        return Known(counts, tocs, tuple(articles[e[0]].digest for e in entries),
                     _tuple_text([e[1] for e in entries]) if entries else "()", total,
                     sorted(e[0] for e in latest[:FEED]))  # fmt: skip

    def members(self, acronym: str) -> list[int]:
        """The indexes of a journal's articles, in the content's order."""
        return sorted(i for group in self.groups.get(acronym, ()) for i in group.members)

    def light(self, journal, indexes: list[int], copies: dict | None = None) -> SiteContent:
        """The part of the content a journal's listings show: its issues and the articles of
        ``indexes``, without trees, matches or cited-by (listings show none of them); the
        copies made kept in ``copies`` (those already there not made again)."""
        c = self.content
        copies = {} if copies is None else copies
        for i in indexes:
            if i not in copies:
                item = c.articles[i]
                copies[i] = dataclasses.replace(item.listing(), digest=article_digest(item))
        light = tuple(copies[i] for i in indexes)
        self.pins.release(c.articles[i] for i in indexes)
        issues = tuple(self.issues.get(journal.acronym, ()))
        return SiteContent(c.collection, (journal,), issues, light, c.root)

    def part(self, journal) -> SiteContent:
        """The part of the content a journal's listings show, every article of it (held until
        its tasks are decided)."""
        held = self.parts.get(journal.acronym)
        if held is None:
            held = self.parts[journal.acronym] = self.light(journal, self.members(journal.acronym))
        return held

    def _needed(self, known: Known, todo: list[str]) -> list[int] | None:
        """The indexes of the articles the tasks ``todo`` show (the latest ones always: they key
        the journal page), None for all of them."""
        wanted = set(known.latest)
        for task in todo:
            kind = task.split(":", 1)[0]
            if kind == "issue":
                name = task[len("issue:") :].rsplit(":", 1)[0]
                group = self.walk.groups.get(name)
                if group is None:
                    continue
                wanted.update(group.members)
            elif kind == "sitemap":  # it lists every article
                return None
        return sorted(wanted)

    def journal_jobs(self, kept: set[str], out: Path, batch: int) -> Iterator[list]:
        """The journals' listing tasks to run, per journal, ``batch`` journals at a time (their
        parts let go once the next batch is asked for); the kept ones added to ``kept``."""
        jobs: list = []
        for journal in self.content.journals:
            acronym = journal.acronym
            held = self.recorded.get(acronym)
            if (held is not None and held[0] == self.inputs[acronym]
                    and held[1]["split"] == self.split
                    and all(self.manifest.unchanged(t, k, self.where) for t, k in held[1]["tasks"])):  # fmt: skip
                kept.update(task for task, _key in held[1]["tasks"])
                continue
            known, copies = self._known(journal), {}
            if known is None:
                part = self.part(journal)
            else:  # keyed from the facts and its latest articles' copies
                part = self.light(journal, known.latest, copies)
            todo, tasks = [], []
            for task, key, _make in journal_tasks(part, journal, self.pdf, self.split, known):
                tasks.append((task, key))
                if self.manifest.unchanged(task, key, self.where):
                    kept.add(task)
                else:
                    todo.append(task)
            facts = self.facts[acronym]
            self.changed[acronym] = (self.inputs[acronym],
                                     {"split": self.split, "tasks": tasks, "facts": facts})  # fmt: skip
            if todo and known is not None:
                needed = self._needed(known, todo)
                if needed is None:
                    needed = self.members(acronym)
                if needed != known.latest:
                    part = self.light(journal, needed, copies)
            if todo:
                jobs.append((part, acronym, out, self.pdf, tuple(todo), self.split, known))
            self.parts.pop(acronym, None)  # the job holds it until its batch is done
            if len(jobs) >= batch:
                yield jobs
                jobs = []
        if jobs:
            yield jobs

    def listed(self) -> tuple:
        """What the whole site's sitemap shows of each journal's articles, as digests."""
        return tuple((j.acronym, self.facts[j.acronym]["listed"]) for j in self.content.journals)

    def save(self) -> None:
        current = {j.acronym for j in self.content.journals}
        gone = [a for a in sorted(self.recorded) if a not in current]
        with state.transaction(self.db):
            self.db.executemany("DELETE FROM journals WHERE acronym = ?", [(a,) for a in gone])
            self.db.executemany(
                "INSERT OR REPLACE INTO journals VALUES (?, ?, ?)",
                [
                    (a, inputs, state.dumps(held))
                    for a, (inputs, held) in sorted(self.changed.items())
                ],
            )
            self.db.executemany(
                "DELETE FROM listing_issues WHERE issue >= ? AND issue < ?",
                [(f"{a}/", f"{a}0") for a in gone],
            )


def batch(executor: Executor) -> int:
    """How many journals' listings are sent to the executor at once (each holds its copies): one
    per worker of a local pool, at least two."""
    return max(2, getattr(executor, "jobs", 0) or 0)


def _logo(journal) -> tuple | None:
    """The journal's logo file's size and mtime (its task's key), or None without one."""
    logo = urls.journal_logo(journal)
    if not logo or journal.path is None:
        return None
    source = journal.path / journal.logo
    if not source.is_file() or source.is_symlink():
        return None
    info = source.stat()
    return logo, info.st_size, info.st_mtime


def journal_tasks(
    content: SiteContent, journal, pdf: bool, split: bool = False, known: Known | None = None
) -> list[tuple[str, str, Callable]]:
    """One journal's listing tasks: its pages, its feed, its issues' tables of contents, and its
    sitemap when the site's is ``split`` (the home URL, its issues and its articles). Keyed from
    ``known`` when given (``content`` then holds its latest articles at least), else from every
    article of ``content``."""
    c = content.collection
    tasks: list[tuple[str, str, Callable]] = []
    issues = content.journal_issues(journal)
    if known is None:
        per_issue = {i.folder: content.issue_articles(i) for i in issues}
        counts = {folder: len(items) for folder, items in per_issue.items()}
        tocs = {f: tuple(article_digest(a) for a in items) for f, items in per_issue.items()}
    else:
        counts, tocs = known.counts, known.tocs
    counted = None if known is None else counts  # the journal page's (``content`` holds some)
    # the records every key shows written out once, not once per task (a ``_Text`` is its own
    # ``repr``: the keys are the same), as the issues' counts are: each table of contents shows them
    shape = _Text(repr(tuple((portable(i), counts.get(i.folder, 0)) for i in issues)))
    shown, own = _Text(repr(portable(c))), _Text(repr(portable(journal)))
    texts = journal_pages.digest(journal)
    for lang in i18n.INTERFACE_LANGUAGES:
        # the page lists the journal's latest articles: exactly what it shows is in the key
        latest = repr(_pages().latest_articles(content, journal, lang))
        tasks.append(
            (
                f"journal:{journal.acronym}:{lang}",
                task_key("journal", shown, own, shape, texts, latest),
                lambda j=journal, lang=lang: [_pages().journal_page(content, j, lang, counted)],
            )
        )
        for slug in journal_pages.available(journal):
            tasks.append(
                (
                    f"journal-text:{journal.acronym}:{slug}:{lang}",
                    task_key("journal-text", shown, own, texts),
                    lambda j=journal, slug=slug, lang=lang: [
                        _pages().journal_text_page(content, j, slug, lang)
                    ],
                )
            )
    logo = urls.journal_logo(journal)  # None unless a plain file name beside journal.toml
    if logo and journal.path is not None and (journal.path / journal.logo).is_file():
        source = journal.path / journal.logo
        if not source.is_symlink():  # the journal's own regular file only
            tasks.append(
                (
                    f"journal-logo:{journal.acronym}",
                    task_key("logo", logo, source.stat().st_size, source.stat().st_mtime),
                    lambda: [(logo, source)],
                )
            )
    if known is None:
        digests = tuple(
            article_digest(a)
            for a in content.articles
            if a.source.journal.acronym == journal.acronym
        )
    else:
        digests = known.feed
    tasks.append(
        (
            f"feed:{journal.acronym}",
            task_key("feed", shown, own, digests),
            lambda j=journal: [(urls.feed(j), _pages().atom_feed(content, j))],
        )
    )
    for issue in content.issues:
        if issue.journal_acronym != journal.acronym:
            continue
        digests = tocs.get(issue.folder, ())
        for lang in i18n.INTERFACE_LANGUAGES:
            tasks.append(
                (
                    f"issue:{issue.journal_acronym}/{issue.folder}:{lang}",
                    task_key("issue", shown, portable(issue), own, digests, pdf, shape, texts),
                    lambda i=issue, lang=lang: [_pages().issue_page(content, i, lang, pdf)],
                )
            )
    if split:
        listed = sitemaps.listed(content) if known is None else _Text(known.listed)
        own = dataclasses.replace(content, journals=())
        tasks.append(
            (
                f"sitemap:{journal.acronym}",
                task_key("journal-sitemap", c, listed, [portable(i) for i in content.issues]),
                lambda: [(f"{urls.journal_dir(journal)}sitemap.xml", _pages().sitemap(own))],
            )
        )
    return tasks


def _journal_task(job: tuple) -> list[TaskResult]:
    """Write the listings of one journal named in ``todo`` (a task on the executor)."""
    content, acronym, out, pdf, todo, split, known = job
    journal = next(j for j in content.journals if j.acronym == acronym)
    wanted = set(todo)
    return [
        run_listing(out, task, key, make)
        for task, key, make in journal_tasks(content, journal, pdf, split, known)
        if task in wanted
    ]


def run_journals(jobs: list, executor: Executor) -> list[TaskResult]:
    before_fork(executor, jobs, jobs[0][2] if jobs else Path())
    done = executor.map(_journal_task, jobs, desc="journals", cost=lambda j: len(j[0].articles))
    results: list[TaskResult] = []
    for job, result in zip(jobs, done, strict=True):
        if isinstance(result, TaskFailure):
            results += [lost(task, "", f"journal:{job[1]}", result) for task in job[4]]
        else:
            results += result
    return results
