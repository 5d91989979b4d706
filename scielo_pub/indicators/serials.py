"""Cited source strings in, serials (ISSN-L) out: the registry's title variants and SciELO's matching.

The registry holds every journal of the collection (ISSNs, ISSN-L, title, abbreviated and former
titles) and the journals an editor supplies (``scielo-pub serials import``). A cited source
(``Reference.source`` of a journal reference) is normalised the way Bibliometria's
``Gentc30issn.sh`` does (upper-case ASCII, punctuation to spaces, spaces collapsed) and matched in
its order:

1. ``exact`` -- the key equals a title variant's key, accepted when that names exactly one serial
   (``manual`` when the variant is one the editor keeps in the manual-additions file);
2. ``prefix`` -- every word of the key is the prefix of a word of one variant (CISIS ``word$`` AND
   search), accepted when the variants found name exactly one serial;
3. ``trigram`` -- the ten nearest variants by edit ratio (rapidfuzz, like ``maxrel=10``) are scored
   by the cosine of their word-trigram vectors; the best is accepted at ``>= threshold`` unless two
   serials tie. The threshold is 0.85, not Bibliometria's ``minsim=0.80``, and the first words must
   start alike: sibling titles (``Cad Saude Publica`` / ``Rev Saude Publica``) score 0.80;
4. otherwise ``unmatched`` (``scielo-pub serials unmatched`` lists the most cited of these, for the
   editor's manual-additions file).
"""

from __future__ import annotations

import bisect
import csv
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..citations.normalise import fold
from ..errors import Diagnostic, InputError, Severity

ISSN_RE = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
METHODS = ("exact", "manual", "prefix", "trigram", "unmatched")
#: Variant kinds: where a title form comes from.
KINDS = ("title", "abbrev", "former", "user", "manual")
DEFAULT_THRESHOLD = 0.85


def source_key(text: str | None) -> str:
    """A cited source as Bibliometria keys it: ASCII upper case, punctuation as spaces, one space."""
    return fold(text or "").upper()


def normal_issn(text: str | None) -> str | None:
    """``12345678`` / ``1234-5678`` / ``1234-567x`` -> ``1234-567X``; anything else -> None."""
    text = (text or "").strip()
    if not ISSN_RE.match(text):
        return None
    digits = text.replace("-", "").upper()
    return f"{digits[:4]}-{digits[4:]}"


@dataclass(frozen=True, slots=True)
class Variant:
    """One written form of a serial's title."""

    issn_l: str
    text: str
    kind: str = "title"

    @property
    def key(self) -> str:
        return source_key(self.text)


@dataclass(frozen=True, slots=True)
class Serial:
    """A journal of the registry: ISSN-L, title, other ISSNs, and whether the collection has it."""

    issn_l: str
    title: str
    issns: tuple[str, ...] = ()
    acronym: str | None = None
    in_collection: bool = False


@dataclass(frozen=True, slots=True)
class Assignment:
    """Which serial a cited source names, how it was found, and the similarity when fuzzy."""

    key: str
    issn_l: str | None
    method: str
    score: float | None = None


def trigrams(key: str) -> Counter[str]:
    """Word trigrams of a key (each word padded with spaces), as a count vector."""
    grams: Counter[str] = Counter()
    for word in key.split():
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(n * b[g] for g, n in a.items() if g in b)
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


