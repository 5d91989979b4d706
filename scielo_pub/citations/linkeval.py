"""Real bibliographic records in, a link-matching evaluation that can fail (P/R with Wilson intervals) out.

Targets are real LILACS records (``../shared/data/lilacs``); queries are the SciELO ISIS article
records of the same issue (the ``h`` records), paired with their LILACS record by the PDF file name
both carry (``v2`` of the SciELO record, first ``v8`` of the LILACS one), never by the fields the
matcher compares. Each query is asked twice: once with its target in the index (a correct link is a
true positive, a link elsewhere a false positive, no link a false negative) and once with the
target withheld (any link is a false positive). Every target has hard negatives beside it, made
from real records by the transformations of :data:`FAMILIES`; the printed references of the real
SciELO PS articles (identifiers removed) cite none of the indexed works, so any link they get is a
false positive too. Random records fill the index to a realistic size.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from . import lexicon, synth, vocab
from .db import BiblioDB, Record, person
from .evaluate import _PARSER, _text
from .importers import records_from_lilacs
from .match import Matcher
from .parse import parse

STRIP_RE = re.compile(
    r"(?:doi|DOI|Doi)\s*:?\s*(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+"
    r"|(?:https?://)?(?:dx\.)?doi\.org/\S+|10\.\d{4,9}/\S+|PMID:?\s*\d+"
    r"|(?:Available from|Disponível em|Disponible en)\s*:?\s*<?\s*https?://\S+|https?://\S+"
)
FAMILIES = {
    "other-journal": "same authors and year, another real title in another real journal",
    "erratum": "an erratum/correction notice of the target: 'Erratum: <title>' (or Correction,"
    " Errata, Corrigendum), same authors, journal, year and volume, a later page",
    "translation": "a real title in another language (the target's own second-language title when"
    " the record has one, else a real trans-title) in another real journal, same authors and year",
    "same-title": "the target's exact title in another real journal, by other real authors, same year",
    "supplement": "the target's title and authors as a meeting abstract in a supplement of the same"
    " volume ('Suppl 1', another page), same year and journal",
    "e-location": "a real article of the same journal that is no query's target, given the "
    "target's first author, year and volume, page-less with an e-location number",
    "years-later": "the same title, authors and journal six years later, without volume or pages "
    "(a reprint cited by year only)",
}


@dataclass(frozen=True, slots=True)
class Query:
    """One reference to match: a parse-shaped dict, its form and the expected ``(db, ext_id)``."""

    ref: dict
    form: str
    expected: tuple[str, str] | None
    text: str = ""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass
class LinkReport:
    """Counts overall, per query form and per negative family (wrong links each family drew)."""

    queries: int = 0
    with_target: int = 0
    total: Counts = field(default_factory=Counts)
    forms: dict[str, Counts] = field(default_factory=dict)
    family_sizes: dict[str, int] = field(default_factory=dict)
    family_fp: Counter = field(default_factory=Counter)
    distractors: int = 0

    @property
    def precision(self) -> float:
        t = self.total
        return t.tp / (t.tp + t.fp) if t.tp + t.fp else 0.0

    @property
    def recall(self) -> float:
        return self.total.tp / self.with_target if self.with_target else 0.0

    def precision_ci(self) -> tuple[float, float]:
        return wilson(self.total.tp, self.total.tp + self.total.fp)

    def recall_ci(self) -> tuple[float, float]:
        return wilson(self.total.tp, self.with_target)

    def table(self) -> str:
        (pl, ph), (rl, rh) = self.precision_ci(), self.recall_ci()
        t = self.total
        lines = [
            f"link matching: {self.queries} queries ({self.with_target} with a target present), "
            f"{sum(self.family_sizes.values())} hard negatives, {self.distractors} random records",
            f"TP {t.tp}  FP {t.fp}  FN {t.fn}  precision {self.precision:.3f} [{pl:.3f}, {ph:.3f}]"
            f"  recall {self.recall:.3f} [{rl:.3f}, {rh:.3f}]  (Wilson 95%)",
            f"{'query form':<40} {'TP':>4} {'FP':>4} {'FN':>4}",
        ]
        lines += [f"{k:<40} {c.tp:4d} {c.fp:4d} {c.fn:4d}" for k, c in sorted(self.forms.items())]
        lines.append(f"{'negative family':<40} {'size':>5} {'wrong links':>12}")
        lines += [
            f"{k:<40} {n:5d} {self.family_fp[k]:12d}" for k, n in sorted(self.family_sizes.items())
        ]
        return "\n".join(lines)


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default); (0, 1) when ``n`` is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# -- real records ------------------------------------------------------------------------------


def _fields(rec: Any) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for tag, value in rec.fields:
        out.setdefault(int(tag), []).append(value)
    return out


def _read_iso(path: Path) -> list[dict[int, list[str]]]:
    from scielo_pub.lilacs.formats import read_records

    return [
        _fields(r) for r in read_records(path.read_bytes(), "iso", "latin-1", str(path)).records
    ]


def _sub(value: str, code: str) -> str:
    m = re.search(rf"\^{code}([^^]*)", value)
    return m.group(1).strip() if m else ""


def _body(value: str) -> str:
    return value.split("^", 1)[0].strip()


def lilacs_records(folder: Path) -> tuple[list[Record], dict[str, str]]:
    """The LILACS records and a map from each record's PDF file name to its id (``v2``)."""
    raw = _read_iso(folder / "lilacs_Sas_mioc.iso")
    by_file = {r[8][0].strip(): r[2][0].strip() for r in raw if r.get(8) and r.get(2)}
    return list(records_from_lilacs(raw)), by_file


