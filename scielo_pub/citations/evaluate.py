"""Labelled reference files in, field-level precision/recall/F1 of the string parser out.

Readers: SciELO PS/JATS articles (printed ``mixed-citation`` against its ``element-citation``),
AnyStyle XML datasets and ParsCit/CORA tagged lines. ``score`` compares the parser's fields with the
gold ones after folding (case, accents, punctuation); ``Report.table`` prints the numbers.
``split_of`` assigns each SciELO article, by a fixed rule on its file name, to the development set
(the parser may be tuned on it) or the held-back test set (never looked at while tuning).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .normalise import (
    ETAL_RE,
    clean_span,
    expand_pages,
    fold,
    name_key,
    normalise_doi,
    number_of,
    split_pages,
    year_of,
)
from .parse import parse, spans

Gold = dict[str, object]
JATS_FIELDS = (
    "authors",
    "title",
    "source",
    "year",
    "volume",
    "issue",
    "fpage",
    "lpage",
    "doi",
    "pmid",
    "url",
    "edition",
    "publisher",
    "location",
    "type",
)
SPAN_FIELDS = (
    "authors",
    "title",
    "source",
    "year",
    "volume",
    "fpage",
    "publisher",
    "location",
    "doi",
    "url",
    "edition",
)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Per-field counts and their micro average over one dataset."""

    name: str
    references: int = 0
    fields: dict[str, Counts] = field(default_factory=dict)
    errors: list[tuple[str, str, object, object]] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.fields.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    def table(self) -> str:
        lines = [
            f"{self.name}: {self.references} references",
            f"{'field':<11} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}",
        ]
        for name, c in sorted(self.fields.items()):
            lines.append(
                f"{name:<11} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp + c.fn:6d}"
            )
        m = self.micro
        lines.append(
            f"{'MICRO':<11} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp + m.fn:6d}"
        )
        return "\n".join(lines)


def _same(name: str, gold: object, pred: object) -> bool:
    if name == "authors":
        return list(gold) == list(pred)  # type: ignore[call-overload]
    if name in ("volume", "issue"):
        return _num_key(str(gold)) == _num_key(str(pred))
    return fold(str(gold)) == fold(str(pred))


def _num_key(text: str) -> str:
    return fold(re.sub(r"(?i)\b(?:suppl(?:ement)?|supl(?:emento)?)\b\.?", "", text))


def score(
    name: str,
    pairs: Iterable[tuple[str, Gold]],
    convert: Callable[[str], Gold],
    fields: tuple[str, ...],
) -> Report:
    """Parse every string, compare with its gold fields and count TP/FP/FN per field."""
    report = Report(name, fields={f: Counts() for f in fields})
    for text, gold in pairs:
        report.references += 1
        pred = convert(text)
        for f in fields:
            g, p = gold.get(f), pred.get(f)
            c = report.fields[f]
            if g and p and _same(f, g, p):
                c.tp += 1
                continue
            if g:
                c.fn += 1
            if p:
                c.fp += 1
            if g or p:
                report.errors.append((f, text, g, p))
    return report


# -- SciELO JATS -----------------------------------------------------------------------------

TEST_MODULUS = 3


def split_of(path: Path) -> str:
    """``"test"`` when the SHA-256 of the article's file name is divisible by 3, else ``"dev"``.

    The rule holds back whole articles (a reference list shares one style), does not depend on the
    content, and is fixed: the same file always lands in the same set.
    """
    digest = int(hashlib.sha256(Path(path).name.encode("utf-8")).hexdigest(), 16)
    return "test" if digest % TEST_MODULUS == 0 else "dev"


