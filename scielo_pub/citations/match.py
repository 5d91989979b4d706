"""A cited reference in, scored and explained candidate records of the local index out.

Blocking: DOI and PMID exact; normalised source + year + volume + first page; first-author
surname + year (±1); FTS5 title words only when those find nothing. Scoring: a weighted mean over
the evidence both sides have (title similarity with rapidfuzz, first author, source, year, volume,
pages), accepted at ``threshold``. Three vetoes keep look-alikes out: a record that is a correction
notice (``Erratum: ...``) for a reference that is not, years two or more apart, and a supplement
issue against a regular one. Every candidate keeps the reasons for its score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from .db import BiblioDB, Record
from .normalise import (
    abbreviation_of,
    expand_pages,
    fold,
    journal_key,
    name_key,
    normalise_doi,
    split_authors,
    year_of,
)

WEIGHTS = {"title": 0.35, "author": 0.15, "source": 0.1, "year": 0.15, "volume": 0.1, "pages": 0.15}
MIN_EVIDENCE = 0.5
NOTICE_RE = re.compile(
    r"^(?:erratum|errata|correction|corrigendum|retraction|retraction note|fe de erratas|"
    r"errata|correcao|correccion|retratacao)\b"
)
SUPPL_RE = re.compile(r"(?i)\b(?:suppl?|supl|supplement|suplemento)\b")
STOP = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "on",
        "for",
        "a",
        "an",
        "to",
        "with",
        "from",
        "by",
        "at",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "e",
        "em",
        "na",
        "no",
        "para",
        "por",
        "com",
        "um",
        "uma",
        "la",
        "el",
        "los",
        "las",
        "y",
        "en",
        "del",
        "con",
        "una",
    ]
)


@dataclass(frozen=True, slots=True)
class Query:
    """The parts of a reference the matcher uses, normalised once."""

    ref_id: str | None
    doi: str | None
    pmid: str | None
    title: str
    source_key: str
    year: str | None
    volume: str | None
    fpage: str | None
    first_author: str
    issue: str | None = None

    @classmethod
    def of(cls, ref: Any) -> Query:
        get = ref.get if isinstance(ref, Mapping) else lambda k: getattr(ref, k, None)
        authors = get("authors") or []
        first = ""
        if authors:
            a = authors[0]
            first = name_key(a) if isinstance(a, Mapping) else fold(a.surname or a.collab or "")
        fpage, _ = expand_pages(get("fpage") or get("elocation_id"), get("lpage"))
        title = get("article_title") or get("chapter_title") or ""
        return cls(
            ref_id=get("id"), doi=normalise_doi(get("doi")), pmid=(get("pmid") or None),
            title=fold(title), source_key=journal_key(get("source")), year=year_of(get("year") or ""),
            volume=fold(get("volume") or "") or None, fpage=fold(fpage or "") or None, first_author=first,
            issue=get("issue") or None,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """One scored record with the reasons for its score."""

    record: Record
    score: float
    accepted: bool
    block: str
    reasons: tuple[str, ...]

    def explain(self) -> str:
        verdict = "accepted" if self.accepted else "rejected"
        return (
            f"{verdict} {self.record.db}:{self.record.ext_id} score={self.score:.3f} via {self.block}: "
            + "; ".join(self.reasons)
        )


#: The blocks in the order they run; a candidate is labelled with the first that found it.
BLOCKS = ("doi", "pmid", "source+year+volume+page", "author+year", "title words")
#: Records of the author+year block kept as candidates (the most alike by title), and how many
#: more of its ranking a ``Trace`` keeps, so a later change can be re-scored without a look-up.
AY_KEEP = 4
AY_RESERVE = 4


@dataclass(frozen=True, slots=True)
class Trace:
    """What one match found, kept with its cached result so the reference can be re-scored
    against changed records alone (``rescore``): the rows each block's query returned (-1: not
    run), the author+year block's ranking by title (``(row id, similarity)``, best first, the
    first ``AY_KEEP + AY_RESERVE``; ``complete`` when it lists every record at the cutoff or
    above) and every candidate in the order found (``(row id, block number, score, accepted)``)."""

    sizes: tuple[int, ...] = (-1, -1, -1, -1, -1)
    ranked: tuple[tuple[int, float], ...] = ()
    complete: bool = True
    candidates: tuple[tuple[int, int, float, bool], ...] = ()

    def dumps(self) -> str:
        found = [[i, b, s, int(a)] for i, b, s, a in self.candidates]
        data = [self.sizes, self.ranked, int(self.complete), found]
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def loads(cls, text: str | None) -> Trace | None:
        if not text:
            return None
        sizes, ranked, complete, found = json.loads(text)  # accepted stays 0 or 1
        return cls(
            tuple(sizes), tuple(map(tuple, ranked)), bool(complete), tuple(map(tuple, found))
        )


@dataclass(frozen=True, slots=True)
class MatchResult:
    """All candidates of one reference and the accepted best one per database."""

    query: Query
    candidates: tuple[Candidate, ...] = ()
    accepted: dict[str, Candidate] = field(default_factory=dict)
    #: What the blocks found (None when a record came without its row id).
    trace: Trace | None = None

    def explain(self) -> list[str]:
        return [c.explain() for c in self.candidates] or ["no candidate found by any blocking key"]


def best_per_db(found: list[tuple[str, float, bool]]) -> dict[str, int]:
    """Which of the candidates ``found`` (``(database, score, accepted)``, in the order found) is
    each database's accepted best: the highest score, ties to the first found; best first."""
    best: dict[str, int] = {}
    for n in sorted(range(len(found)), key=lambda n: -found[n][1]):
        db, _score, accepted = found[n]
        if accepted and db not in best:
            best[db] = n
    return best


