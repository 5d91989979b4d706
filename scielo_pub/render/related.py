"""Site content in, each article's neighbours out: previous/next article of its issue and similar
articles of the collection (shared keywords, subject areas and title terms).

Similarity is a weighted count of shared terms found through an inverted index (term -> articles), so
only articles sharing something are compared; terms shared by very many articles say little and are
left out. Keywords weigh 3, title terms 1, a shared subject area 0.5 (which only ranks articles that
already share a keyword or title term). Everything is read from the articles' index data.

Given the output folder's record (``render.state``), the last build's lists are kept there per
article folder with the article's *mark* (input digest and file name), the terms it was scored on,
its own entry as others list it and a digest of its two lists (``Related.digests``: what its page
key hashes). An issue's previous/next lists are made again only when its members or their marks, the
issue or its journal's sections changed (one digest per issue, ``render.walk``: only then are its
articles' rows of the record and their index data read); an article is
scored again only when it is new or changed, or holds a term an article added, changed or removed
since holds or held (the only way its scores, its candidates or their titles can change; a term held
by more than ``COMMON`` articles before and after is left out of scoring, so its holders are not).
The inverted index of the unchanged articles is read from the record for the terms involved only.
The lists made are written out (JSON, digest, the record's rows) ``_BLOCK`` articles at a time in
one transaction, and with a record they are not held afterwards: the pages read them from it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from sys import intern

from ..collection import PublishedArticle, SiteContent, section_groups, toc_key
from . import state, urls
from .walk import KEEP, Pins, Walk

#: How many similar articles a page lists.
SIMILAR = 5
#: A term found in more articles than this is not compared on (it says little, and keeps the work per
#: article bounded: at most this many candidates per term).
COMMON = 100
#: Above this share of new, changed or removed articles the whole record is read at once.
_BULK = 0.25
_WORD = re.compile(r"\w{5,}", re.UNICODE)
_NONE: tuple = (None, None)
#: The holders of a term too common to be read (only its length is looked at).
_MANY = (-1,) * (COMMON + 1)


def with_related(content: SiteContent, out=None) -> SiteContent:
    """``content`` with every article's ``neighbours`` and ``similar`` filled in (the last build's
    lists in ``out``'s record reused where nothing they depend on changed)."""
    db = state.connect(out) if out is not None else None
    try:
        found = related(content, Walk(content.articles), db)
        articles = tuple(
            dataclasses.replace(item, neighbours=n, similar=s)
            for item, (n, s) in zip(content.articles, found.lists(range(len(content.articles))),
                                    strict=True)
        )  # fmt: skip
    finally:
        if db is not None:
            db.close()
    return dataclasses.replace(content, articles=articles)


@dataclass
class Related:
    """Each article's (previous, next) and similar lists, by index: those made in this build held,
    the others read from the record when asked for; ``digest`` hashes both lists of an article
    (read from the record for those asked for); ``touched``: the articles whose digest changed or
    who are new or changed."""

    folders: Sequence[str]
    known: dict[int, str]
    made: dict[int, tuple[tuple, tuple]] = field(default_factory=dict)
    db: sqlite3.Connection | None = None
    touched: set[int] = field(default_factory=set)

    def lists(self, indexes) -> list[tuple[tuple, tuple]]:
        """``(neighbours, similar)`` of each article of ``indexes``, in that order."""
        indexes = list(indexes)
        wanted = [self.folders[i] for i in indexes if i not in self.made]
        recorded = {}
        if wanted and self.db is not None:
            query = "SELECT folder, neighbours, similar FROM related_articles WHERE folder IN ({})"
            recorded = {
                f: (_loads(n), _loads(s)) for f, n, s in state.rows_for(self.db, query, wanted)
            }
        return [self.made.get(i) or recorded.get(self.folders[i], (_NONE, ())) for i in indexes]

    def digests(self, indexes) -> dict[int, str]:
        """The digest of each article of ``indexes`` (as made, or as recorded; "" when none)."""
        wanted = [self.folders[i] for i in indexes if i not in self.known]
        if wanted and self.db is not None:
            at = {self.folders[i]: i for i in indexes}
            query = "SELECT folder, digest FROM related_articles WHERE folder IN ({})"
            for folder, digest in state.rows_for(self.db, query, wanted):
                self.known[at[folder]] = digest
        return {i: self.known.get(i, "") for i in indexes}