def scielo_article_queries(folder: Path, by_file: dict[str, str]) -> list[tuple[dict, str]]:
    """The SciELO ISIS ``h`` records as parse-shaped references, each with its LILACS id."""
    out = []
    for r in _read_iso(folder / "scielo_mioc_v89n1.iso"):
        if r.get(706) != ["h"] or not r.get(2) or r[2][0].strip() not in by_file:
            continue
        pages = (r.get(14) or [""])[0]
        ref = {
            "authors": [
                {"surname": _sub(a, "s"), "given_names": _sub(a, "n")}
                for a in r.get(10, [])
                if _sub(a, "s")
            ],
            "article_title": _body((r.get(12) or [""])[0]),
            "source": (r.get(30) or [""])[0],
            "year": (r.get(65) or [""])[0][:4],
            "volume": (r.get(31) or [""])[0],
            "issue": (r.get(32) or [""])[0],
            "fpage": _sub(pages, "f"),
            "lpage": _sub(pages, "l"),
            "titles": [(_body(t), _sub(t, "l")) for t in r.get(12, [])],
        }
        out.append((ref, by_file[r[2][0].strip()]))
    return out


def article_records(paths: Iterable[Path]) -> list[Record]:
    """Records of the real SciELO PS articles (their own front matter), db ``scielo``."""
    out = []
    for path in paths:
        meta = etree.parse(str(path), _PARSER).find(".//article-meta")
        front = meta.getparent() if meta is not None else None
        title = _text(meta.find(".//article-title")) if meta is not None else ""
        if meta is None or not title:
            continue
        journal = front.find(".//journal-title") if front is not None else None
        names = [
            person(_text(n.find("surname")), _text(n.find("given-names")))
            for n in meta.iter("name")
            if n.getparent().tag == "contrib"
        ]
        year = next((_text(y) for y in meta.iter("year") if y.getparent().tag == "pub-date"), None)
        out.append(
            Record(
                db="scielo",
                ext_id=path.stem,
                title=title,
                source=_text(journal) or None,
                year=year,
                volume=_text(meta.find("volume")) or None,
                issue=_text(meta.find("issue")) or None,
                fpage=_text(meta.find("fpage")) or _text(meta.find("elocation-id")) or None,
                lpage=_text(meta.find("lpage")) or None,
                authors=tuple(names[:10]),
            )  # fmt: skip
        )
    return out


def printed_reference_queries(paths: Iterable[Path]) -> list[Query]:
    """The printed references of the real articles, DOIs/PMIDs/URLs removed; none cites an indexed work."""
    out = []
    for path in paths:
        for ref in etree.parse(str(path), _PARSER).iter("ref"):
            mixed = ref.find("mixed-citation")
            text = STRIP_RE.sub("", _text(mixed)).strip() if mixed is not None else ""
            if text:
                out.append(Query(parse(text), "printed reference (no target)", None, text))
    return out


