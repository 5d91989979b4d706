"""Labelled SciELO references in, a link-matching benchmark (targets, distractors, P/R) out.

Targets are the works that references with a DOI point to, built from their ``element-citation``;
queries are the printed ``mixed-citation`` strings with every DOI, PMID and URL removed, so the
matcher has to find the work from the parsed fields. Distractors are generated records: random ones
and near misses of each target (same first author and year, same journal issue, same title years
later). References without a DOI are queries too; linking them to anything is a false positive
unless their gold fields name a target work.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import synth, vocab
from .db import BiblioDB, Record, person
from .evaluate import _PARSER, _text, jats_gold
from .match import Matcher
from .normalise import fold
from .parse import parse

STRIP_RE = re.compile(
    r"(?:doi|DOI|Doi)\s*:?\s*(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+"
    r"|(?:https?://)?(?:dx\.)?doi\.org/\S+|10\.\d{4,9}/\S+|PMID:?\s*\d+"
    r"|(?:Available from|Disponível em|Disponible en)\s*:?\s*<?\s*https?://\S+|https?://\S+"
)


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    expected: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class LinkReport:
    queries: int
    with_target: int
    tp: int
    fp: int
    fn: int
    distractors: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.with_target if self.with_target else 0.0

    def table(self) -> str:
        return (
            f"link matching: {self.queries} queries ({self.with_target} with a target), "
            f"{self.distractors} distractors\n"
            f"TP {self.tp}  FP {self.fp}  FN {self.fn}  precision {self.precision:.3f}  recall {self.recall:.3f}"
        )


def _target(elem: etree._Element, gold: dict) -> Record:
    names = [
        person(_text(n.find("surname")), _text(n.find("given-names"))) for n in elem.iter("name")
    ]
    title = gold["title"] or gold["source"]
    return Record(
        db="crossref", ext_id=str(gold["doi"]), doi=str(gold["doi"]), title=title,
        source=gold["source"] if gold["title"] else None, year=gold["year"], volume=gold["volume"],
        issue=gold["issue"], fpage=gold["fpage"], lpage=gold["lpage"], authors=tuple(names[:10]),
    )  # fmt: skip


def build(paths: Iterable[Path]) -> tuple[list[Record], list[Query]]:
    """Targets (one per DOI) and queries (every printed reference, identifiers removed)."""
    targets: dict[str, Record] = {}
    pending: list[tuple[str, dict]] = []
    for path in paths:
        for ref in etree.parse(str(path), _PARSER).iter("ref"):
            mixed, elem = ref.find("mixed-citation"), ref.find("element-citation")
            if mixed is None or elem is None or not _text(mixed):
                continue
            gold = jats_gold(elem)
            if gold["doi"]:
                targets.setdefault(str(gold["doi"]), _target(elem, gold))
            pending.append((STRIP_RE.sub("", _text(mixed)).strip(), gold))
    by_title = {(fold(t.title or ""), t.year): t for t in targets.values()}
    queries = []
    for text, gold in pending:
        if gold["doi"]:
            expected: tuple[str, str] | None = ("crossref", str(gold["doi"]))
        else:
            hit = by_title.get((fold(str(gold["title"] or gold["source"] or "")), gold["year"]))
            expected = ("crossref", hit.ext_id) if hit else None
        queries.append(Query(text, expected))
    return list(targets.values()), queries


def near_misses(target: Record, rng: random.Random) -> Iterator[Record]:
    """Records that share blocking keys with ``target`` but are other works."""
    other = synth._title(rng, "en", vocab.TITLE_PATTERNS)
    base = dict(db="crossref", source=target.source, volume=target.volume, issue=target.issue)
    key = target.ext_id
    yield Record(ext_id=f"{key}#author-year", title=other, year=target.year, authors=target.authors[:1]
                 + (("Other", "X"),), fpage=str(rng.randint(1, 999)), **{**base, "volume": "999"})  # fmt: skip
    if target.fpage and target.fpage.isdigit():
        yield Record(ext_id=f"{key}#next-article", title=synth._title(rng, "pt", vocab.TITLE_PATTERNS),
                     year=target.year, fpage=str(int(target.fpage) + 11), authors=(("Somebody", "S"),), **base)  # fmt: skip
    if target.year and target.year.isdigit():
        yield Record(db="crossref", ext_id=f"{key}#years-later", title=target.title, year=str(int(target.year) + 6),
                     authors=(("Another", "A"),), source="Other Journal", volume="1", fpage="1")  # fmt: skip


def random_records(count: int, seed: int = 11) -> Iterator[Record]:
    """``count`` invented journal-article records (fast; used for distractors and benchmarks)."""
    rng = random.Random(seed)
    journals = vocab.JOURNALS
    surnames, given = vocab.SURNAMES, vocab.GIVEN
    words = {lang: vocab.GENERIC[lang].split() for lang in vocab.GENERIC}
    for i in range(count):
        lang = rng.choice(("en", "pt", "es"))
        title = " ".join(rng.choices(words[lang], k=rng.randint(5, 14))).capitalize()
        full, abbr, _ = journals[i % len(journals)]
        year = rng.randint(1960, 2025)
        fpage = rng.randint(1, 2000)
        authors = tuple(
            (_surname(rng, surnames), rng.choice(given)[0]) for _ in range(rng.randint(1, 4))
        )
        yield Record(
            db="crossref", ext_id=f"10.9999/synthetic.{seed}.{i}", doi=f"10.9999/synthetic.{seed}.{i}",
            title=title, source=abbr if rng.random() < 0.7 else full, year=str(year),
            volume=str(rng.randint(1, 120)), issue=str(rng.randint(1, 12)), fpage=str(fpage),
            lpage=str(fpage + rng.randint(1, 30)), authors=authors,
        )  # fmt: skip


SYLLABLES = [c + v for c in "bcdfglmnprstvz" for v in "aeiou"]


def _surname(rng: random.Random, common: tuple[str, ...] | list[str]) -> str:
    """A surname: common ones for most authors, a long tail of invented ones for the rest."""
    if rng.random() < 0.55:
        return rng.choice(common)
    word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
    return word.capitalize() + rng.choice(("", "", "s", "r", "z", "n", "ra", "es", "ski"))


def load(db: BiblioDB, targets: list[Record], distractors: int, seed: int = 5) -> int:
    """Targets, their near misses and ``distractors`` random records into ``db``; returns the distractor count."""
    rng = random.Random(seed)
    near = [r for t in targets for r in near_misses(t, rng)]
    db.upsert(targets)
    db.upsert(near)
    db.upsert(random_records(distractors, seed))
    return len(near) + distractors


def evaluate(
    db: BiblioDB, queries: list[Query], distractors: int, threshold: float = 0.8
) -> tuple[LinkReport, list[str]]:
    """Match every query; count correct, wrong and missing links."""
    matcher = Matcher(db, threshold)
    tp = fp = fn = 0
    errors: list[str] = []
    for q in queries:
        result = matcher.match(parse(q.text))
        got = result.accepted.get("crossref")
        key = (got.record.db, got.record.ext_id) if got else None
        if q.expected and key == q.expected:
            tp += 1
            continue
        if key:
            fp += 1
            errors.append(f"FP {q.text}\n    -> {got.explain()}")  # type: ignore[union-attr]
        if q.expected:
            fn += 1
            errors.append(f"FN {q.text}\n    " + "\n    ".join(result.explain()[:3]))
    with_target = sum(1 for q in queries if q.expected)
    return LinkReport(len(queries), with_target, tp, fp, fn, distractors), errors
