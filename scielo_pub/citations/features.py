"""A reference string in, tokens with character offsets and CRF feature lists out.

Tokens are words (hyphenated words and page ranges kept whole), URLs and DOIs (kept whole), numbers
and single punctuation marks. Features describe the token, its shape, lexicon membership, its
position in the string and its neighbours.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon, vocab

TOKEN_RE = re.compile(
    r"(?:https?://|www\.|doi\.org/|dx\.doi\.org/)[^\s<>\"]+[^\s<>\".,;:)\]]"
    r"|10\.\d{4,9}/[^\s<>\"]+[^\s<>\".,;:)\]]"
    r"|\w+(?:[-–‐'’/]\w+)*"
    r"|[^\w\s]",
    re.UNICODE,
)
MONTH_WORDS = frozenset(
    w.strip(".").lower()
    for table in (vocab.MONTHS, vocab.MONTH_ABBR)
    for v in table.values()
    for w in v.split()
)
# Title words that open or close journal titles, besides the ISO 4 abbreviations of the LTWA.
JOURNAL_HEADS = frozenset(
    [
        "journal",
        "revista",
        "revue",
        "rivista",
        "jornal",
        "cadernos",
        "cuadernos",
        "anais",
        "anales",
        "acta",
        "boletim",
        "boletín",
        "bulletin",
        "archives",
        "arquivos",
        "archivos",
        "gaceta",
    ]
)
PUBLISHER_WORDS = frozenset(
    [
        "editora",
        "press",
        "editorial",
        "ediciones",
        "edições",
        "publisher",
        "publishers",
        "university",
        "universidade",
        "universidad",
        "instituto",
        "institute",
        "ministério",
        "ministerio",
        "organization",
        "organización",
        "fundação",
        "fundación",
    ]
)


@lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(journal words, place words, name words) from the package lexicons (loaded on first use)."""
    journal = lexicon.abbreviation_words() | JOURNAL_HEADS
    places = frozenset(w.lower() for c in lexicon.cities() for w in c.split())
    names = frozenset(
        w.lower()
        for table in (lexicon.surnames_by_locale(), lexicon.given_by_locale())
        for group in table.values()
        for name in group
        for w in name.split()
    )
    return journal, places, names


MARKERS = {
    "in": "in",
    "v": "vol",
    "vol": "vol",
    "n": "num",
    "no": "num",
    "nº": "num",
    "p": "pg",
    "pp": "pg",
    "ed": "ed",
    "eds": "ed",
    "editor": "ed",
    "editors": "ed",
    "org": "ed",
    "orgs": "ed",
    "coord": "ed",
    "et": "etal",
    "al": "etal",
    "doi": "doi",
    "pmid": "pmid",
    "pubmed": "pmid",
    "internet": "web",
    "available": "avail",
    "disponível": "avail",
    "disponible": "avail",
    "retrieved": "avail",
    "recuperado": "avail",
    "acesso": "access",
    "acceso": "access",
    "cited": "access",
    "citado": "access",
    "accessed": "access",
    "em": "prep",
    "en": "prep",
    "from": "prep",
    "de": "prep",
    "tese": "thesis",
    "tesis": "thesis",
    "thesis": "thesis",
    "dissertação": "thesis",
    "dissertation": "thesis",
    "doutorado": "thesis",
    "mestrado": "thesis",
    "anais": "conf",
    "proceedings": "conf",
    "actas": "conf",
    "congresso": "conf",
    "congress": "conf",
    "conference": "conf",
    "suppl": "suppl",
    "supl": "suppl",
    "esp": "suppl",
    "issn": "issn",
    "isbn": "issn",
    "report": "rep",
    "relatório": "rep",
    "and": "and",
    "e": "and",
    "y": "and",
    "&": "and",
}
LABELS = (
    "num",
    "author",
    "title",
    "editor",
    "source",
    "edition",
    "location",
    "publisher",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
    "note",
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token and where it sits in the string."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def shape(word: str) -> str:
    out = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:6]


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def token_features(tok: str) -> dict[str, str]:
    """Features of one token alone (no context)."""
    low = tok.lower().strip(".")
    feats = {"w": low if len(low) < 20 else "LONG", "sh": shape(tok), "len": str(min(len(tok), 8))}
    if tok[:1].isupper():
        feats["cap"] = "1"
    if tok.isupper() and len(tok) > 1 and tok.isalpha():
        feats["allcap"] = "1" if len(tok) > 3 else "short"
    if re.fullmatch(r"(1[5-9]|20)\d\d[a-z]?", tok):
        feats["year"] = "1"
    elif tok.isdigit():
        feats["num"] = str(min(len(tok), 5))
    if re.fullmatch(r"[A-Za-z]?\d+[-–‐][A-Za-z]?\d+", tok):
        feats["range"] = "1"
    if re.fullmatch(r"e\d{3,}", tok):
        feats["eloc"] = "1"
    if tok.startswith(("http", "www.")):
        feats["url"] = "1"
    if "doi.org" in tok or re.match(r"10\.\d{4,9}/", tok):
        feats["doi"] = "1"
    if not tok[0].isalnum():
        feats["punct"] = tok
    mark = MARKERS.get(low)
    if mark:
        feats["mark"] = mark
    folded = _fold(low)
    feats.update(_lexicon(low, folded))
    return feats