def vancouver(ref: dict) -> str:
    """A SciELO ISIS record printed as a Vancouver reference (journal abbreviated ISO 4 / NLM)."""
    names = ", ".join(
        f"{a['surname']} {''.join(w[0] for w in a['given_names'].split() if w[:1].isalpha())}"
        for a in ref["authors"][:6]
    ) + (", et al" if len(ref["authors"]) > 6 else "")
    pages = ref["fpage"] + (f"-{ref['lpage']}" if ref["lpage"] else "")
    journal = lexicon.abbreviate(ref["source"])
    return f"{names}. {ref['article_title']}. {journal}. {ref['year']};{ref['volume']}({ref['issue']}):{pages}."


# -- hard negatives ---------------------------------------------------------------------------


def translated_titles(paths: Iterable[Path]) -> list[str]:
    """The ``trans-title`` texts of the real articles (real titles in a second language)."""
    return [
        _text(t)
        for p in paths
        for t in etree.parse(str(p), _PARSER).iter("trans-title")
        if _text(t)
    ]


def hard_negatives(
    target: Record,
    ref: dict,
    donors: list[Record],
    translations: list[str],
    rng: random.Random,
) -> Iterator[tuple[str, Record]]:
    """``(family, record)`` look-alikes of ``target`` built from real ``donors`` (see FAMILIES).

    ``donors`` are real records that are no query's target: the LILACS records of the other issue
    and the real SciELO PS articles."""
    donor = rng.choice([d for d in donors if d.source and d.source != target.source])
    inner = rng.choice([d for d in donors if d.source == target.source] or [donor])
    key = target.ext_id
    last = int(target.lpage) if (target.lpage or "").isdigit() else 100

    def make(family: str, **kw: Any) -> tuple[str, Record]:
        return family, replace(target, ext_id=f"{key}#{family}", doi=None, url=None, **kw)

    moved = {"source": donor.source, "volume": donor.volume, "issue": donor.issue,
             "fpage": donor.fpage, "lpage": donor.lpage}  # fmt: skip
    yield make("other-journal", title=donor.title, **moved)
    notice = rng.choice(("Erratum: ", "Correction: ", "Errata: ", "Corrigendum: "))
    yield make("erratum", title=notice + (target.title or ""), fpage=str(last + rng.randint(20, 200)),
               lpage=None)  # fmt: skip
    own = next((t for t, lang in ref.get("titles", [])[1:] if t and lang), None)
    yield make("translation", title=own or rng.choice(translations), **moved)
    yield make("same-title", authors=donor.authors or (("Souza", "A"),), **moved)
    yield make("supplement", issue="Suppl 1", fpage=str(rng.randint(1, 300)), lpage=None)
    yield make("e-location", title=inner.title, authors=target.authors[:1] + inner.authors[1:],
               fpage=f"e{rng.randint(10000, 99999)}", lpage=None)  # fmt: skip
    year = int(target.year) if (target.year or "").isdigit() else 2000
    yield make("years-later", year=str(year + 6), volume=None, issue=None, fpage=None, lpage=None)


# -- the evaluation ---------------------------------------------------------------------------


@dataclass
class Benchmark:
    targets: list[Record]
    queries: list[Query]
    negatives: list[tuple[str, Record]]
    articles: list[Record]


def build(shared_data: Path, seed: int = 5) -> Benchmark:
    """Targets, queries (structured and printed, plus real references) and hard negatives."""
    folder = shared_data / "lilacs"
    targets, by_file = lilacs_records(folder)
    paths = sorted((shared_data / "xml").glob("*.xml"))
    articles = article_records(paths)
    by_id = {t.ext_id: t for t in targets}
    rng = random.Random(seed)
    queries: list[Query] = []
    negatives: list[tuple[str, Record]] = []
    pairs = scielo_article_queries(folder, by_file)
    queried = {lilacs_id for _, lilacs_id in pairs}
    donors = [t for t in targets if t.ext_id not in queried] + articles
    translations = translated_titles(paths)
    for ref, lilacs_id in pairs:
        expected = ("lilacs", lilacs_id)
        queries.append(Query(ref, "SciELO record (fields)", expected))
        text = vancouver(ref)
        queries.append(Query(parse(text), "SciELO record (printed)", expected, text))
        negatives += hard_negatives(by_id[lilacs_id], ref, donors, translations, rng)
    queries += printed_reference_queries(paths)
    return Benchmark(targets, queries, negatives, articles)


