"""A collection folder in, its configuration records and article files out (the *discover* stage).

See docs/COLLECTION_LAYOUT.md. A broken ``journal.toml`` or ``issue.toml`` becomes a diagnostic and that
journal or issue is skipped; the rest of the collection is still discovered.

Also the records the later stages share: ``PublishedArticle`` (an article that passed, whose model,
canonical XML and index data, ``summarise``, load on demand from the read cache, ``readcache``),
the pickling those files use (``dumps``) and ``SiteContent``.
"""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from lxml import etree

from .config_files import (  # noqa: F401 (_journal_from, _issue_factory, _parse_toml: named here too)
    Tomls,
    _issue_factory,
    _journal_from,
    _load,
    _parse_toml,
    _read_collection,
    _refuse_outside,
)
from .errors import ConfigError, Diagnostic
from .listing import (  # noqa: F401 (ARTICLE_SUFFIXES, article_files: named here too)
    ARTICLE_SUFFIXES,
    Listing,
    article_files,
    child,
    scan_issue,
    subfolders,
)
from .model import Abstract, Article, Collection, Counts, Issue, Journal


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """One article file with the journal and issue it belongs to."""

    path: Path
    journal: Journal
    issue: Issue
    #: The collection folder: nothing the article names may resolve outside it.
    root: Path | None = None


def _setters(cls: type) -> tuple:
    """The slots' own setters of a frozen slotted dataclass, in field order."""
    return tuple(cls.__dict__[f.name].__set__ for f in dataclasses.fields(cls))


_SOURCE_SET = _setters(ArticleSource)


def source_of(path: Path, journal: Journal, issue: Issue, root: Path | None) -> ArticleSource:
    """``ArticleSource(path, journal, issue, root)``, its fields set through the slots' setters
    (half the cost of the frozen dataclass's ``__init__``, which ``discover`` pays per article)."""
    item = _new(ArticleSource)
    set_path, set_journal, set_issue, set_root = _SOURCE_SET
    set_path(item, path)
    set_journal(item, journal)
    set_issue(item, issue)
    set_root(item, root)
    return item


_new = object.__new__


@dataclass(frozen=True)
class CollectionSource:
    """Everything discovered on disk, before any article is read."""

    collection: Collection
    journals: tuple[Journal, ...]
    issues: tuple[Issue, ...]
    articles: tuple[ArticleSource, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    #: Each issue folder's entries as found (``listing.Listing``), in the articles' order.
    folders: tuple[Listing, ...] = ()
    #: When the folders were listed (``time.time_ns()``, taken before the first).
    scanned: int = 0


class _Recent:
    """The last few things loaded or parsed in this process, by key: the stages reading one
    article several times in a row (its page task: the model, the XML, the tree) load it once, and
    nothing more is kept. A lock guards it, since a Dask worker may run tasks on several threads."""

    KEEP = 4

    def __init__(self) -> None:
        self.items: list[tuple[object, object]] = []
        self.lock = threading.Lock()

    def get(self, key: object, make: Callable[[], object]) -> object:
        with self.lock:
            for held, value in self.items:
                if held == key:
                    return value
        value = make()
        with self.lock:
            self.items = [(key, value), *self.items[: self.KEEP - 1]]
        return value

    def drop(self, key: object) -> None:
        """Forget what is held under ``key`` (its file was made again)."""
        with self.lock:
            self.items = [(held, value) for held, value in self.items if held != key]


_MODELS = _Recent()
_XML = _Recent()
_TREES = _Recent()
#: How many article models, XML files and index data (``summary``) were loaded from the read
#: cache in this process.
LOADS = {"models": 0, "xml": 0, "summaries": 0}


class _Summaries:
    """The index data last loaded in this process, by cache entry, for the copies of an article
    that do not hold it yet (a worker's, or one made before it was read)."""

    KEEP = 256

    def __init__(self) -> None:
        self.items: OrderedDict[str, Article] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, entry: str) -> Article | None:
        with self.lock:
            found = self.items.get(entry)
            if found is not None:
                self.items.move_to_end(entry)
                return found
        blob = index_blob(entry, "summary")
        if blob is None:
            return None
        found = pickle.loads(blob)  # written by ``readcache._Index.put``, in OUT
        LOADS["summaries"] += 1
        with self.lock:
            self.items[entry] = found
            if len(self.items) > self.KEEP:
                self.items.popitem(last=False)
        return found