def years_of(q: Query) -> tuple[str, ...]:
    """The years the author+year block asks for: the reference's and one either side."""
    y = int(q.year or 0)
    return (q.year or "", str(y - 1), str(y + 1))


def source_block(q: Query) -> bool:
    """Whether the journal + year + volume + first page block runs for ``q``."""
    return bool(q.source_key and q.year and q.volume and q.fpage)


class Matcher:
    """Matches references against a :class:`BiblioDB`."""

    def __init__(self, db: BiblioDB, threshold: float = 0.8) -> None:
        self.db = db
        self.threshold = threshold

    def match(self, ref: Any) -> MatchResult:
        """Blocks run in order; the costly ones (author+year, title words) only while nothing
        has been accepted, so a DOI or a full journal key settles a reference cheaply; title
        words only when there is no author and year to block on and nothing was found."""
        q = ref if isinstance(ref, Query) else Query.of(ref)
        seen: dict[tuple[str, str], tuple[Candidate, int]] = {}
        sizes = [-1] * len(BLOCKS)
        ranked: list[tuple[int, float]] = []

        def add(block: int, found: list[Record], rows: int | None = None) -> None:
            sizes[block] = len(found) if rows is None else rows
            for rec in found:
                if (rec.db, rec.ext_id) not in seen:
                    seen[(rec.db, rec.ext_id)] = (self._score(q, rec, BLOCKS[block]), block)

        if q.doi:
            add(0, self.db.by_doi(q.doi))
        if q.pmid:
            add(1, self.db.by_pmid(q.pmid))
        if source_block(q):
            add(2, self.db.by_source(q.source_key, q.year, q.volume, q.fpage))  # type: ignore[arg-type]
        if not any(c.accepted for c, _ in seen.values()):
            if q.first_author and q.year:
                if q.title:
                    found, ranked, rows = self.db.author_year_ranked(
                        q.first_author, years_of(q), q.title, AY_KEEP, AY_RESERVE
                    )
                    add(3, found, rows)
                else:
                    add(3, self.db.author_year_block(q.first_author, years_of(q)))
            elif not seen and q.title:
                add(4, self.db.by_title_words(title_words(q.title)[:4], q.title))
        found = [c for c, _ in seen.values()]
        best = best_per_db([(c.record.db, c.score, c.accepted) for c in found])
        trace = None
        if all(c.record.rowid is not None for c in found):
            noted = tuple((c.record.rowid, b, c.score, c.accepted) for c, b in seen.values())
            complete = len(ranked) < AY_KEEP + AY_RESERVE
            trace = Trace(tuple(sizes), tuple(ranked), complete, noted)  # type: ignore[arg-type]
        scored = tuple(sorted(found, key=lambda c: -c.score))
        return MatchResult(q, scored, {db: found[n] for db, n in best.items()}, trace)

    def _score(self, q: Query, rec: Record, block: str, keys: Keys | None = None) -> Candidate:
        """``rec`` scored against ``q`` (``keys``: its fields normalised, when known)."""
        if block in ("doi", "pmid"):
            return self._identifier(q, rec, block)
        parts = _components(q, rec, keys)
        evidence = sum(WEIGHTS[k] for k in parts)
        score = sum(WEIGHTS[k] * v for k, (v, _) in parts.items()) / evidence if evidence else 0.0
        reasons = [why for _, why in parts.values()]
        if evidence < MIN_EVIDENCE:
            reasons.append(f"too little evidence ({evidence:.2f} < {MIN_EVIDENCE})")
            score *= evidence / MIN_EVIDENCE
        vetoes = _vetoes(q, rec)
        if vetoes:
            reasons += vetoes
            score = min(score, self.threshold - 0.01)
        elif "title" not in parts:
            # without a title only a full key (author, source, year, volume, page) all agreeing counts
            strong = evidence >= 0.65 and score >= 0.95
            reasons.append("no title to compare" + ("; full key agrees" if strong else ""))
            score = score if strong else min(score, self.threshold - 0.01)
        accepted = score >= self.threshold
        reasons.append(f"{'≥' if accepted else '<'} threshold {self.threshold}")
        return Candidate(rec, round(score, 4), accepted, block, tuple(reasons))

    def _identifier(self, q: Query, rec: Record, block: str) -> Candidate:
        parts = _components(q, rec)
        limits = {"title": 0.5, "year": 0.1}
        conflict = [why for k, (v, why) in parts.items() if k in limits and v < limits[k]]
        if len(conflict) == 2:
            reasons = (
                f"{block} equal",
                *conflict,
                "rejected: identifier shared but title and year disagree",
            )
            return Candidate(rec, 0.5, False, block, reasons)
        return Candidate(
            rec, 1.0, True, block, (f"{block} equal", *(why for _, why in parts.values()))
        )