@lru_cache(maxsize=4)
def random_journals(seed: int) -> tuple[tuple[str, str], ...]:
    """120 invented ``(full title, abbreviation)`` journals (40 per language)."""
    rng = random.Random(seed)
    return tuple(synth._random_journal(rng, lang) for lang in ("en", "pt", "es") for _ in range(40))


def random_records(count: int, seed: int = 11) -> Iterator[Record]:
    """``count`` invented journal-article records (fast; used for distractors and benchmarks)."""
    rng = random.Random(seed)
    journals = random_journals(seed)
    surnames = [s for group in lexicon.surnames_by_locale().values() for s in group]
    given = [s for group in lexicon.given_by_locale().values() for s in group]
    words = {lang: vocab.GENERIC[lang].split() for lang in vocab.GENERIC}
    for i in range(count):
        lang = rng.choice(("en", "pt", "es"))
        title = " ".join(rng.choices(words[lang], k=rng.randint(5, 14))).capitalize()
        full, abbr = journals[i % len(journals)]
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


def _surname(rng: random.Random, common: list[str]) -> str:
    """A surname: real ones for most authors, a long tail of invented ones for the rest."""
    if rng.random() < 0.55:
        return rng.choice(common)
    word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
    return word.capitalize() + rng.choice(("", "", "s", "r", "z", "n", "ra", "es", "ski"))


def load(db: BiblioDB, bench: Benchmark, with_targets: bool, distractors: int) -> None:
    """Hard negatives, the real articles, random records and (``with_targets``) the targets."""
    if with_targets:
        db.upsert(bench.targets)
    else:  # the LILACS records that are no query's target stay (the other issue)
        expected = {q.expected[1] for q in bench.queries if q.expected}
        db.upsert([t for t in bench.targets if t.ext_id not in expected])
    db.upsert([r for _, r in bench.negatives])
    db.upsert(bench.articles)
    db.upsert(random_records(distractors))


def evaluate(
    bench: Benchmark,
    distractors: int = 10_000,
    matcher: Callable[[BiblioDB], Matcher] = Matcher,
) -> tuple[LinkReport, list[str]]:
    """Run every query with its target present and withheld; count links per form and family."""
    family_of = {r.ext_id: fam for fam, r in bench.negatives}
    report = LinkReport(distractors=distractors)
    report.family_sizes = dict(Counter(fam for fam, _ in bench.negatives))
    errors: list[str] = []
    for present in (True, False):
        with BiblioDB() as db:
            load(db, bench, present, distractors)
            m = matcher(db)
            for q in bench.queries:
                if not present and not q.expected:
                    continue  # queries without a target run once
                expected = q.expected if present else None
                form = q.form + ("" if present or not q.expected else ", target withheld")
                _count(report, form, expected, m.match(q.ref), family_of, errors, q)
    return report, errors


def _count(
    report: LinkReport,
    form: str,
    expected: tuple[str, str] | None,
    result: Any,
    family_of: dict[str, str],
    errors: list[str],
    q: Query,
) -> None:
    c = report.forms.setdefault(form, Counts())
    report.queries += 1
    report.with_target += 1 if expected else 0
    links = [(cand.record.db, cand.record.ext_id, cand) for cand in result.accepted.values()]
    hit = any((db, ext) == expected for db, ext, _ in links)
    for db, ext, cand in links:
        if (db, ext) == expected:
            continue
        c.fp += 1
        report.total.fp += 1
        report.family_fp[family_of.get(ext, "real record" if db != "crossref" else "random")] += 1
        errors.append(
            f"FP [{form}] {q.text or q.ref.get('article_title')}\n    -> {cand.explain()}"
        )
    if expected and hit:
        c.tp += 1
        report.total.tp += 1
    elif expected:
        c.fn += 1
        report.total.fn += 1
        errors.append(
            f"FN [{form}] {q.text or q.ref.get('article_title')}\n    "
            + "\n    ".join(result.explain()[:3])
        )