_SUMMARIES = _Summaries()
#: The read cache's index (``readcache._Index``), in its folder.
INDEX_FILE = "index.sqlite"
_BLOBS = ("records", "summary")
_READERS: OrderedDict[tuple[int, Path], sqlite3.Connection] = OrderedDict()
_READERS_LOCK = threading.Lock()


def index_blob(entry: str, column: str) -> bytes | None:
    """One blob (``records`` or ``summary``) of the read cache's index row of ``entry``; None when
    the index or the row is missing. One read-only connection per index file and process (a few
    kept), so a stage reading many rows opens the file once."""
    if column not in _BLOBS:
        raise ValueError(column)
    where = Path(entry)
    db_path = where.parent.parent / INDEX_FILE
    with _READERS_LOCK:
        try:
            db = _reader(db_path)
            rows = db.execute(
                f"SELECT {column} FROM blobs WHERE key = ?", (where.name,)
            ).fetchall()  # fetched whole: no read transaction is left open
        except sqlite3.Error:
            return None
    return rows[0][0] if rows else None


def _reader(path: Path) -> sqlite3.Connection:
    key = (os.getpid(), path)  # a connection is not shared with a forked process
    db = _READERS.get(key)
    if db is None:
        if not path.is_file():
            raise sqlite3.OperationalError(f"{path}: no index")
        db = _READERS[key] = sqlite3.connect(
            path.as_uri() + "?mode=ro", uri=True, check_same_thread=False
        )
        while len(_READERS) > 4:
            (pid, _), old = _READERS.popitem(last=False)
            if pid == os.getpid():
                old.close()
    _READERS.move_to_end(key)
    return db


class _Held:
    """A key that matches one held object only (``is``), for bytes or trees given in memory."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Held) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def _parse(data: bytes) -> etree._ElementTree:
    from .markup.jats import safe_parser

    return etree.ElementTree(etree.fromstring(data, safe_parser()))


def _load_model(entry: str, path: str) -> Article:
    """The model the read cache pickled (``readcache``, in OUT), with the path it is read from now
    (the cache keeps none: a collection moved elsewhere hits the same entries)."""
    with open(entry + MODEL_SUFFIX, "rb") as f:
        model = pickle.load(f)
    if not isinstance(model, Article):
        raise TypeError(f"{entry}{MODEL_SUFFIX}: not an article model")
    LOADS["models"] += 1
    return dataclasses.replace(model, source_path=path)


def _load_xml(entry: str) -> bytes:
    with open(entry + XML_SUFFIX, "rb") as f:
        data = f.read()
    LOADS["xml"] += 1
    return data


def _loaded(recent: _Recent, key: object, load: Callable[[], object], entry: str,
            source: ArticleSource) -> object:  # fmt: skip
    """``recent.get(key, load)``; a missing or damaged file of the read cache's ``entry`` is made
    again from the article's source (``_remake``) and loaded again."""
    try:
        return recent.get(key, load)
    except _DAMAGED:
        _remake(entry, source)
        return recent.get(key, load)


#: What reading a damaged or missing cache file raises.
_DAMAGED = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError,
            IndexError, ImportError)  # fmt: skip


def _remake(entry: str, source: ArticleSource) -> None:
    """The read cache's entry written again from the article's source (the index trusted it; a
    stage reading it found a file missing or damaged); ``LookupError`` when that cannot be done."""
    from .readcache import remake_entry

    remake_entry(entry, source)
    _XML.drop(entry)
    _TREES.drop(entry)