def related(
    content: SiteContent, walk: Walk, db: sqlite3.Connection | None = None, pins: Pins = KEEP
) -> Related:
    """Every article's related lists (see the module's docstring), the record in ``db`` updated.
    Only the rows of the issues whose inputs changed (and of those gone) are read; the index data
    read is let go (``pins``) issue by issue."""
    articles, folders = content.articles, walk.folders
    issues = _issue_inputs(content, walk)
    recorded = dict(db.execute("SELECT issue, inputs FROM related_issues")) if db else {}
    changed = [
        g for name, g in walk.groups.items() if not g.complete or recorded.get(name) != issues[name]
    ]
    gone = [name for name in recorded if name not in walk.groups]
    known: dict[str, tuple[str, str]] = {}
    if db is not None:
        for prefix in [g.prefix for g in changed] + [f"j/{name}/" for name in gone]:
            known.update((f, (m, d)) for f, m, d in db.execute(
                "SELECT folder, mark, digest FROM related_articles WHERE folder >= ? AND folder < ?",
                (prefix, prefix[:-1] + "0")))  # fmt: skip
    marks: dict[int, str] = {}  # of the new and changed articles (the keys: ``fresh``)
    for i in (i for g in changed for i in g.members):
        mark = _mark(articles[i])
        if not mark or known.get(folders[i], ("",))[0] != mark:
            marks[i] = mark
    fresh = marks.keys()
    # each folder's index: not made when no issue changed (nothing is scored nor removed then)
    at = dict(zip(folders, range(len(folders)), strict=True)) if known or marks else {}
    removed = [folder for folder in known if folder not in at]
    entries: dict[int, tuple | None] = {}
    neighbours = _neighbours(content, changed, entries, pins)
    scoring = _Scoring(articles, folders, at, fresh, removed, db, entries, pins)
    similar = scoring.run()
    made = [i for g in changed for i in g.members]
    found = Related(folders, {i: known[folders[i]][1] for i in made if folders[i] in known}, db=db)
    todo = sorted(set(neighbours) | set(similar))
    if db is None:  # nothing recorded: every list held
        for block in _blocks(todo):
            _lists_made(found, block, neighbours, similar, fresh, hold=True)
        return found
    with state.transaction(db):  # the lists' rows written a block at a time, not all held
        _forget(db, removed, scoring)
        counts = _Counted(scoring)
        for block in _blocks(todo):
            rows = _lists_made(found, block, neighbours, similar, fresh, hold=False)
            _write(db, folders, marks, rows, scoring, entries, articles, counts)
        counts.save(db)
        issues_made = {g.name: issues[g.name] for g in changed}
        touched = sorted({walk.group_of[i].name for i in found.touched})
        _save_issues(db, issues_made, gone, touched)
    return found


#: Articles whose lists are written out (JSON, digest, record rows) together.
_BLOCK = 500


def _blocks(items: list[int]):
    for start in range(0, len(items), _BLOCK):
        yield items[start : start + _BLOCK]


def _lists_made(found: Related, block, neighbours, similar, fresh, hold: bool) -> list[tuple]:
    """The lists of the articles of ``block`` written out and digested; the rows of those whose
    digest changed (or that are new or changed), marked ``touched``. With ``hold`` (no record)
    every pair and digest is kept in ``found``; else they are read from the record when asked."""
    digests = found.digests(block)
    half = [i for i in block if i not in neighbours or i not in similar]
    others = dict(zip(half, found.lists(half), strict=True))  # the other list, as recorded
    rows: list[tuple] = []
    for i in block:
        pair = (
            neighbours[i] if i in neighbours else others[i][0],
            similar[i] if i in similar else others[i][1],
        )
        text = (state.dumps(pair[0]), state.dumps(pair[1]))
        digest = hashlib.sha256(f"{text[0]}\0{text[1]}".encode()).hexdigest()[:32]
        if hold:
            found.made[i] = pair
        changed = digest != digests[i] or i in fresh
        if changed:
            found.touched.add(i)
            rows.append((i, *text, digest))
        if hold and changed:
            found.known[i] = digest
        elif not hold:
            found.known.pop(i, None)  # the record's, read again when asked
    return rows


