"""A cited reference in, scored and explained candidate records of the local index out.

Blocking: DOI and PMID exact; normalised source + year + volume + first page; first-author
surname + year (±1); FTS5 title words only when those find nothing. Scoring: a weighted mean over
the evidence both sides have (title similarity with rapidfuzz, first author, source, year, volume,
pages), accepted at ``threshold``. Three vetoes keep look-alikes out: a record that is a correction
notice (``Erratum: ...``) for a reference that is not, years two or more apart, and a supplement
issue against a regular one. Every candidate keeps the reasons for its score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class MatchResult:
    """All candidates of one reference and the accepted best one per database."""

    query: Query
    candidates: tuple[Candidate, ...] = ()
    accepted: dict[str, Candidate] = field(default_factory=dict)

    def explain(self) -> list[str]:
        return [c.explain() for c in self.candidates] or ["no candidate found by any blocking key"]


class Matcher:
    """Matches references against a :class:`BiblioDB`."""

    def __init__(self, db: BiblioDB, threshold: float = 0.8) -> None:
        self.db = db
        self.threshold = threshold

    def match(self, ref: Any) -> MatchResult:
        """Blocks run in order; the costly ones (author+year, title words) only while nothing
        has been accepted, so a DOI or a full journal key settles a reference cheaply."""
        q = ref if isinstance(ref, Query) else Query.of(ref)
        seen: dict[tuple[str, str], Candidate] = {}
        for stage in (self._by_ids, self._by_source, self._by_author_year, self._by_title):
            if stage in (self._by_author_year, self._by_title) and any(
                c.accepted for c in seen.values()
            ):
                break
            if stage == self._by_title and (seen or (q.first_author and q.year)):
                break  # title words alone only when there is no author+year to block on
            for rec, block in stage(q):
                key = (rec.db, rec.ext_id)
                if key not in seen:
                    seen[key] = self._score(q, rec, block)
        scored = sorted(seen.values(), key=lambda c: -c.score)
        best: dict[str, Candidate] = {}
        for cand in scored:
            if cand.accepted and cand.record.db not in best:
                best[cand.record.db] = cand
        return MatchResult(q, tuple(scored), best)

    def _by_ids(self, q: Query) -> list[tuple[Record, str]]:
        found = [(r, "doi") for r in self.db.by_doi(q.doi)] if q.doi else []
        return found + ([(r, "pmid") for r in self.db.by_pmid(q.pmid)] if q.pmid else [])

    def _by_source(self, q: Query) -> list[tuple[Record, str]]:
        if not (q.source_key and q.year and q.volume and q.fpage):
            return []
        records = self.db.by_source(q.source_key, q.year, q.volume, q.fpage)
        return [(r, "source+year+volume+page") for r in records]

    def _by_author_year(self, q: Query) -> list[tuple[Record, str]]:
        if not (q.first_author and q.year):
            return []
        y = int(q.year)
        years = (q.year, str(y - 1), str(y + 1))
        records = self.db.by_author_year(q.first_author, years, title=q.title or None)
        return [(r, "author+year") for r in records]

    def _by_title(self, q: Query) -> list[tuple[Record, str]]:
        if not q.title:
            return []
        words = title_words(q.title)
        return [(r, "title words") for r in self.db.by_title_words(words[:4], q.title)]

    def _score(self, q: Query, rec: Record, block: str) -> Candidate:
        if block in ("doi", "pmid"):
            return self._identifier(q, rec, block)
        parts = _components(q, rec)
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


def _components(q: Query, rec: Record) -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    if q.title and rec.title:
        rec_title = rec.title_key or fold(rec.title)
        sim = fuzz.token_sort_ratio(q.title, rec_title) / 100
        part = (
            fuzz.partial_ratio(q.title, rec_title) / 100
            if min(len(q.title), len(rec.title)) > 20
            else 0
        )
        best = max(sim, part * 0.95)
        out["title"] = (best, f"title similarity {best:.2f}")
    if q.first_author and rec.authors:
        sim = fuzz.ratio(q.first_author, fold(rec.authors[0][0])) / 100
        out["author"] = (sim, f"first author {sim:.2f}")
    if q.source_key and rec.source:
        key = journal_key(rec.source)
        if (
            key == q.source_key
            or abbreviation_of(q.source_key, key)
            or abbreviation_of(key, q.source_key)
        ):
            sim = 1.0
        else:
            sim = fuzz.token_set_ratio(key, q.source_key) / 100
        out["source"] = (sim, f"source {sim:.2f}")
    if q.year and rec.year:
        diff = abs(int(q.year) - int(rec.year)) if rec.year.isdigit() else 99
        out["year"] = (
            {0: 1.0, 1: 0.5}.get(diff, 0.0),
            f"year {'equal' if not diff else f'differs by {diff}'}",
        )
    if q.volume and rec.volume:
        same = q.volume == fold(rec.volume)
        out["volume"] = (1.0 if same else 0.0, f"volume {'equal' if same else 'differs'}")
    if q.fpage and rec.fpage:
        same = q.fpage == fold(rec.fpage)
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