def dumps(value: object) -> bytes:
    """``value`` pickled with frozen slotted dataclasses (the model's types) as their class and field
    values, which ``_rebuilt`` sets back in one loop: loading them is several times faster than
    through ``dataclasses``' own ``__setstate__``, which lists the fields again for every object."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: object) -> object:
        names = _slots(type(obj))
        if names is None:
            return NotImplemented
        return _rebuilt, (type(obj), tuple([getattr(obj, n) for n in names]))


_SLOTS: dict[type, tuple[str, ...] | None] = {}


def _slots(cls: type) -> tuple[str, ...] | None:
    """The field names of a frozen dataclass with slots (and no other slots), else None."""
    if cls not in _SLOTS:
        params = getattr(cls, "__dataclass_params__", None)
        names = tuple(f.name for f in dataclasses.fields(cls)) if params else ()
        plain = params is not None and params.frozen and cls.__dict__.get("__slots__") == names
        _SLOTS[cls] = names if plain else None
    return _SLOTS[cls]


def _rebuilt(cls: type, values: tuple) -> object:
    """An instance of ``cls`` with its fields set to ``values``, through the slots' own setters."""
    setters = _SETTERS.get(cls)
    if setters is None:
        setters = _SETTERS[cls] = tuple(cls.__dict__[n].__set__ for n in _slots(cls) or ())
    obj = object.__new__(cls)
    for setter, value in zip(setters, values, strict=True):
        setter(obj, value)
    return obj


_SETTERS: dict[type, tuple] = {}


#: The read cache's files of one entry (``readcache``): the pickled model and the canonical XML.
MODEL_SUFFIX = ".pickle"
XML_SUFFIX = ".xml"


def summarise(article: Article) -> Article:
    """The article's *index data*: what listings, tables of contents, sitemaps, feeds,
    previous/next and similar articles, the search index, the store's identifiers and the issue
    checks read of it; the rest left out (references, affiliations, funding, history, counts, other
    abstracts, sub-articles' contributors and titles, contributors other than authors; abstracts
    keep their text only, and only in the main language: the feed shows it)."""
    main = article.language or ""
    abstracts = {
        lang: Abstract(lang, a.text if lang == main else "")
        for lang, a in article.abstracts.items()
    }
    return dataclasses.replace(
        article,
        contributors=tuple(c for c in article.contributors if c.role == "author"),
        affiliations=(),
        abstracts=abstracts,
        other_abstracts=(),
        history={},
        funding=(),
        declared_counts=_NO_COUNTS,
        counts=_NO_COUNTS,
        sub_articles=tuple(
            dataclasses.replace(s, title=None, contributors=()) for s in article.sub_articles
        ),
        references=(),
    )


_NO_COUNTS = Counts()


class _NoMatches(dict):
    """The matches of an article the links stage has not seen: empty, shared, never changed."""

    def __setitem__(self, key, value):
        raise TypeError("an article's matches are replaced, not changed")

    def __reduce__(self):
        return "NO_MATCHES"  # the shared one, in whichever process loads it


NO_MATCHES: dict = _NoMatches()


