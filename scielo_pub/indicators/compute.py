"""A citation graph in the store (SQL) in, per-journal, per-year SciELO indicators out.

The graph is two selectables (tables, views or joins over the store):

* ``items`` -- one row per published document: ``journal``, ``year``, ``issue`` (any key of its
  issue), ``citable`` (1 when its document type counts as a citable item, else 0);
* ``refs`` -- one row per *journal* reference made by a document of the collection:
  ``citing_journal``, ``citing_year``, ``cited_journal`` (the serial the cited source was matched
  to; NULL when unmatched) and ``cited_year`` (NULL when the reference has no year).

Everything heavy is a GROUP BY the database runs (SQLAlchemy Core, the same SQL on SQLite and
PostgreSQL): documents per journal and year, references made per citing journal, citing year and
cited year, and citations received per cited journal, citing year and cited year (only the ten years
Y..Y-9 told apart; with the journal self-citations among them). The grouped rows come back ordered by journal and are folded one journal
at a time into :class:`YearIndicators` with :mod:`.formulas`, so memory holds one journal's counts,
never the references.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, String, case, func, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import FromClause

from .formulas import (
    AVERAGE_DECIMALS,
    HALF_LIFE_DECIMALS,
    IF_DECIMALS,
    cited_half_life_value,
    citing_half_life_value,
    impact_window,
    ratio,
    rounded,
)


@dataclass(frozen=True)
class CitationGraph:
    """The two selectables the indicators are computed from (columns in the module docstring)."""

    items: FromClause
    refs: FromClause


@dataclass(frozen=True, slots=True)
class YearIndicators:
    """One journal, one base year: report 03's source data and the indicators."""

    issues: int = 0
    documents: int = 0
    citable_items: int = 0
    references_made: int = 0
    citations_received: int = 0
    self_citations: int = 0
    if2: float | None = None
    if3: float | None = None
    if5: float | None = None
    immediacy: float | None = None
    if2_no_self: float | None = None
    if3_no_self: float | None = None
    cited_half_life: float | str | None = None
    citing_half_life: float | None = None
    #: Report 03's averages (2 decimals): documents per issue, references made per issue and per
    #: document, citations received per issue and per document.
    averages: dict[str, float | None] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The ``stats citations`` JSON object of a year (``-`` half-life is null)."""
        chl = None if self.cited_half_life == "-" else self.cited_half_life
        return {
            "issues": self.issues,
            "documents": self.documents,
            "citable_items": self.citable_items,
            "references_made": self.references_made,
            "citations_received": self.citations_received,
            "self_citations": self.self_citations,
            "if2": self.if2,
            "if3": self.if3,
            "if5": self.if5,
            "immediacy": self.immediacy,
            "if2_no_self": self.if2_no_self,
            "if3_no_self": self.if3_no_self,
            "cited_half_life": chl,
            "citing_half_life": self.citing_half_life,
            "averages": dict(self.averages),
        }


@dataclass(frozen=True, slots=True)
class JournalIndicators:
    journal: str
    years: dict[int, YearIndicators]


def years_record(result: JournalIndicators) -> dict[str, dict[str, Any]]:
    """A journal's indicators as JSON-ready data (every field, exactly; ``from_record`` reads it)."""
    return {str(y): asdict(v) for y, v in result.years.items()}


def from_record(journal: Any, years: dict[str, dict[str, Any]]) -> JournalIndicators:
    """The ``JournalIndicators`` ``years_record`` recorded."""
    return JournalIndicators(journal, {int(y): YearIndicators(**v) for y, v in years.items()})


# ------------------------------------------------------------------ the GROUP BY queries


def _bytewise(col: Any, dialect: str) -> Any:
    """``col`` ordered byte-wise (as Python compares strings): SQLite's default, ``C`` elsewhere."""
    if dialect == "sqlite" or not isinstance(col.type, String):
        return col
    return col.collate("C")


def items_query(
    graph: CitationGraph, journals: Iterable[str] | None = None, dialect: str = "sqlite"
) -> Select:
    t = graph.items
    q = select(
        t.c.journal,
        t.c.year,
        func.count().label("documents"),
        func.coalesce(func.sum(t.c.citable), 0).label("citable"),
        func.count(func.distinct(t.c.issue)).label("issues"),
    ).where(t.c.year.is_not(None))
    if journals is not None:
        q = q.where(t.c.journal.in_(list(journals)))
    return q.group_by(t.c.journal, t.c.year).order_by(_bytewise(t.c.journal, dialect))


def made_query(
    graph: CitationGraph, journals: Iterable[str] | None = None, dialect: str = "sqlite"
) -> Select:
    r = graph.refs
    q = select(
        r.c.citing_journal.label("journal"),
        r.c.citing_year,
        r.c.cited_year,
        func.count().label("n"),
    ).where(r.c.citing_year.is_not(None))
    if journals is not None:
        q = q.where(r.c.citing_journal.in_(list(journals)))
    return q.group_by(r.c.citing_journal, r.c.citing_year, r.c.cited_year).order_by(
        _bytewise(r.c.citing_journal, dialect)
    )


