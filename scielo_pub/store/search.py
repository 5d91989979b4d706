"""A parsed search query in, ranked article ids, totals and facet counts out: the store's full-text search.

This module is the one place that knows SQLite FTS5 from PostgreSQL ``tsvector``. The table
``search_documents`` holds one row per article with each searchable field already folded
(``citations.normalise.fold``: lower case, accents and punctuation removed), so both engines index the
same words and a query folded the same way finds ``Saúde`` with ``saude``:

- SQLite: an external-content FTS5 table ``search_fts`` over those columns, kept in step by triggers,
  ranked with ``bm25`` (field weights below);
- PostgreSQL: a stored generated ``tsv`` column (``simple`` configuration, fields weighted A-D) with a GIN
  index, ranked with ``ts_rank``; a search limited to one field uses an expression GIN index over that
  column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DDL,
    Column,
    Connection,
    ForeignKey,
    Integer,
    Select,
    String,
    Table,
    Text,
    and_,
    cast,
    column,
    event,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    text,
    union_all,
)

from . import schema as s
from .query import FIELD_ALIASES, Node, Or, QueryError, Term, parse_query, terms
from .schema import metadata

#: Searchable fields, in FTS5 column order: author, title, abstract, keywords, affiliation, journal,
#: year, article type, language, identifiers (PID v2, PID v3, DOI).
FIELDS = ("au", "ti", "ab", "kw", "af", "journal", "year", "type", "lang", "ids")

#: Relative weight of a match in each field (FTS5 ``bm25`` weights; PostgreSQL weight classes).
WEIGHTS = {"au": 4.0, "ti": 10.0, "ab": 2.0, "kw": 5.0, "af": 1.0, "journal": 1.0,
           "year": 1.0, "type": 1.0, "lang": 1.0, "ids": 8.0}  # fmt: skip
PG_CLASS = {"ti": "A", "ids": "A", "au": "B", "kw": "B", "ab": "C"}

#: Fields with their own PostgreSQL expression index (the short ones are checked row by row).
PG_INDEXED = ("au", "ti", "ab", "kw", "af", "journal", "ids")

search_documents = Table(
    "search_documents",
    metadata,
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    *(Column(name, Text, nullable=False, default="") for name in FIELDS),
)

_FTS_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{f}" for f in FIELDS)
_OLD = ", ".join(f"old.{f}" for f in FIELDS)
_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({_FTS_COLUMNS}, "
    "content='search_documents', content_rowid='article_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ai AFTER INSERT ON search_documents BEGIN "
    f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS}) VALUES (new.article_id, {_NEW}); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_ad AFTER DELETE ON search_documents BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS}) "
    f"VALUES ('delete', old.article_id, {_OLD}); END",
    "CREATE TRIGGER IF NOT EXISTS search_documents_au AFTER UPDATE ON search_documents BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS}) "
    f"VALUES ('delete', old.article_id, {_OLD}); "
    f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS}) VALUES (new.article_id, {_NEW}); END",
)


def pg_vector(field: str) -> str:
    """The PostgreSQL ``tsvector`` expression of one field (the same text its index is built on)."""
    return f"to_tsvector('simple'::regconfig, {field})"


_PG_TSV = " || ".join(f"setweight({pg_vector(f)}, '{PG_CLASS.get(f, 'D')}')" for f in FIELDS)
_PG_DDL = (
    f"ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({_PG_TSV}) STORED",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING GIN (tsv)",
    *(
        f"CREATE INDEX ix_search_documents_{f} ON search_documents USING GIN ({pg_vector(f)})"
        for f in PG_INDEXED
    ),
)

for _statement in _SQLITE_DDL:
    event.listen(search_documents, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in _PG_DDL:
    event.listen(search_documents, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
event.listen(
    search_documents,
    "before_drop",
    DDL("DROP TABLE IF EXISTS search_fts").execute_if(dialect="sqlite"),
)


# -- queries ---------------------------------------------------------------------------------------

SORTS = ("relevance", "date")
MAX_PAGE_SIZE = 100
FACETS = ("journal", "year", "type", "lang", "subject")


@dataclass(frozen=True)
class SearchRequest:
    """A search: the query, its default field, facet filters, order and page."""

    q: str = ""
    field: str = "all"
    journal: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    type: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    size: int = 20

    @property
    def filtered(self) -> bool:
        return bool(self.journal or self.year or self.type or self.lang or self.subject)


@dataclass(frozen=True)
class Hit:
    """One article found: what a result list shows of it."""

    article_id: int
    ident: str
    pid: str | None
    doi: str | None
    title: str | None
    authors: tuple[str, ...]
    journal: str
    journal_title: str
    year: int | None
    article_type: str | None
    language: str | None
    pub_date: str | None
    landing_path: str
    updated: datetime


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]
    #: facet -> [(value, count)], most frequent first (years newest first).
    facets: dict[str, list[tuple[str, int]]]


def request_from_args(args: Mapping[str, Any]) -> SearchRequest:
    """A SearchRequest from web parameters (single values or lists); QueryError on bad values."""

    def many(name: str) -> tuple[str, ...]:
        value = args.getlist(name) if hasattr(args, "getlist") else args.get(name, ())
        values = [value] if isinstance(value, str) else list(value or ())
        return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))

    def number(name: str, default: int, low: int, high: int) -> int:
        raw = args.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(str(raw))
        except ValueError:
            raise QueryError(f"{name} must be a whole number, not '{raw}'") from None
        if not low <= value <= high:
            raise QueryError(f"{name} must be between {low} and {high}")
        return value

    years = []
    for raw in many("year"):
        if not raw.isdigit() or len(raw) != 4:
            raise QueryError(f"year must be four digits, not '{raw}'")
        years.append(int(raw))
    sort = str(args.get("sort") or "relevance")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not '{sort}'")
    field = str(args.get("field") or "all")
    if FIELD_ALIASES.get(field.lower()) is None:
        raise QueryError(f"field must be one of au, ti, ab, kw, af, all, not '{field}'")
    return SearchRequest(
        q=str(args.get("q") or "").strip(), field=field, journal=many("journal"),
        year=tuple(years), type=many("type"), lang=many("lang"), subject=many("subject"),
        sort=sort, page=number("page", 1, 1, 10_000),
        size=number("size", 20, 1, MAX_PAGE_SIZE),
    )  # fmt: skip


def search(conn: Connection, request: SearchRequest, *, facets: bool = True) -> SearchResult:
    """Run ``request`` on the store behind ``conn``: ranked page, total and facet counts.

    Only live articles have a ``search_documents`` row (the build removes a withdrawn article's), so
    a ranked search without filters reads the full-text index alone, as a bare engine query would;
    filters, date order and facets join ``articles``.
    """
    node = _parsed(request)
    dialect = conn.dialect.name
    where = _filters(request)
    joined = bool(where) or node is None or request.sort == "date"
    base, rank = _base(dialect, node, joined)
    if facets:
        counted = _facets(conn, _base(dialect, node, True)[0].where(*where))
        total = sum(n for _, n in counted["journal"])
    else:
        counted = {}
        total = conn.execute(
            select(func.count()).select_from(base.where(*where).subquery())
        ).scalar_one()
    a = s.articles
    if request.sort == "date" or rank is None:
        order = [a.c.pub_date_sort.desc().nulls_last(), a.c.id.desc()]
    else:
        order = [rank, base.selected_columns[0]]
    page = base.where(*where).order_by(*order)
    page = page.limit(request.size).offset((request.page - 1) * request.size)
    ids = [row[0] for row in conn.execute(page)]
    return SearchResult(total, tuple(_hits(conn, ids)), counted)


def _parsed(request: SearchRequest) -> Node | None:
    if not request.q:
        if request.filtered:
            return None
        raise QueryError("the query is empty; type a word to search for")
    return parse_query(request.q, request.field)


def _base(dialect: str, node: Node | None, joined: bool) -> tuple[Select, Any]:
    """The ids of the matching live articles, and the rank to order them by (None without a query).

    ``joined`` selects from ``articles`` (for filters, dates and facets); otherwise from the index alone.
    """
    a = s.articles
    if node is None:
        return select(a.c.id).where(a.c.deleted.is_(False)), None
    if dialect == "sqlite":
        fts = table("search_fts", column("rowid"))
        match = text("search_fts MATCH :fts_query").bindparams(fts_query=fts5_query(node))
        weights = ", ".join(str(WEIGHTS[f]) for f in FIELDS)
        rank = literal_column(f"bm25(search_fts, {weights})")
        if not joined:
            return select(fts.c.rowid.label("id")).select_from(fts).where(match), rank
        joins = a.join(fts, fts.c.rowid == a.c.id)
        return select(a.c.id).select_from(joins).where(match, a.c.deleted.is_(False)), rank
    d = search_documents
    ranked = " | ".join(f"({_tsquery(t)})" for t in terms(node))
    rank = func.ts_rank(literal_column("search_documents.tsv"), _to_tsquery(ranked)).desc()
    if not joined:
        return select(d.c.article_id.label("id")).where(_pg_where(node)), rank
    joins = a.join(d, d.c.article_id == a.c.id)
    return select(a.c.id).select_from(joins).where(_pg_where(node), a.c.deleted.is_(False)), rank


def _filters(request: SearchRequest) -> list:
    a = s.articles
    where = []
    if request.journal:
        where.append(a.c.journal_acronym.in_(request.journal))
    if request.year:
        where.append(a.c.year.in_(request.year))
    if request.type:
        where.append(a.c.article_type.in_(request.type))
    if request.lang:
        langs = s.article_languages
        where.append(a.c.id.in_(select(langs.c.article_id).where(langs.c.lang.in_(request.lang))))
    if request.subject:
        subjects = s.journal_subjects
        where.append(
            a.c.journal_id.in_(
                select(subjects.c.journal_id).where(subjects.c.subject.in_(request.subject))
            )
        )
    return where


# -- FTS5 ------------------------------------------------------------------------------------------


def fts5_query(node: Node) -> str:
    """The FTS5 MATCH expression of a query tree (every word quoted, fields as column filters)."""
    if isinstance(node, Term):
        phrase = '"' + " ".join(node.words) + '"' + (" *" if node.prefix else "")
        return phrase if node.field == "all" else f"{node.field} : {phrase}"
    if isinstance(node, Or):
        return "(" + " OR ".join(fts5_query(p) for p in node.parts) + ")"
    out = "(" + " AND ".join(fts5_query(p) for p in node.positive) + ")"
    for neg in node.negative:
        out = f"({out} NOT {fts5_query(neg)})"
    return out


# -- PostgreSQL ------------------------------------------------------------------------------------

_SIMPLE = literal_column("'simple'::regconfig")


def _tsquery(term: Term) -> str:
    words = list(term.words)
    if term.prefix:
        words[-1] += ":*"
    return " <-> ".join(words)


def _to_tsquery(query: str):
    return func.to_tsquery(_SIMPLE, query)


def _pg_where(node: Node):
    if isinstance(node, Term):
        if node.field == "all":
            vector = literal_column("search_documents.tsv")
        else:
            vector = func.to_tsvector(_SIMPLE, search_documents.c[node.field])
        return vector.op("@@")(_to_tsquery(_tsquery(node)))
    if isinstance(node, Or):
        return or_(*(_pg_where(p) for p in node.parts))
    return and_(
        *(_pg_where(p) for p in node.positive), *(not_(_pg_where(p)) for p in node.negative)
    )


# -- facets and hits -------------------------------------------------------------------------------


def _facets(conn: Connection, matched: Select) -> dict[str, list[tuple[str, int]]]:
    """Counts per journal, year, type, language and subject area over every matching article."""
    a = s.articles
    ids = (
        matched.with_only_columns(
            a.c.id, a.c.journal_id, a.c.journal_acronym, a.c.year, a.c.article_type
        )
        .cte("matched")
        .prefix_with("MATERIALIZED")
    )
    langs, subjects = s.article_languages, s.journal_subjects
    parts = [
        select(literal("journal"), ids.c.journal_acronym, func.count()).group_by(ids.c.journal_acronym),
        select(literal("year"), cast(ids.c.year, String), func.count()).group_by(ids.c.year),
        select(literal("type"), ids.c.article_type, func.count()).group_by(ids.c.article_type),
        select(literal("lang"), langs.c.lang, func.count())
        .select_from(ids.join(langs, langs.c.article_id == ids.c.id)).group_by(langs.c.lang),
        select(literal("subject"), subjects.c.subject, func.count())
        .select_from(ids.join(subjects, subjects.c.journal_id == ids.c.journal_id))
        .group_by(subjects.c.subject),
    ]  # fmt: skip
    out: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for facet, value, n in conn.execute(union_all(*parts)):
        if value is not None:
            out[facet].append((str(value), int(n)))
    for facet, values in out.items():
        if facet == "year":
            values.sort(key=lambda x: x[0], reverse=True)
        else:
            values.sort(key=lambda x: (-x[1], x[0]))
    return out


def _hits(conn: Connection, ids: list[int]) -> list[Hit]:
    if not ids:
        return []
    a, j, c = s.articles, s.journals, s.contributors
    rows = {
        r.id: r
        for r in conn.execute(
            select(a.c.id, a.c.ident, a.c.pid, a.c.doi, a.c.title, a.c.journal_acronym,
                   j.c.title.label("journal_title"), a.c.year, a.c.article_type, a.c.language,
                   a.c.pub_date, a.c.landing_path, a.c.updated)
            .join(j, j.c.id == a.c.journal_id).where(a.c.id.in_(ids))
        )
    }  # fmt: skip
    authors: dict[int, list[str]] = {}
    for article_id, name in conn.execute(
        select(c.c.article_id, c.c.display_name)
        .where(c.c.article_id.in_(ids), c.c.role == "author").order_by(c.c.article_id, c.c.position)
    ):  # fmt: skip
        authors.setdefault(article_id, []).append(name)
    return [
        Hit(
            r.id,
            r.ident,
            r.pid,
            r.doi,
            r.title,
            tuple(authors.get(r.id, ())),
            r.journal_acronym,
            r.journal_title,
            r.year,
            r.article_type,
            r.language,
            r.pub_date,
            r.landing_path,
            r.updated,
        )  # fmt: skip
        for r in (rows[i] for i in ids)
    ]