@dataclass(frozen=True, slots=True)
class PublishedArticle:
    """An article that passed reading and validation: its model, canonical tree and source.

    A build's coordinator holds no article's model nor XML: ``model`` and ``xml`` are None and
    ``entry`` names the read cache's files in OUT (``readcache``), from which ``article``,
    ``canonical`` and ``tree`` load on demand, in whatever process reads them (the last few kept
    per process, nothing more); ``summary`` is the index data listings read (``summarise``), loaded
    from the read cache's index when first read and kept in ``index`` from then on.
    Made with a model and XML (or a parsed tree, serialised), it holds them, as before.
    """

    #: The model when held in memory; None: loaded from ``entry`` when ``article`` is read.
    model: Article | None
    #: The canonical SciELO PS XML (DOCTYPE included) when held, or None.
    xml: bytes | None
    source: ArticleSource
    #: Hash of the source bytes (and its DTD choice), for incremental rebuilds.
    digest: str = ""
    #: Accepted database records per reference id (the *links* stage fills it).
    matches: dict = field(default_factory=lambda: NO_MATCHES)
    #: Articles of the collection that cite this one (``citations.links.CitedBy``).
    cited_by: tuple = ()
    #: ``(previous, next)`` article of its issue, each ``(title, site path)`` or ``None``.
    neighbours: tuple = ()
    #: Similar articles of the collection: ``(title, site path, lang)``, most similar first.
    similar: tuple = ()
    #: COUNTER requests counted for the article in the store's usage statistics (``None``: none yet).
    accesses: int | None = None
    #: The read cache entry (a path without suffix) holding the model and the canonical XML.
    entry: str | None = None
    #: The index data (``summarise``) when held; None: loaded from the read cache's index when
    #: ``summary`` is read (or made from the model).
    index: Article | None = None
    #: Length of the canonical XML (a task's cost), when known without loading it.
    size: int = 0

    def __post_init__(self) -> None:
        if self.xml is not None and not isinstance(self.xml, bytes):
            object.__setattr__(self, "xml", _serialise(self.xml))

    @property
    def article(self) -> Article:
        """The article's model: held, else loaded from the read cache."""
        if self.model is not None:
            return self.model
        if self.entry is None:
            raise LookupError(f"{self.source.path}: the article's model is not available here")
        entry, path = self.entry, str(self.source.path)
        return _loaded(_MODELS, (entry, path), lambda: _load_model(entry, path), entry, self.source)  # type: ignore[return-value]

    @property
    def canonical(self) -> bytes | None:
        """The canonical XML: held, else read from the read cache; None for a listing's copy."""
        if self.xml is not None or self.entry is None:
            return self.xml
        entry = self.entry
        return _loaded(_XML, entry, lambda: _load_xml(entry), entry, self.source)  # type: ignore[return-value]

    @property
    def tree(self) -> etree._ElementTree | None:
        """The canonical tree, parsed from ``canonical``."""
        data = self.canonical
        if data is None:
            return None
        if self.xml is not None:
            return _TREES.get(_Held(data), lambda: _parse(data))  # type: ignore[return-value]
        return _TREES.get(self.entry, lambda: self._parsed(data))  # type: ignore[return-value]

    def _parsed(self, data: bytes) -> etree._ElementTree:
        """The read cache's XML parsed; a damaged file is made again (``_remake``) and read again."""
        try:
            return _parse(data)
        except etree.XMLSyntaxError:
            _remake(self.entry, self.source)  # type: ignore[arg-type]
            return _parse(_load_xml(self.entry))  # type: ignore[arg-type]

    @property
    def summary(self) -> Article:
        """The index data listings read: held, else loaded from the read cache's index (counted in
        ``LOADS["summaries"]``) and kept by this object from then on (a stage that reads every
        article's, several times over, loads each once; one that reads none holds none), else the
        model itself (it holds all of it)."""
        if self.index is not None:
            return self.index
        if self.model is None and self.entry is not None:
            found = _SUMMARIES.get(self.entry)  # as cached: no source path
            if found is not None:
                object.__setattr__(self, "index", found)
                return found
        return self.article

    def listing(self) -> PublishedArticle:
        """A copy carrying only what listings show: no model, XML, links nor neighbours."""
        if self.index is not None:
            index = self.index
        elif self.model is None and self.entry is not None:
            index = self.summary
        else:
            index = summarise(self.article)
        return dataclasses.replace(self, model=None, xml=None, entry=None, index=index,
                                   matches=NO_MATCHES, cited_by=(), neighbours=(), similar=())  # fmt: skip


_ARTICLE_SET = _setters(PublishedArticle)


def cached_article(source: ArticleSource, digest: str, entry: str, size: int) -> PublishedArticle:
    """``PublishedArticle(None, None, source, digest, entry=entry, size=size)``: an article the
    read cache holds, its fields set through the slots' setters in order (half the cost of the
    frozen dataclass's ``__init__``, paid per unchanged article of a rebuild)."""
    item = _new(PublishedArticle)
    (model, xml, src, dig, matches, cited_by, neighbours, similar, accesses, ent, index,
     length) = _ARTICLE_SET  # fmt: skip
    model(item, None)
    xml(item, None)
    src(item, source)
    dig(item, digest)
    matches(item, NO_MATCHES)
    cited_by(item, ())
    neighbours(item, ())
    similar(item, ())
    accesses(item, None)
    ent(item, entry)
    index(item, None)
    length(item, size)
    return item


def _serialise(value: object) -> bytes:
    """A parsed tree (or root element) given as the canonical XML, as bytes."""
    tree = value if hasattr(value, "getroot") else etree.ElementTree(value)
    return etree.tostring(tree, encoding="utf-8")


