"""Site content in, the static site's own search out: a sharded JSON index and the search pages.

A plain web server cannot answer ``/search?q=``, so the build writes ``search/index.html`` (and
``index.<lang>.html``): a form, our own script (``static/search.js``; no script from any article,
results are built with ``textContent``) and a plain-HTML list of the journals and their current
tables of contents for readers without JavaScript. The script reads the index under
``search/index/``:

* ``meta.json``: ``{"version", "docs", "chunk", "prefix", "shards"}`` (``shards``: the prefixes that
  have a terms file, so no word asks for a file that is not there);
* ``terms/<key>.json``: for the words that begin with one three-character prefix (a two-character
  word has a file of its own; ``key`` is the prefix when it is ASCII letters or digits, else ``x``
  and its code points in hex joined by ``-``),
  ``{"word": [[ids whose title has it], [ids whose authors, journal or year have it]]}``;
* ``docs/<n>.json``: the records ``n * chunk`` to ``(n + 1) * chunk - 1``, each
  ``{"t": {lang: title}, "l": main language, "v": full-text languages, "a": authors, "j": journal,
  "y": year, "u": the article's folder}``, oldest first (ties rank the newest first; a new issue
  changes the last ``docs`` file and the terms files of its words only).

Words are folded the same way here and in the script: Unicode NFKD, combining marks dropped, case
lower-cased, split on anything but letters and digits; words of one character are not indexed. A query
finds the articles that have every one of its words (a word also finds longer words it begins);
titles weigh three times the other fields. The site writer makes each file a task of its own, so a
build rewrites only the files whose text changed. When the app serves the site, ``/search`` is answered by
its own full search (``site.search``) at the same paths.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..collection import PublishedArticle, SiteContent
from . import i18n, state, urls
from .walk import KEEP, Pins, Walk

FOLDER = "search/index/"
CHUNK = 200
#: Words shorter than this are not indexed.
SHORTEST = 2
#: Words are filed by their first PREFIX characters (shorter words by the whole word).
PREFIX = 3
VERSION = 1
_WORD = re.compile(r"[^\W_]+")
_ASCII_KEY = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """``text`` without accents and case: ``Saúde`` -> ``saude`` (as ``search.js`` folds: NFKD,
    nonspacing marks dropped, lower case)."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        new = set(decomposed) - _SEEN  # each character's category looked up once per process
        for c in new:
            if unicodedata.category(c) == "Mn":
                _MARKS[ord(c)] = None
        _SEEN.update(new)
        decomposed = decomposed.translate(_MARKS)
    return decomposed.lower()


#: Nonspacing marks met so far (a ``str.translate`` table deleting them), and every character met.
_MARKS: dict[int, None] = {}
_SEEN: set[str] = set()


def words(text: str) -> list[str]:
    """The folded words of ``text`` of two characters or more."""
    return [w for w in _WORD.findall(fold(text)) if len(w) >= SHORTEST]


def shard_prefix(word: str) -> str:
    """The prefix a word is filed under: its first three characters (a two-character word: itself)."""
    return word[:PREFIX]


def shard_key(prefix: str) -> str:
    """The terms file name of a prefix: the prefix when ASCII letters and digits, else ``x`` and
    its code points in hex joined by ``-`` (never a plain prefix: those have no ``-``)."""
    if _ASCII_KEY.fullmatch(prefix):
        return prefix
    return "x" + "-".join(f"{ord(c):x}" for c in prefix)


def _order(content: SiteContent) -> list[PublishedArticle]:
    """Oldest first: a new issue's articles take the next ids, so the files of the index that
    hold none of their words stay as they are."""

    def date(item: PublishedArticle):
        when = item.summary.pub_date
        return (when.sort_key() if when else (0, 0, 0), urls.article_dir(item))

    return sorted(content.articles, key=date)


def record(item: PublishedArticle) -> dict:
    a = item.summary
    date = a.pub_date
    return {
        "t": {lang: title for lang, title in a.titles.items() if title},
        "l": a.language or "",
        "v": list(a.languages),
        "a": "; ".join(c.display_name for c in a.authors),
        "j": item.source.journal.title,
        "y": date.year if date and date.year else None,
        "u": urls.article_dir(item),
    }


def doc_words(doc: dict) -> tuple[list[str], list[str]]:
    """The words of a record's title, and of its authors, journal and year."""
    return (
        words(" ".join(doc["t"].values())),
        words(" ".join((doc["a"], doc["j"], str(doc["y"] or "")))),
    )


