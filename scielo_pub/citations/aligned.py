"""SciELO PS references in, token-labelled training sequences out (``mixed-citation`` aligned with
its ``element-citation``).

Each field of the structured citation (authors, titles, source, year, volume, issue, pages, DOI,
URL, edition, publisher, place, editors) is looked up in the printed string; the tokens it covers
take the CRF label of that field, markers next to a field (``v.``, ``n.``, ``p.``, ``et al.``,
``In:``, ``ed.``) take the field's label, other words are ``note`` and punctuation goes with its
neighbour, as in :func:`features.label_tokens`. A reference whose fields cannot all be found is
left out rather than taught half-labelled. :func:`training_sequences` reads only articles of the
development set (``evaluate.split_of``); test articles are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from . import features
from .normalise import clean_span

Sequence = tuple[str, list[features.Token], list[str]]
LEAD_RE = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?|\.)\s+")  # as parse.LEAD_RE
_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)
MARKERS_BEFORE = {
    "volume": {"v", "vol", "volume", "tomo", "t"},
    "issue": {"n", "no", "nº", "num", "suppl", "supl", "suplemento", "supplement", "esp"},
    "pages": {"p", "pp", "pág", "págs"},
    "editor": {"in", "en", "em"},
    "doi": {"doi"},
}
MARKERS_AFTER = {
    "author": {"et", "al", "col", "outros"},
    "editor": {"org", "orgs", "ed", "eds", "editor", "editors", "coord", "organizadores"},
    "edition": {"ed", "edição", "edición", "edition", "rev", "aum", "nd", "rd", "th", "st"},
    "pages": {"p"},
}


def _text(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _pattern(value: str) -> re.Pattern[str] | None:
    """A value's words in order, any punctuation or spacing between them, case ignored."""
    words = re.findall(r"\w+", value)
    if not words:
        return None
    body = r"[\W_]{0,6}".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.I)