def is_publisher_word(text: str) -> bool:
    """Some word of ``text`` names a publisher or an institution (``Press``, ``Editora``, ...)."""
    return any(w.lower() in PUBLISHER_WORDS or _fold(w) in PUBLISHER_WORDS for w in text.split())


def is_place(text: str) -> bool:
    """Every word of ``text`` is a word of a city name of the lexicon (``Rio de Janeiro``), or
    ``text`` is a whole other name of a city (``Lisboa``), a country (``España``) or a Brazilian
    state."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    if words and all(w in _word_sets()[1] for w in words):
        return True
    return " ".join(words) in _whole_places()


@lru_cache(maxsize=1)
def _whole_places() -> frozenset[str]:
    names = [*lexicon.exonyms(), *lexicon.regions("BR")]
    names += [n for lang in ("en", "pt", "es") for n in lexicon.countries(lang)]
    return frozenset(" ".join(re.findall(r"[^\W\d_]+", n.lower())) for n in names)


def _lexicon(low: str, folded: str) -> dict[str, str]:
    journal_words, place_words, name_words = _word_sets()
    feats = {}
    if low in MONTH_WORDS:
        feats["month"] = "1"
    if low in journal_words:
        feats["jw"] = "1"
    if low in PUBLISHER_WORDS or folded in PUBLISHER_WORDS:
        feats["pubw"] = "1"
    if low in place_words:
        feats["place"] = "1"
    if low in name_words:
        feats["name"] = "1"
    return feats


def sequence_features(text: str, tokens: list[Token]) -> list[list[str]]:
    """CRF feature strings for every token of ``text``."""
    base = [token_features(t.text) for t in tokens]
    n = len(tokens)
    out: list[list[str]] = []
    periods = 0
    seen_year = seen_in = 0
    for i, tok in enumerate(tokens):
        f = [f"{k}={v}" for k, v in base[i].items()]
        f.append(f"pos={10 * i // max(n, 1)}")
        f.append(f"per={min(periods, 6)}")
        f.append(f"sy={seen_year}")
        f.append(f"si={seen_in}")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        gap = tok.start - tokens[i - 1].end if i else 0
        f.append(f"gap={min(gap, 2)}")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                nb = base[j]
                f.append(f"{off}:w={nb['w']}")
                f.append(f"{off}:sh={nb['sh']}")
                for key in ("year", "mark", "punct", "month", "cap"):
                    if key in nb:
                        f.append(f"{off}:{key}={nb[key]}")
        f.append(f"-1|w={base[i - 1]['w'] if i else 'BOS'}|{base[i]['w']}")
        out.append(f)
        if tok.text in ".?!" and not _is_initial(tokens, i):
            periods += 1
        if "year" in base[i]:
            seen_year = 1
        if base[i]["w"] == "in" and i + 1 < n and tokens[i + 1].text == ":":
            seen_in = 1
    return out


def _is_initial(tokens: list[Token], i: int) -> bool:
    """A period right after a one/two-letter capital (``J.``) ends an initial, not a field."""
    if i == 0:
        return False
    prev = tokens[i - 1].text
    return len(prev) <= 2 and prev[:1].isupper()


def label_tokens(segments: list[tuple[str, str | None]]) -> tuple[str, list[Token], list[str]]:
    """Join labelled segments into a string and give each token its segment's label."""
    text, spans, pos = "", [], 0
    for seg_text, label in segments:
        spans.append((pos, pos + len(seg_text), label))
        text += seg_text
        pos += len(seg_text)
    tokens = tokenize(text)
    labels: list[str | None] = []
    for tok in tokens:
        labels.append(next((lab for s, e, lab in spans if s <= tok.start < e), None))
    for i, lab in enumerate(labels):
        if lab is None:
            opener = tokens[i].text in "([{"
            labels[i] = (
                _neighbour(labels, i, 1 if opener else -1) or _neighbour(labels, i, 1) or "note"
            )
    return text, tokens, [str(lab) for lab in labels]


def _neighbour(labels: list[str | None], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(labels):
        if labels[j] is not None:
            return labels[j]
        j += step
    return None