def _mark(item: PublishedArticle) -> str:
    return f"{item.digest}\0{item.source.path.name}" if item.digest else ""


def _issue_inputs(content: SiteContent, walk: Walk) -> dict[str, str]:
    """Each issue's inputs to its previous/next lists: its record, its journal's sections, its
    members' folders and marks (``Walk``: hashed there)."""
    from .keys import (
        portable as _portable,  # each issue's record written out once per build, shared
    )

    journals = {j.acronym: j for j in content.journals}
    issues = {f"{i.journal_acronym}/{i.folder}": i for i in content.issues}
    found = {}
    for name, group in walk.groups.items():
        issue = issues.get(name) or group.issue
        journal = journals.get(name.split("/", 1)[0])
        text = f"{_portable(issue)}\0{journal.sections if journal else None!r}\0{group.marks}"
        found[name] = hashlib.sha256(text.encode()).hexdigest()
    return found


def _forget(db, removed: list[str], scoring: _Scoring) -> None:
    """The removed articles' rows and the changed and removed ones' recorded terms deleted."""
    db.executemany("DELETE FROM related_articles WHERE folder = ?", [(f,) for f in sorted(removed)])
    db.executemany(
        "DELETE FROM related_terms WHERE term = ? AND folder = ?",
        sorted((t, f) for f, terms in scoring.old_terms.items() for t in terms),
    )


def _write(db, folders, marks, changed, scoring, entries, articles, counts: _Counted) -> None:
    """One block's rows: new and changed articles' (``marks``) rows and terms written whole, the
    others' lists and digest where they changed."""
    rows, updates, mine = [], [], []
    for i, neighbours, similar, digest in changed:
        if i in marks:
            entry = entries[i] if i in entries else _entry(articles[i])
            terms = scoring.terms_of(i)
            rows.append((folders[i], marks[i], digest, state.dumps(terms),
                         state.dumps(entry), neighbours, similar))  # fmt: skip
            mine += [(t, folders[i]) for t in terms]
        else:
            updates.append((digest, neighbours, similar, folders[i]))
    db.executemany("INSERT OR REPLACE INTO related_articles VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany(
        "UPDATE related_articles SET digest = ?, neighbours = ?, similar = ? WHERE folder = ?",
        updates,
    )
    mine.sort()
    db.executemany("INSERT OR IGNORE INTO related_terms VALUES (?, ?)", mine)
    counts.add(t for t, _folder in mine)


class _Counted:
    """Each term's holders counted by difference (the changed and removed articles' recorded terms
    less, the new and changed ones' terms more), saved into ``related_counts`` at the end."""

    def __init__(self, scoring: _Scoring) -> None:
        self.delta: dict[str, int] = defaultdict(int)
        for terms in scoring.old_terms.values():
            for term in terms:
                self.delta[term] -= 1

    def add(self, terms) -> None:
        for term in terms:
            self.delta[term] += 1

    def save(self, db) -> None:
        moved = sorted((t, d) for t, d in self.delta.items() if d)
        db.executemany(
            "INSERT OR IGNORE INTO related_counts VALUES (?, 0)", [(t,) for t, _ in moved]
        )
        db.executemany(
            "UPDATE related_counts SET n = n + ? WHERE term = ?", [(d, t) for t, d in moved]
        )
        db.executemany(
            "DELETE FROM related_counts WHERE term = ? AND n <= 0", [(t,) for t, _ in moved]
        )


def _save_issues(db, made: dict[str, str], gone: list[str], touched: list[str]) -> None:
    """The issues' inputs recorded, and the article page groups of the issues whose lists changed
    forgotten (``render.site``)."""
    db.executemany("DELETE FROM related_issues WHERE issue = ?", [(n,) for n in sorted(gone)])
    db.executemany("INSERT OR REPLACE INTO related_issues VALUES (?, ?)", sorted(made.items()))
    db.executemany("DELETE FROM page_groups WHERE issue = ?", [(n,) for n in touched])


def _loads(text: str):
    value = json.loads(text)
    return tuple(tuple(e) if isinstance(e, list) else e for e in value)