def index_files(content: SiteContent) -> Iterator[tuple[str, str]]:
    """The index's files, as ``(site path, JSON text)``."""
    return _files([record(item) for item in _order(content)])


def _files(docs: list[dict]) -> Iterator[tuple[str, str]]:
    """The index's files of ``docs`` (records, oldest first)."""
    terms: dict[str, dict[str, tuple[set[int], set[int]]]] = defaultdict(dict)
    for n, doc in enumerate(docs):
        for slot, found in enumerate(doc_words(doc)):
            for word in found:
                entry = terms[shard_prefix(word)].setdefault(word, (set(), set()))
                entry[slot].add(n)
    yield FOLDER + "meta.json", _meta(len(docs), terms)
    for key in sorted(terms):
        shard = {w: [sorted(t), sorted(o - t)] for w, (t, o) in sorted(terms[key].items())}
        yield terms_file(key), _json(shard)
    for start in range(0, len(docs), CHUNK):
        yield docs_file(start // CHUNK), _json(docs[start : start + CHUNK])


def _meta(docs: int, prefixes) -> str:
    meta = {"version": VERSION, "docs": docs, "chunk": CHUNK, "prefix": PREFIX,
            "shards": sorted(prefixes)}  # fmt: skip
    return _json(meta)


def terms_file(prefix: str) -> str:
    return f"{FOLDER}terms/{shard_key(prefix)}.json"


def docs_file(n: int) -> str:
    return f"{FOLDER}docs/{n}.json"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_page(content: SiteContent, lang: str) -> tuple[str, str]:
    """The static search page in the interface language ``lang``."""
    from . import pages  # the renderers: imported when the page is made, not to plan the index

    default = content.collection.default_language
    page = urls.search_page(lang, default)
    ctx = pages._base(content, page, lang, "search/")
    browse = []
    for journal in sorted(content.journals, key=lambda j: j.title.casefold()):
        issues = content.journal_issues(journal)
        current = issues[0] if issues else None
        browse.append(
            {
                "title": journal.title,
                "href": urls.lang_page(urls.journal_dir(journal), lang, default),
                "current": (
                    (
                        pages.issue_label(current, lang),
                        current.year,
                        urls.lang_page(urls.issue_dir(current), lang, default),
                    )
                    if current
                    else None
                ),
            }
        )
    ctx.update(browse=browse, index=FOLDER, total=len(content.articles),
               lang_names=i18n.NATIVE_NAMES)  # fmt: skip
    return page, pages.environment().get_template("search.html").render(ctx)


def files(content: SiteContent) -> list[tuple[str, str]]:
    """The search pages in every interface language and the index."""
    out = [search_page(content, lang) for lang in i18n.INTERFACE_LANGUAGES]
    return [*out, *index_files(content)]


# -- rebuilds: only the files the changed articles touch -----------------------------------------


@dataclass
class Plan:
    """The index's files made in this build (``(site path, JSON text)``: written when their text
    changed) and those left as the last build wrote them (site paths)."""

    made: Iterable[tuple[str, str]]
    kept: list[str] = field(default_factory=list)


def plan(content: SiteContent, walk: Walk, db, out: Path, there=None, pins: Pins = KEEP) -> Plan:
    """The index's files for this build, given the output folder's record (``render.state``:
    each article's mark, sort key and id, each issue's inputs) and the files the last build wrote.

    When every issue of the record is still there and the articles of those whose inputs (their
    members' folders, input digests and file names, their journal's title: ``Walk``) changed are
    still there, in the same order, and the new ones sort after all of them (a new issue), only
    the records files holding changed or new articles and the terms files of the words they gained
    or lost are made, from those files as written and the changed articles' index data; no other
    article is read, nor the record of another issue. Otherwise (an article removed or moved in the
    order, another version of the code, a file kept not ``there`` as recorded), the whole index is
    made from every article's index data, as a first build does."""
    from .keys import code_fingerprint

    code = code_fingerprint()
    inputs = {name: _inputs(group) for name, group in walk.groups.items()}
    if all(inputs.values()) and state.get_meta(db, "search") == code:
        recorded = dict(db.execute("SELECT issue, inputs FROM search_issues"))
        if recorded and all(name in walk.groups for name in recorded):
            changed = [g for name, g in walk.groups.items() if recorded.get(name) != inputs[name]]
            made = _Update(content, walk.folders, changed, inputs, db, Path(out), there).run()
            if made is not None:
                return made
    return _whole(content, walk, db, code, inputs, pins)


def _inputs(group) -> str:
    """What an issue's articles' records depend on (none when one has no input digest)."""
    if not group.complete:
        return ""
    return hashlib.sha256(f"{group.journal.title}\0{group.marks}".encode()).hexdigest()


def _mark(item: PublishedArticle) -> str:
    """What an article's record depends on: its input digest, file name and journal's title."""
    if not item.digest:
        return ""
    return f"{item.digest}\0{item.source.path.name}\0{item.source.journal.title}"


def _sort_key(item: PublishedArticle) -> list[int]:
    when = item.summary.pub_date
    return list(when.sort_key()) if when else [0, 0, 0]


def _whole(content: SiteContent, walk: Walk, db, code: str, inputs: dict[str, str], pins) -> Plan:
    rows = []
    for folder, item in zip(walk.folders, content.articles, strict=True):
        rows.append((_sort_key(item), folder, _mark(item), record(item)))
        pins.release((item,))  # its record made: its index data let go
    rows.sort(key=lambda row: (row[0], row[1]))  # as ``_order``: oldest first
    with state.transaction(db):
        db.execute("DELETE FROM search_docs")
        db.executemany("INSERT OR REPLACE INTO search_docs VALUES (?, ?, ?, ?)",
                       sorted((f, m, state.dumps(k), n) for n, (k, f, m, _r) in enumerate(rows)))  # fmt: skip
        db.execute("DELETE FROM search_issues")
        db.executemany("INSERT INTO search_issues VALUES (?, ?)",
                       sorted((n, v) for n, v in inputs.items() if v))  # fmt: skip
        state.set_meta(db, "search", code)
    return Plan(_files([row[3] for row in rows]))  # made file by file as the site writer asks


class _Stale(Exception):
    """The files or record do not allow an update: the whole index is made."""


class _Update:
    def __init__(self, content, folders, groups, inputs, db, out: Path, there) -> None:
        self.content, self.folders, self.groups, self.inputs = content, folders, groups, inputs
        self.db, self.out, self.there = db, out, there

    def run(self) -> Plan | None:
        try:
            return self._run()
        except _Stale:
            return None

    def _read(self, rel: str):
        try:
            return json.loads((self.out / rel).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise _Stale from exc

    def _changed(self) -> list[int]:
        """The articles of the changed issues whose mark is not the recorded one; an article of
        theirs recorded but gone makes the whole index again (later ids would move)."""
        recorded: dict[str, str] = {}
        for group in self.groups:
            recorded.update(self.db.execute(
                "SELECT folder, mark FROM search_docs WHERE folder >= ? AND folder < ?",
                (group.prefix, group.prefix[:-1] + "0")))  # fmt: skip
        members = [i for group in self.groups for i in group.members]
        if set(recorded) - {self.folders[i] for i in members}:
            raise _Stale  # an article removed: later ids move
        articles = self.content.articles
        self.marks = {i: _mark(articles[i]) for i in members}
        return sorted(i for i in members if recorded.get(self.folders[i]) != self.marks[i])

    def _run(self) -> Plan:
        changed = self._changed()
        meta = self._read(FOLDER + "meta.json")
        total = self.db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
        if not isinstance(meta, dict) or meta.get("docs") != total:
            raise _Stale
        prefixes = set(meta.get("shards") or ())
        ids = self._ids(changed, total)
        docs = {i: record(self.content.articles[i]) for i in changed}
        chunks = self._chunks(ids, total)
        moves: dict[str, dict[str, list[tuple]]] = defaultdict(dict)
        for i in changed:
            n = ids[i]
            chunk = chunks[n // CHUNK]
            old = chunk[n % CHUNK] if n < total else None
            if n < total:
                chunk[n % CHUNK] = docs[i]
            else:
                chunk.append(docs[i])
            self._moves(moves, n, old, docs[i])
        made: list[tuple[str, str]] = []
        for prefix, words_moved in sorted(moves.items()):
            shard = self._read(terms_file(prefix)) if prefix in prefixes else {}
            if not isinstance(shard, dict):
                raise _Stale
            for word, changes in words_moved.items():
                for n, before, now in changes:
                    _move(shard, word, n, before, now)
            if shard:
                prefixes.add(prefix)
                made.append((terms_file(prefix), _json({w: shard[w] for w in sorted(shard)})))
            else:
                prefixes.discard(prefix)
        count = total + sum(1 for i in changed if ids[i] >= total)
        made.append((FOLDER + "meta.json", _meta(count, prefixes)))
        made += [(docs_file(n), _json(chunk)) for n, chunk in sorted(chunks.items())]
        everything = [FOLDER + "meta.json", *(terms_file(p) for p in sorted(prefixes)),
                      *(docs_file(n) for n in range((count + CHUNK - 1) // CHUNK))]  # fmt: skip
        done = {rel for rel, _text in made}
        kept = [rel for rel in everything if rel not in done]
        if self.there is not None and not all(self.there(rel) for rel in kept):
            raise _Stale
        self._save(changed, ids)
        return Plan(made, kept)

    def _ids(self, changed: list[int], total: int) -> dict[int, int]:
        """Each changed article's id: as recorded when its sort key is; new ones after the rest."""
        articles = self.content.articles
        known = [self.folders[i] for i in changed]
        query = "SELECT folder, sortkey, id FROM search_docs WHERE folder IN ({})"
        rows = {f: (json.loads(k), n) for f, k, n in state.rows_for(self.db, query, known)}
        self.keys = {i: _sort_key(articles[i]) for i in changed}
        ids: dict[int, int] = {}
        for i in changed:
            folder = self.folders[i]
            if folder in rows:
                if rows[folder][0] != self.keys[i]:
                    raise _Stale  # moved in the order
                ids[i] = rows[folder][1]
        new = sorted((self.keys[i], self.folders[i], i) for i in changed if i not in ids)
        if new:
            last = max((json.loads(k), f) for f, k in self.db.execute(
                "SELECT folder, sortkey FROM search_docs"))  # fmt: skip
            if (new[0][0], new[0][1]) <= last:
                raise _Stale  # a new article among the old ones: later ids move
            ids.update((i, total + n) for n, (_k, _f, i) in enumerate(new))
        return ids

    def _chunks(self, ids: dict[int, int], total: int) -> dict[int, list]:
        """The records files holding the changed and new articles, as written (or empty)."""
        chunks: dict[int, list] = {}
        for n in sorted({i // CHUNK for i in ids.values()}):
            size = min(CHUNK, total - n * CHUNK)
            chunk = self._read(docs_file(n)) if size > 0 else []
            if not isinstance(chunk, list) or len(chunk) != max(size, 0):
                raise _Stale
            chunks[n] = chunk
        return chunks

    @staticmethod
    def _moves(moves: dict, n: int, old: dict | None, new: dict) -> None:
        """Each word whose lists record ``n`` differently now gets ``(n, before, now)``, before and
        now each ``(in the title, in the other fields only)``."""
        before = [set(w) for w in doc_words(old)] if old is not None else [set(), set()]
        now = [set(w) for w in doc_words(new)]
        for word in before[0] | before[1] | now[0] | now[1]:
            was = (word in before[0], word in before[1] and word not in before[0])
            is_ = (word in now[0], word in now[1] and word not in now[0])
            if was != is_:
                moves[shard_prefix(word)].setdefault(word, []).append((n, was, is_))

    def _save(self, changed: list[int], ids: dict[int, int]) -> None:
        rows = sorted((self.folders[i], self.marks[i], state.dumps(self.keys[i]), ids[i])
                      for i in changed)  # fmt: skip
        issues = sorted((g.name, self.inputs[g.name]) for g in self.groups)
        with state.transaction(self.db):
            self.db.executemany("INSERT OR REPLACE INTO search_docs VALUES (?, ?, ?, ?)", rows)
            self.db.executemany("INSERT OR REPLACE INTO search_issues VALUES (?, ?)", issues)


def _move(shard: dict, word: str, n: int, before, now) -> None:
    """Record ``n`` under ``word`` as ``now`` says (in its title list, or its other list)."""
    lists = shard.get(word) or [[], []]
    for slot in (0, 1):
        if before[slot] and n in lists[slot]:
            lists[slot].remove(n)
        if now[slot]:
            bisect.insort(lists[slot], n)
    if lists[0] or lists[1]:
        shard[word] = lists
    else:
        shard.pop(word, None)