def received_query(
    graph: CitationGraph, journals: Iterable[str] | None = None, dialect: str = "sqlite"
) -> Select:
    """Citations received per cited journal, citing year and cited year, with the self-citations
    among them. Only the ten cited years Y..Y-9 are told apart (no indicator looks further back:
    the half-life's ten years, the impact factors' five); the others, and citations without a
    year, are one NULL group that counts in the totals."""
    r = graph.refs
    is_self = case((r.c.citing_journal == r.c.cited_journal, 1), else_=0)
    recent = case(
        (r.c.cited_year.between(r.c.citing_year - 9, r.c.citing_year), r.c.cited_year),
        else_=None,
    ).label("cited_year")
    q = select(
        r.c.cited_journal.label("journal"),
        r.c.citing_year,
        recent,
        func.count().label("n"),
        func.sum(is_self).label("self_n"),
    ).where(r.c.cited_journal.is_not(None), r.c.citing_year.is_not(None))
    if journals is not None:
        q = q.where(r.c.cited_journal.in_(list(journals)))
    return q.group_by(r.c.cited_journal, r.c.citing_year, recent).order_by(
        _bytewise(r.c.cited_journal, dialect)
    )


# ------------------------------------------------------------------ folding one journal


@dataclass
class _Counts:
    """One journal's grouped counts. ``made`` / ``received``: citing year -> [(cited year, n)]
    (cited year None = no year); ``self_received``: citing year -> {cited year: self-citations}."""

    documents: dict[int, int] = field(default_factory=dict)
    citable: dict[int, int] = field(default_factory=dict)
    issues: dict[int, int] = field(default_factory=dict)
    made: dict[int, list[tuple[int | None, int]]] = field(default_factory=lambda: defaultdict(list))
    received: dict[int, list[tuple[int | None, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    self_received: dict[int, dict[int | None, int]] = field(
        default_factory=lambda: defaultdict(dict)
    )


def journal_indicators(journal: Any, counts: _Counts) -> JournalIndicators:
    """Every indicator of every year of one journal from its grouped counts."""
    years = set(counts.documents) | set(counts.made) | set(counts.received)
    return JournalIndicators(journal, {y: _year(y, counts) for y in sorted(years)})


def _year(year: int, c: _Counts) -> YearIndicators:
    received = c.received.get(year, ())
    self_received = c.self_received.get(year, {})
    made = c.made.get(year, ())
    dated = {y: n for y, n in received if y is not None}
    no_self = {y: n - self_received.get(y, 0) for y, n in dated.items()}
    n_received = sum(n for _, n in received)
    n_made = sum(n for _, n in made)
    n_self = sum(self_received.values())
    issues, documents = c.issues.get(year, 0), c.documents.get(year, 0)
    # The same ImpactWindow the SciELO Analytics case is checked with (tests/indicators).
    window = impact_window(year, dated, c.citable)
    window_ns = impact_window(year, no_self, c.citable) if n_self else window
    buckets = sorted(((y, n) for y, n in made if y is not None), reverse=True)
    citing = citing_half_life_value(year, buckets, n_made) if n_made else None
    # Citations received without a cited year count in T but in none of the ten years.
    cited = cited_half_life_value(year, dated, n_received)

    def avg(a: int, b: int) -> float | None:
        return rounded(ratio(a, b), AVERAGE_DECIMALS)

    return YearIndicators(
        issues=issues,
        documents=documents,
        citable_items=c.citable.get(year, 0),
        references_made=n_made,
        citations_received=n_received,
        self_citations=n_self,
        if2=rounded(window.factor(2), IF_DECIMALS),
        if3=rounded(window.factor(3), IF_DECIMALS),
        if5=rounded(window.factor(5), IF_DECIMALS),
        immediacy=rounded(window.factor(0), IF_DECIMALS),
        if2_no_self=rounded(window_ns.factor(2), IF_DECIMALS),
        if3_no_self=rounded(window_ns.factor(3), IF_DECIMALS),
        cited_half_life=cited,
        citing_half_life=rounded(citing, HALF_LIFE_DECIMALS),
        averages={
            "documents_per_issue": avg(documents, issues),
            "references_per_issue": avg(n_made, issues),
            "references_per_document": avg(n_made, documents),
            "citations_per_issue": avg(n_received, issues),
            "citations_per_document": avg(n_received, documents),
        },
    )


def compute(
    conn: Connection, graph: CitationGraph, journals: Iterable[Any] | None = None
) -> Iterator[JournalIndicators]:
    """Indicators of every journal with documents in ``graph.items`` (or of ``journals``), one
    journal at a time, in journal order."""
    wanted = None if journals is None else sorted(set(journals))
    dialect = conn.dialect.name
    # yield_per: rows fetched in batches (server-side cursors on PostgreSQL), memory stays bounded.
    opts = {"yield_per": 10_000}
    results = [
        conn.execute(query(graph, wanted, dialect), execution_options=opts)
        for query in (items_query, made_query, received_query)
    ]
    items, made, received = (chain.from_iterable(r.partitions()) for r in results)
    made, received = _Stream(made), _Stream(received)
    try:
        for journal, rows in groupby(items, key=itemgetter(0)):
            counts = _Counts()
            for _, year, documents, citable, issues in rows:
                counts.documents[year] = int(documents)
                counts.citable[year] = int(citable)
                counts.issues[year] = int(issues)
            for _, citing_year, cited_year, n in made.take(journal):
                counts.made[citing_year].append((cited_year, n))
            for _, citing_year, cited_year, n, self_n in received.take(journal):
                counts.received[citing_year].append((cited_year, n))
                if self_n:
                    counts.self_received[citing_year][cited_year] = self_n
            yield journal_indicators(journal, counts)
    finally:
        for result in results:
            result.close()


class _Stream:
    """Rows ordered by their first column (the journal); ``take(j)`` skips rows of journals before
    ``j`` (cited serials without documents here) and returns ``j``'s rows."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self._rows = iter(rows)
        self._head: Any = next(self._rows, None)

    def take(self, journal: Any) -> list[Any]:
        head, rows = self._head, self._rows
        while head is not None and head[0] < journal:
            head = next(rows, None)
        out = []
        while head is not None and head[0] == journal:
            out.append(head)
            head = next(rows, None)
        self._head = head
        return out


# ------------------------------------------------------------------ tables for the pages


def received_by_citing_journal(
    conn: Connection, graph: CitationGraph, journal: str
) -> list[tuple[str, int, int]]:
    """(citing journal, citing year, citations) received by ``journal``, most citing first."""
    r = graph.refs
    n = func.count().label("n")
    q = (
        select(r.c.citing_journal, r.c.citing_year, n)
        .where(r.c.cited_journal == journal, r.c.citing_year.is_not(None))
        .group_by(r.c.citing_journal, r.c.citing_year)
        .order_by(r.c.citing_journal, r.c.citing_year)
    )
    return [(row.citing_journal, int(row.citing_year), int(row.n)) for row in conn.execute(q)]


def granted_by_cited_journal(
    conn: Connection, graph: CitationGraph, journal: str, top: int = 10
) -> list[tuple[str | None, dict[int, int], int]]:
    """The ``top`` journals ``journal`` cites most: (cited journal, citations per citing year,
    total); unmatched sources are grouped as ``None`` and listed after the top."""
    r = graph.refs
    q = (
        select(r.c.cited_journal, r.c.citing_year, func.count().label("n"))
        .where(r.c.citing_journal == journal, r.c.citing_year.is_not(None))
        .group_by(r.c.cited_journal, r.c.citing_year)
    )
    per: dict[str | None, dict[int, int]] = defaultdict(dict)
    for row in conn.execute(q):
        per[row.cited_journal][int(row.citing_year)] = int(row.n)
    ranked = sorted(
        ((k, v, sum(v.values())) for k, v in per.items() if k is not None),
        key=lambda t: (-t[2], t[0]),
    )[:top]
    if None in per:
        ranked.append((None, per[None], sum(per[None].values())))
    return ranked


def coauthorship_pairs(
    conn: Connection, countries: FromClause, journal: str | None = None
) -> list[tuple[str, int, str, str, int]]:
    """Country pairs of co-authorship (report 16): ``countries`` has one row per document and
    affiliation country (``document``, ``journal``, ``year``, ``country``); each document adds one
    to every pair of distinct countries among its affiliations, and a document whose affiliations
    are all in one country adds one to (country, country). Rows: (journal, year, c1, c2, documents).
    """
    a = select(
        countries.c.document, countries.c.journal, countries.c.year, countries.c.country
    ).distinct()
    if journal is not None:
        a = a.where(countries.c.journal == journal)
    a = a.subquery("a")
    b = a.alias("b")
    n_countries = select(a.c.document, func.count().label("k")).group_by(a.c.document).subquery("k")
    pairs = (
        select(
            a.c.journal, a.c.year, a.c.country.label("c1"), b.c.country.label("c2"), a.c.document
        )
        .join(b, (a.c.document == b.c.document) & (a.c.country < b.c.country))
        .union_all(
            select(a.c.journal, a.c.year, a.c.country, a.c.country, a.c.document)
            .join(n_countries, n_countries.c.document == a.c.document)
            .where(n_countries.c.k == literal(1))
        )
        .subquery("p")
    )
    q = (
        select(pairs.c.journal, pairs.c.year, pairs.c.c1, pairs.c.c2, func.count().label("n"))
        .group_by(pairs.c.journal, pairs.c.year, pairs.c.c1, pairs.c.c2)
        .order_by(pairs.c.journal, pairs.c.year, func.count().desc(), pairs.c.c1, pairs.c.c2)
    )
    return [(r.journal, int(r.year), r.c1, r.c2, int(r.n)) for r in conn.execute(q)]