def _entry(item: PublishedArticle) -> tuple[str, str, str]:
    a = item.summary
    lang = intern(a.language or "")
    title = a.titles.get(lang) or next(iter(a.titles.values()), item.source.path.stem)
    return title, urls.fulltext(item, lang), lang


def _neighbours(content, changed, entries, pins: Pins) -> dict[int, tuple]:
    """Per article index of the issues ``changed`` (their inputs not as recorded), its previous and
    next article in its issue's table-of-contents order. The other issues' articles keep their
    recorded lists, and their index data is not read."""
    journals = {j.acronym: j for j in content.journals}
    issues = {f"{i.journal_acronym}/{i.folder}": i for i in content.issues}
    out: dict[int, tuple] = {}
    for group in changed:
        issue = issues.get(group.name) or group.issue
        journal = journals.get(group.name.split("/", 1)[0])
        groups_of = section_groups(issue, journal)  # once per issue
        members = sorted(group.members,
                         key=lambda i: toc_key(issue, content.articles[i].summary, groups=groups_of))  # fmt: skip
        for i in members:
            if i not in entries:
                entries[i] = _entry(content.articles[i])
        for at, index in enumerate(members):
            prev = entries[members[at - 1]] if at > 0 else None
            nxt = entries[members[at + 1]] if at + 1 < len(members) else None
            out[index] = (prev, nxt)
        pins.release(content.articles[i] for i in members)
    return out


def _terms(item: PublishedArticle) -> dict[str, float]:
    a = item.summary
    terms: dict[str, float] = {}
    for words in a.titles.values():
        for word in _WORD.findall(words.casefold()):
            terms.setdefault(intern(f"t:{word}"), 1.0)  # one string per term, however many hold it
    for kws in a.keywords.values():
        for kw in kws:
            terms[intern(f"k:{' '.join(kw.casefold().split())}")] = 3.0
    for area in item.source.journal.subject_areas:
        terms[intern(f"s:{area.casefold()}")] = 0.5
    return terms


def _weight(term: str) -> float:
    """A term's weight from its kind (``t:`` title word, ``k:`` keyword, ``s:`` subject area)."""
    return 3.0 if term.startswith("k:") else 0.5 if term.startswith("s:") else 1.0