class SerialMatcher:
    """The registry's variants indexed for the four matching steps; ``match`` caches per key."""

    def __init__(self, variants: Iterable[Variant], threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._manual: dict[str, set[str]] = defaultdict(set)
        self._keys: list[str] = []
        self._key_serial: list[str] = []
        seen: set[tuple[str, str]] = set()
        for v in variants:
            key = v.key
            if not key:
                continue
            (self._manual if v.kind == "manual" else self._exact)[key].add(v.issn_l)
            if (key, v.issn_l) not in seen:
                seen.add((key, v.issn_l))
                self._keys.append(key)
                self._key_serial.append(v.issn_l)
        postings: dict[str, set[int]] = defaultdict(set)
        for i, key in enumerate(self._keys):
            for word in key.split():
                postings[word].add(i)
        self._words = sorted(postings)
        self._postings = [postings[w] for w in self._words]
        self._grams = [trigrams(k) for k in self._keys]
        self._cache: dict[str, Assignment] = {}

    def match(self, source: str | None) -> Assignment:
        key = source_key(source)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._match(key)
        return hit

    def _match(self, key: str) -> Assignment:
        if not key:
            return Assignment(key, None, "unmatched")
        if len(self._manual.get(key, ())) == 1:
            return Assignment(key, next(iter(self._manual[key])), "manual")
        if len(self._exact.get(key, ())) == 1:
            return Assignment(key, next(iter(self._exact[key])), "exact")
        serials = self._prefix(key)
        if len(serials) == 1:
            return Assignment(key, serials.pop(), "prefix")
        return self._trigram(key)

    def _prefix(self, key: str) -> set[str]:
        found: set[int] | None = None
        for word in key.split():
            ids: set[int] = set()
            i = bisect.bisect_left(self._words, word)
            while i < len(self._words) and self._words[i].startswith(word):
                ids |= self._postings[i]
                i += 1
            found = ids if found is None else found & ids
            if not found:
                return set()
        return {self._key_serial[i] for i in found or ()}

    def _trigram(self, key: str) -> Assignment:
        near = process.extract(key, self._keys, scorer=fuzz.ratio, limit=10)
        vector = trigrams(key)
        initial = key[0]
        scored = sorted(
            (
                (cosine(vector, self._grams[i]), self._key_serial[i])
                for _, _, i in near
                if self._keys[i][0] == initial
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < self.threshold:
            return Assignment(key, None, "unmatched", scored[0][0] if scored else None)
        best, serial = scored[0]
        if any(s == best and other != serial for s, other in scored[1:]):
            return Assignment(key, None, "unmatched", best)
        return Assignment(key, serial, "trigram", round(best, 4))


# ---------------------------------------------------------------- the editor's files

#: Column names ``serials import`` reads (case-insensitive); see docs/INDICATORS.md.
ISSN_L_COLUMNS = ("issn_l", "issn-l", "issnl")
TITLE_COLUMNS = ("title", "journal", "journal_title")
VARIANT_COLUMNS = (
    "abbrev",
    "abbreviation",
    "abbreviated_title",
    "iso_abbrev",
    "nlm_abbrev",
    "medline_ta",
    "variant",
    "variants",
    "former_title",
    "former_titles",
)
ISSN_COLUMNS = ("issn", "issn_print", "issn_electronic", "pissn", "eissn")


@dataclass(frozen=True, slots=True)
class SerialRow:
    serial: Serial
    variants: tuple[Variant, ...]


def read_serials_file(path: Path, kind: str = "user") -> tuple[list[SerialRow], list[Diagnostic]]:
    """A CSV or TSV (delimiter sniffed) with a header row -> serials and their title variants.

    ``ISSN-L`` and ``title`` are required; variant columns may hold several forms separated by
    ``|`` or ``;``. Rows without a valid ISSN-L are reported (``path:line:1``) and skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or ()}
    issn_col = next((fields[c] for c in ISSN_L_COLUMNS if c in fields), None)
    title_col = next((fields[c] for c in TITLE_COLUMNS if c in fields), None)
    if issn_col is None or title_col is None:
        need = f"an ISSN-L column ({', '.join(ISSN_L_COLUMNS)}) and a title column"
        raise InputError(
            f"{path}: the header needs {need}",
            diagnostics=[
                Diagnostic(
                    str(path), 1, 1, Severity.ERROR, f"the header needs {need}", "serials-header"
                )
            ],
        )
    variant_cols = [fields[c] for c in VARIANT_COLUMNS if c in fields]
    issn_cols = [fields[c] for c in ISSN_COLUMNS if c in fields]
    rows: list[SerialRow] = []
    problems: list[Diagnostic] = []
    for line, record in enumerate(reader, 2):
        issn_l = normal_issn(record.get(issn_col))
        title = (record.get(title_col) or "").strip()
        if not issn_l or not title:
            problems.append(
                Diagnostic(
                    str(path),
                    line,
                    1,
                    Severity.ERROR,
                    "row without a valid ISSN-L and title",
                    "serials-row",
                )
            )
            continue
        forms = [title] + [f for c in variant_cols for f in _split(record.get(c))]
        issns = tuple(i for c in issn_cols if (i := normal_issn(record.get(c))))
        rows.append(
            SerialRow(
                Serial(issn_l, title, issns),
                tuple(Variant(issn_l, f, kind if i else "title") for i, f in enumerate(forms)),
            )
        )
    return rows, problems


def _split(value: str | None) -> Iterator[str]:
    for part in re.split(r"[|;]", value or ""):
        if part.strip():
            yield part.strip()