class _Aligner:
    """Character labels of one printed reference, filled field by field."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.labels: list[str | None] = [None] * len(text)

    def free(self, start: int, end: int) -> bool:
        return all(lab is None for lab in self.labels[start:end])

    def find(self, value: str | None, start: int = 0) -> tuple[int, int] | None:
        pat = _pattern(value or "")
        if pat is None:
            return None
        for m in pat.finditer(self.text, start):
            if self.free(m.start(), m.end()):
                return m.start(), m.end()
        return None

    def put(self, span: tuple[int, int], label: str) -> None:
        for i in range(*span):
            self.labels[i] = label


def _names(elem: etree._Element, kind: str) -> list[tuple[str, str]]:
    out = []
    for group in elem.iter("person-group"):
        if (group.get("person-group-type") or "author") != kind:
            continue
        for child in group:
            if child.tag == "name":
                out.append((_text(child.find("surname")), _text(child.find("given-names"))))
            elif child.tag == "collab":
                out.append((_text(child), ""))
    return out


def _given_forms(given: str) -> list[str]:
    """Given names as printed in full, as initials run together (``MA``) or apart (``M. A.``)."""
    if not given:
        return []
    letters = [w[0] for w in re.findall(r"\w+", given)]
    return [given, "".join(letters), " ".join(letters)]


def _people(al: _Aligner, people: list[tuple[str, str]], label: str, start: int = 0) -> int | None:
    """Label the region from the first name to the last; the end of the region (None: not found)."""
    cursor, first, last = start, None, None
    for surname, given in people:
        span = al.find(surname, cursor)
        if span is None:
            return None
        lo, hi = span
        for form in _given_forms(given):
            after = al.find(form, hi)
            if after and after[0] <= hi + 3:
                hi = after[1]
                break
            before = al.find(form, max(0, lo - len(form) - 4))
            if before and before[1] <= lo and before[1] >= lo - 3:
                lo = before[0]
                break
        first = lo if first is None else min(first, lo)
        last = hi if last is None else max(last, hi)
        cursor = hi
    if first is None or last is None:
        return None
    al.put((first, last), label)
    return last


def align(text: str, elem: etree._Element) -> Sequence | None:
    """The tokens of ``text`` labelled from ``elem``; None when a field cannot be found."""
    al = _Aligner(text)
    get = lambda tag: clean_span(_text(elem.find(tag))) or None  # noqa: E731
    for tag, label in (("pub-id[@pub-id-type='doi']", "doi"), ("ext-link", "url")):
        value = get(tag)
        if value:
            span = al.find(value)
            if span is None and label == "doi":
                return None
            if span:
                al.put(span, label)
    authors = _names(elem, "author") or _names(elem, "compiler")
    after_authors = _people(al, authors, "author") if authors else 0
    if after_authors is None:
        return None
    for tag, label in (
        ("article-title", "title"),
        ("chapter-title", "title"),
        ("source", "source"),
        ("publisher-name", "publisher"),
        ("publisher-loc", "location"),
    ):
        value = get(tag)
        if value:
            span = al.find(value, after_authors) or al.find(value)
            if span is None:
                return None
            al.put(span, label)
    editors = _names(elem, "editor")
    if editors and _people(al, editors, "editor") is None:
        return None
    if not _numbers(al, elem, after_authors):
        return None
    return _tokens(al)


def _numbers(al: _Aligner, elem: etree._Element, after_authors: int) -> bool:
    get = lambda tag: clean_span(_text(elem.find(tag))) or None  # noqa: E731
    year = re.sub(r"\D", "", get("year") or "")[:4]
    if year:
        span = al.find(year, after_authors) or al.find(year)
        if span is None:
            return False
        al.put(span, "year")
    source = next((i for i, lab in enumerate(al.labels) if lab == "source"), after_authors)
    for tag, label in (("volume", "volume"), ("issue", "issue"), ("edition", "edition")):
        value = get(tag)
        if value:
            span = al.find(value, source) or al.find(value)
            if span is None:
                return False
            al.put(span, label)
    fpage = get("fpage") or get("elocation-id")
    if fpage:
        m = None
        for m in re.finditer(rf"(?<!\w){re.escape(fpage)}(?:\s*[-–]\s*\w+)?(?!\w)", al.text):
            if al.free(m.start(), m.end()):
                break
        else:
            return False
        al.put((m.start(), m.end()), "pages")
    return True


# Bracketed notes stay notes whatever the structured citation holds (``[Internet]``, ``[cited
# 2020 May 3]``): SciELO markup puts some of them inside <source>, synthetic data never does.
NOTE_BRACKET_RE = re.compile(
    r"\[[^\]]*\b(?:internet|on-?line|cited|citado|acesso|acceso|accessed|consultado)\b[^\]]*\]",
    re.I,
)


def _tokens(al: _Aligner) -> Sequence:
    for m in NOTE_BRACKET_RE.finditer(al.text):
        al.put((m.start(), m.end()), "note")
    tokens = features.tokenize(al.text)
    labels: list[str | None] = [al.labels[t.start] for t in tokens]
    for i, tok in enumerate(tokens):
        if labels[i] is None and tok.text[:1].isalnum():
            labels[i] = _identifier(tok.text) or _marker(tokens, labels, i) or "note"
    for i, tok in enumerate(tokens):
        if labels[i] is None:
            opener = tok.text in '([{“"«'
            labels[i] = _near(labels, i, 1 if opener else -1) or _near(labels, i, 1) or "note"
    return al.text, tokens, [str(lab) for lab in labels]


def _identifier(text: str) -> str | None:
    """A DOI or URL the structured citation does not carry keeps its kind of label."""
    if "doi.org/" in text or re.match(r"10\.\d{4,9}/", text):
        return "doi"
    return "url" if text.startswith(("http", "www.")) else None


def _marker(tokens: list[features.Token], labels: list[str | None], i: int) -> str | None:
    low = tokens[i].text.lower()
    nxt = _near(labels, i, 1, 3)
    prev = _near(labels, i, -1, 3)
    if nxt and low in MARKERS_BEFORE.get(nxt, ()):
        return nxt
    if prev and low in MARKERS_AFTER.get(prev, ()):
        return prev
    months = re.split(r"[-/–]", low)
    if all(m.strip(".") in features.MONTH_WORDS for m in months) and "year" in (prev, nxt):
        return "year"
    return None


def _near(labels: list[str | None], i: int, step: int, reach: int = 10**6) -> str | None:
    j = i + step
    while 0 <= j < len(labels) and abs(j - i) <= reach:
        if labels[j] is not None:
            return labels[j]
        j += step
    return None


def article_sequences(path: Path) -> Iterator[Sequence]:
    """Aligned sequences of every ``ref`` of one article that has both citation forms."""
    tree = etree.parse(str(path), _PARSER)
    for ref in tree.iter("ref"):
        mixed, elem = ref.find("mixed-citation"), ref.find("element-citation")
        text = _text(mixed)
        if mixed is None or elem is None or not text:
            continue
        lead = LEAD_RE.match(text)
        aligned = align(text[lead.end() :] if lead else text, elem)
        if aligned and aligned[1]:
            yield aligned


def training_sequences(paths: Iterable[Path]) -> Iterator[Sequence]:
    """Aligned sequences of development articles; a held-back test article raises ValueError."""
    from .evaluate import split_of

    for path in paths:
        if split_of(path) != "dev":
            raise ValueError(f"{path} belongs to the held-back test set; it may not be trained on")
        yield from article_sequences(path)