@dataclass(frozen=True)
class SiteContent:
    """What the output stage receives: the collection and every published article."""

    collection: Collection
    journals: tuple[Journal, ...]
    issues: tuple[Issue, ...]
    articles: tuple[PublishedArticle, ...]
    root: Path | None = None
    extra: dict = field(default_factory=dict)

    def issue_articles(self, issue: Issue) -> list[PublishedArticle]:
        """The issue's articles in table-of-contents order."""
        mine = [
            a
            for a in self.articles
            if a.source.issue.folder == issue.folder
            and a.source.journal.acronym == issue.journal_acronym
        ]
        journal = next((j for j in self.journals if j.acronym == issue.journal_acronym), None)
        groups = section_groups(issue, journal)
        return sorted(mine, key=lambda a: toc_key(issue, a.summary, groups=groups))

    def journal_issues(self, journal: Journal) -> list[Issue]:
        mine = [i for i in self.issues if i.journal_acronym == journal.acronym]
        return sorted(mine, key=lambda i: (i.year, i.order or 0, i.folder), reverse=True)


def toc_key(
    issue: Issue, article: Article, journal: Journal | None = None, groups: list | None = None
) -> tuple:
    """Section position (as issue.toml lists them, a section's names in every language counting as
    one), then order, then first page. ``groups``: the issue's ``section_groups``, when known."""
    groups = section_groups(issue, journal) if groups is None else groups
    section_pos = section_index(groups, article.section)
    return (
        len(groups) if section_pos is None else section_pos,
        _num(article.order),
        _num(article.fpage),
        article.elocation_id or "",
    )


def section_groups(issue: Issue, journal: Journal | None = None) -> list[dict[str, str]]:
    """The issue's sections in order, each with its names per language: those ``issue.toml`` gives,
    else the journal's section of that name (``[[sections]]`` in ``journal.toml``); the journal's
    other sections follow. A name with no translation is a group of its own (key ``""``)."""
    known = list(journal.sections) if journal is not None else []
    groups: list[dict[str, str]] = []
    titles = issue.section_titles or tuple({} for _ in issue.sections)
    for name, names in zip(issue.sections, titles, strict=False):
        if not names:
            names = next((g for g in known if _same(name, g.values())), {"": name})
        if section_index(groups, name) is None:
            groups.append(names)
    for group in known:
        if not any(_same(n, group.values()) for g in groups for n in g.values()):
            groups.append(group)
    return groups


def section_index(groups: list[dict[str, str]], name: str | None) -> int | None:
    """Position of the group naming ``name`` in some language, else ``None``."""
    if not name:
        return None
    return next((i for i, g in enumerate(groups) if _same(name, g.values())), None)


def _same(name: str, names) -> bool:
    key = " ".join(name.split()).casefold()
    return any(" ".join(n.split()).casefold() == key for n in names)


def _num(value: str | None) -> int:
    match = re.search(r"\d+", value or "")
    return int(match.group()) if match else 1 << 30


def discover(path: Path, kept: Path | None = None) -> CollectionSource:
    """Read collection.toml, every journal.toml and issue.toml, and list the article files (each
    issue folder once: ``listing.scan_issue``). ``kept``: where the parsed TOML files are kept
    between builds (``config_files.Tomls``), or None."""
    path = Path(path)
    if not path.is_dir():
        raise ConfigError(
            f"{path} is not a folder. Give the folder that holds collection.toml "
            "(for example collections/demo)."
        )
    diagnostics: list[Diagnostic] = []
    tomls = Tomls(kept)
    collection = _read_collection(path, tomls)
    journals, issues, articles, folders = [], [], [], []
    scanned = time.time_ns()
    for jdir in subfolders(path / "journals"):
        journal = _load(child(jdir, "journal.toml"), lambda d, f=jdir: _journal_from(d, f),
                        diagnostics, tomls)  # fmt: skip
        if journal is None or _refuse_outside(journal, jdir, path, diagnostics):
            continue
        journals.append(journal)
        for idir in subfolders(jdir / "issues"):
            issue = _load(child(idir, "issue.toml"), _issue_factory(journal, idir), diagnostics,
                          tomls)  # fmt: skip
            if issue is None:
                continue
            issues.append(issue)
            files, listing = scan_issue(idir, len(articles))
            folders.append(listing)
            articles += map(source_of, files, repeat(journal), repeat(issue), repeat(path))
    tomls.save()
    return CollectionSource(collection, tuple(journals), tuple(issues), tuple(articles),
                            tuple(diagnostics), tuple(folders), scanned)  # fmt: skip