def _vetoes(q: Query, rec: Record) -> list[str]:
    """Reasons that make ``rec`` another work whatever the rest of the evidence says."""
    out = []
    rec_title = rec.title_key or fold(rec.title or "")
    if NOTICE_RE.match(rec_title) and not NOTICE_RE.match(q.title):
        out.append("record is a correction notice, the reference is not")
    if q.year and (rec.year or "").isdigit() and abs(int(q.year) - int(rec.year or 0)) >= 2:
        out.append("years two or more apart")
    if q.issue and rec.issue and bool(SUPPL_RE.search(q.issue)) != bool(SUPPL_RE.search(rec.issue)):
        out.append("supplement against a regular issue")
    return out


@dataclass(frozen=True, slots=True)
class Keys:
    """A record's fields as scoring compares them, normalised once (re-scoring compares one
    changed record with many references): folded title, first author, volume and first page,
    and the journal key."""

    title: str
    author: str
    source: str
    volume: str
    fpage: str

    @classmethod
    def of(cls, rec: Record) -> Keys:
        return cls(
            rec.title_key or fold(rec.title) if rec.title else "",
            fold(rec.authors[0][0]) if rec.authors else "",
            journal_key(rec.source) if rec.source else "",
            fold(rec.volume) if rec.volume else "",
            fold(rec.fpage) if rec.fpage else "",
        )


@lru_cache(maxsize=4096)
def _same_journal(key: str, other: str) -> float:
    """Source similarity of two journal keys: 1 when equal or one abbreviates the other."""
    if key == other or abbreviation_of(other, key) or abbreviation_of(key, other):
        return 1.0
    return fuzz.token_set_ratio(key, other) / 100


def _components(q: Query, rec: Record, keys: Keys | None = None) -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    k = keys or Keys.of(rec)
    if q.title and rec.title:
        sim = fuzz.token_sort_ratio(q.title, k.title) / 100
        part = (
            fuzz.partial_ratio(q.title, k.title) / 100
            if min(len(q.title), len(rec.title)) > 20
            else 0
        )
        best = max(sim, part * 0.95)
        out["title"] = (best, f"title similarity {best:.2f}")
    if q.first_author and rec.authors:
        sim = fuzz.ratio(q.first_author, k.author) / 100
        out["author"] = (sim, f"first author {sim:.2f}")
    if q.source_key and rec.source:
        sim = _same_journal(k.source, q.source_key)
        out["source"] = (sim, f"source {sim:.2f}")
    if q.year and rec.year:
        diff = abs(int(q.year) - int(rec.year)) if rec.year.isdigit() else 99
        out["year"] = (
            {0: 1.0, 1: 0.5}.get(diff, 0.0),
            f"year {'equal' if not diff else f'differs by {diff}'}",
        )
    if q.volume and rec.volume:
        same = q.volume == k.volume
        out["volume"] = (1.0 if same else 0.0, f"volume {'equal' if same else 'differs'}")
    if q.fpage and rec.fpage:
        same = q.fpage == k.fpage
        out["pages"] = (1.0 if same else 0.0, f"first page {'equal' if same else 'differs'}")
    return out


def query_from_string(text: str) -> Query:
    """Parse a printed reference and build its query (convenience for the CLI)."""
    from .parse import parse

    return Query.of(parse(text))


def authors_key(text: str) -> str:
    """The folded first-author surname of a printed author list."""
    people = split_authors(text)
    return name_key(people[0]) if people else ""


_WORD = re.compile(r"\w+")


def title_words(title: str) -> list[str]:
    """The words of a folded title the title-word block may ask for, longest first, then in
    alphabetical order (it asks for the first four)."""
    return sorted(
        {w for w in title.split() if w not in STOP and len(w) > 3}, key=lambda w: (-len(w), w)
    )