class _Scoring:
    """The similar lists to make again this build (see the module's docstring)."""

    def __init__(self, articles, folders, at, fresh, removed, db, entries, pins=KEEP) -> None:
        self.articles, self.folders, self.at = articles, folders, at
        self.fresh, self.removed, self.db, self.entries = fresh, removed, db, entries
        self.pins = pins
        self.new_terms = {}
        for i in sorted(fresh):
            self.new_terms[i] = tuple(sorted(_terms(articles[i])))  # interned: a pointer each
            if i not in entries:
                entries[i] = _entry(articles[i])  # listed by others: kept, its index data let go
            pins.release((articles[i],))
        #: The recorded terms of the changed and removed articles (folder -> terms).
        self.old_terms: dict[str, list[str]] = {}
        self.recorded_terms: dict[int, list[str]] = {}

    def terms_of(self, i: int) -> list[str]:
        if i in self.new_terms:
            return list(self.new_terms[i])
        return self.recorded_terms[i]

    def run(self) -> dict[int, tuple]:
        n = len(self.articles)
        bulk = self.db is None or len(self.fresh) + len(self.removed) > max(50, n * _BULK)
        return self._bulk() if bulk else self._incremental()

    def _record(self, folders, column: str) -> dict[str, str]:
        query = f"SELECT folder, {column} FROM related_articles WHERE folder IN ({{}})"
        return dict(state.rows_for(self.db, query, folders))

    def _bulk(self) -> dict[int, tuple]:
        """Everything in memory: the recorded terms of the unchanged articles read at once."""
        recorded: dict[str, tuple[str, str, str]] = {}
        if self.db is not None:
            recorded = {f: (m, t, e) for f, m, t, e in self.db.execute(
                "SELECT folder, mark, terms, entry FROM related_articles")}  # fmt: skip
        postings: dict[str, list[int]] = defaultdict(list)
        dirty: set[str] = set()
        for folder, (_m, terms, _e) in recorded.items():
            i = self.at.get(folder)
            if i is None or i in self.fresh:
                self.old_terms[folder] = json.loads(terms)
                dirty.update(self.old_terms[folder])
        for i, folder in enumerate(self.folders):
            if i in self.fresh:
                own = self.new_terms[i]
                dirty.update(own)
            else:
                own = self.recorded_terms[i] = json.loads(recorded[folder][1])
                if i not in self.entries:
                    self.entries[i] = _loads(recorded[folder][2])
            for term in own:
                postings[term].append(i)
        todo = set(self.fresh)
        if self.db is None:
            todo = set(range(len(self.articles)))
        for term in dirty:
            todo.update(postings.get(term, ()))
        return {i: self._scored(i, postings) for i in sorted(todo)}

    def _incremental(self) -> dict[int, tuple]:
        """Only the terms involved: those of the changed and removed articles (before and now)."""
        gone = {self.folders[i] for i in self.fresh} | set(self.removed)
        self.old_terms = {f: json.loads(t) for f, t in self._record(gone, "terms").items()}
        dirty = {t for terms in self.old_terms.values() for t in terms}
        dirty |= {t for terms in self.new_terms.values() for t in terms}
        before, now = self._postings(dirty, gone)
        todo = set(self.fresh)
        for term in dirty:
            if before.get(term, 0) > COMMON and len(now.get(term, ())) > COMMON:
                continue  # left out of every score before and after
            todo.update(now.get(term, ()))
        unchanged = [self.folders[i] for i in todo if i not in self.fresh]
        for folder, terms in self._record(unchanged, "terms").items():
            self.recorded_terms[self.at[folder]] = json.loads(terms)
        wanted = {t for i in todo for t in self.terms_of(i)}
        _counts, postings = self._postings(wanted, gone)
        return {i: self._scored(i, postings) for i in sorted(todo)}

    def _postings(
        self, terms: set[str], gone: set[str]
    ) -> tuple[dict[str, int], dict[str, Sequence]]:
        """Per term, how many articles the record says hold it, and the holders' indexes now (the
        recorded ones but the changed and removed articles, with the changed ones' new terms); a
        term held by more than ``COMMON`` once the changed and removed ones are left out has
        ``_MANY`` instead (its holders are not read)."""
        query = "SELECT term, n FROM related_counts WHERE term IN ({})"
        counts = dict(state.rows_for(self.db, query, terms))
        read = {t for t in terms if counts.get(t, 0) - len(gone) <= COMMON}
        found: dict[str, set] = {t: set() for t in terms}
        query = "SELECT term, folder FROM related_terms WHERE term IN ({})"
        for term, folder in state.rows_for(self.db, query, read):
            if folder not in gone:
                found[term].add(self.at[folder])
        for i, own in self.new_terms.items():
            for term in own:
                if term in read:
                    found[term].add(i)
        now = {t: sorted(found[t]) if t in read else _MANY for t in terms}
        return counts, now

    def _scored(self, i: int, postings: dict[str, list[int]]) -> tuple:
        """Article ``i``'s similar articles: those sharing a keyword or title term, best first."""
        scores: dict[int, float] = defaultdict(float)
        core: dict[int, float] = defaultdict(float)  # the part not from shared subject areas
        for term in self.terms_of(i):
            holders = postings.get(term, ())
            if len(holders) > COMMON:
                continue
            weight = _weight(term)
            subject = term.startswith("s:")
            for j in holders:
                if j != i:
                    scores[j] += weight
                    if not subject:
                        core[j] += weight
        shared = [j for j, score in core.items() if score >= 1.0]
        if len(shared) > SIMILAR:  # those scoring below the SIMILAR-th best cannot be listed
            cut = sorted((scores[j] for j in shared), reverse=True)[SIMILAR - 1]
            shared = [j for j in shared if scores[j] >= cut]
        best = sorted(  # sharing only subject areas is not enough: a keyword or title term is needed
            shared, key=lambda j: (-scores[j], self.articles[j].source.path.name, self.folders[j])
        )[:SIMILAR]
        missing = [self.folders[j] for j in best if j not in self.entries]
        if missing and self.db is not None:
            for folder, entry in self._record(missing, "entry").items():
                self.entries[self.at[folder]] = _loads(entry)
        for j in best:
            if j not in self.entries:
                self.entries[j] = _entry(self.articles[j])
                self.pins.release((self.articles[j],))
        return tuple(self.entries[j] for j in best)