_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def _text(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def jats_pairs(paths: Iterable[Path]) -> Iterator[tuple[str, Gold]]:
    """``(mixed-citation text, gold fields from element-citation)`` for every ref that has both."""
    for path in paths:
        tree = etree.parse(str(path), _PARSER)
        for ref in tree.iter("ref"):
            mixed, elem = ref.find("mixed-citation"), ref.find("element-citation")
            if mixed is not None and elem is not None and _text(mixed):
                yield _text(mixed), jats_gold(elem)


def jats_gold(elem: etree._Element) -> Gold:
    """Gold fields of one ``element-citation``."""
    get = lambda tag: clean_span(_text(elem.find(tag))) or None  # noqa: E731
    fpage, lpage = expand_pages(get("fpage") or get("elocation-id"), get("lpage"))
    whole = _text(elem)
    links = [a.get("{http://www.w3.org/1999/xlink}href", "") for a in elem.iter("ext-link")]
    urls = [u for u in links + re.findall(r"https?://\S+", whole) if u and "doi.org" not in u]
    doi = elem.find("pub-id[@pub-id-type='doi']")
    pmid = elem.find("pub-id[@pub-id-type='pmid']")
    return {
        "authors": _gold_authors(elem),
        "title": get("article-title") or get("chapter-title"),
        "source": get("source"),
        "year": year_of(get("year") or ""),
        "volume": get("volume"),
        "issue": get("issue") or (f"Suppl {get('supplement')}" if get("supplement") else None),
        "fpage": fpage,
        "lpage": lpage,
        "doi": normalise_doi(_text(doi)) if doi is not None else normalise_doi(whole),
        "pmid": _text(pmid) or None,
        "url": urls[0].rstrip(".") if urls else None,
        "edition": (re.search(r"\d+", get("edition") or "") or [None])[0] or get("edition"),
        "publisher": get("publisher-name"),
        "location": get("publisher-loc"),
        "type": elem.get("publication-type"),
    }


def _gold_authors(elem: etree._Element) -> list[str]:
    for group in elem.iter("person-group"):
        if group.get("person-group-type") in (None, "author", "compiler"):
            keys = []
            for child in group:
                if child.tag == "name":
                    keys.append(fold(_text(child.find("surname"))))
                elif child.tag == "collab":
                    keys.append(fold(_text(child)))
            return [k for k in keys if k]
    return []


def jats_converter() -> Callable[[str], Gold]:
    """A converter that parses references in list order (``______.`` repeats the previous authors)."""
    state: dict[str, dict | None] = {"previous": None}

    def convert(text: str) -> Gold:
        r = parse(text, previous=state["previous"])
        state["previous"] = r
        return _jats_shape(r)

    return convert


def jats_convert(text: str) -> Gold:
    """The parser's fields in the shape of :func:`jats_gold` (one reference alone)."""
    return _jats_shape(parse(text))


def _jats_shape(r: dict) -> Gold:
    return {
        "authors": [name_key(a) for a in r["authors"] if name_key(a)],
        "title": r["article_title"] or r["chapter_title"],
        "source": r["source"],
        "year": r["year"],
        "volume": r["volume"],
        "issue": r["issue"],
        "fpage": r["fpage"] or r["elocation_id"],
        "lpage": r["lpage"],
        "doi": r["doi"],
        "pmid": r["pmid"],
        "url": r["url"],
        "edition": r["edition"],
        "publisher": r["publisher_name"],
        "location": r["publisher_loc"],
        "type": r["publication_type"],
    }


# -- AnyStyle and ParsCit/CORA: compare printed spans ------------------------------------------

_SPAN_MAP = {
    "author": "authors",
    "title": "title",
    "container-title": "source",
    "journal": "source",
    "booktitle": "source",
    "date": "year",
    "volume": "volume",
    "pages": "fpage",
    "publisher": "publisher",
    "location": "location",
    "doi": "doi",
    "url": "url",
    "edition": "edition",
}


def _span_value(name: str, text: str) -> str | None:
    if name == "authors":
        return fold(ETAL_RE.sub("", text)) or None
    if name == "year":
        return year_of(text)
    if name == "volume":
        m = re.search(r"\d+", number_of(text))
        return m.group() if m else None
    if name == "fpage":
        return split_pages(text)[0]
    if name == "doi":
        return normalise_doi(text)
    if name == "edition":
        m = re.search(r"\d+", text)
        return m.group() if m else fold(text) or None
    return clean_span(text) or None


def _gold_from_spans(items: Iterable[tuple[str, str]]) -> Gold:
    gold: Gold = {}
    for tag, text in items:
        name = _SPAN_MAP.get(tag)
        if name and name not in gold:
            gold[name] = _span_value(name, text)
    return gold


def anystyle_pairs(path: Path) -> Iterator[tuple[str, Gold]]:
    tree = etree.parse(str(path), _PARSER)
    for seq in tree.iter("sequence"):
        items = [(child.tag, " ".join((child.text or "").split())) for child in seq]
        yield " ".join(t for _, t in items), _gold_from_spans(items)


def parscit_pairs(path: Path) -> Iterator[tuple[str, Gold]]:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        items = re.findall(r"<([\w-]+)>(.*?)</\1>", line)
        if items:
            items = [(tag, " ".join(text.split())) for tag, text in items]
            yield " ".join(t for _, t in items), _gold_from_spans(items)


def span_convert(text: str) -> Gold:
    """The parser's output as printed spans: main title, container, author text."""
    r = parse(text)
    found = spans(re.sub(r"^\s*(?:\[\d+\]|\d+[.)]?)\s+", "", " ".join(text.split())))
    author = next((s for lab, s in found if lab == "author"), "")
    main = r["article_title"] or r["chapter_title"]
    return {
        "authors": _span_value("authors", author),
        "title": main or r["source"],
        "source": r["source"] if main else None,
        "year": r["year"],
        "volume": _span_value("volume", r["volume"] or "") if r["volume"] else None,
        "fpage": r["fpage"] or r["elocation_id"],
        "publisher": r["publisher_name"],
        "location": r["publisher_loc"],
        "doi": r["doi"],
        "url": r["url"],
        "edition": r["edition"],
    }
