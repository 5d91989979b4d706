"""Raw reference pieces in, normalised values out: author lists, names, journal titles, pages, years.

``split_authors`` turns a printed author list in Vancouver, ABNT, APA or ISO 690 form into
``{"surname", "given_names"}`` dicts (corporate authors become ``{"collab": ...}``);
``expand_pages`` turns ``106-13`` into ``("106", "113")``; ``journal_key`` maps a journal's full
title and its ISO 4 abbreviation to one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import lexicon

ETAL_RE = re.compile(r",?\s*\b(?:et\s*al|e\s+col|y\s+col|and\s+others|e\s+outros)\b\.?", re.I)
ROLE_RE = re.compile(
    r"\s*\(?\b(?:orgs?|eds?|coords?|comps?|dirs?|editors?|organizadores?|coordenadores?)\b\.?\)?\.?\s*$"
    r"|\((?:orgs?|eds?|coords?|comps?|dirs?|editors?|organizadores?|coordenadores?)\.?\)",
    re.I,
)
INITIALS_RE = re.compile(r"^(?:[A-ZÀ-Ý]\.?[\s-]?){1,4}$")
PARTICLES = frozenset(
    [
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "e",
        "y",
    ]
)
YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def _fold_table() -> dict[int, str]:
    table = {}
    for cp in range(0xC0, 0x250):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c)
        )
        if base != chr(cp):
            table[cp] = base
    table.update({ord("ø"): "o", ord("Ø"): "O", ord("æ"): "ae", ord("Æ"): "AE", ord("ß"): "ss"})
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ł"): "l", ord("Ł"): "L", ord("œ"): "oe"})
    return table


_FOLD = _fold_table()
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, whitespace collapsed."""
    text = text.lower()
    if not text.isascii():
        text = text.translate(_FOLD)
        if not text.isascii():
            text = "".join(
                c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
            ).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def clean_span(text: str) -> str:
    """A field's printed text without surrounding separators and brackets."""
    text = " ".join(text.split())
    text = text.strip(" .,;:-–")
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        text = text[1:-1]
    return text.strip(" .,;:")


def is_initials(word: str) -> bool:
    """``AB``, ``A. B.``, ``J.-P.``, ``MªJ``: up to four letters, six when each carries its full
    stop; a name suffix (``Jr``, ``NETO``) is not initials."""
    word = word.strip().replace("ª", "").replace("º", "")
    letters = len(word.replace(".", "").replace(" ", "").replace("-", ""))
    if word.lower().strip(".") in SUFFIXES and not (letters <= 2 and word.isupper()):
        return False  # ``Jr``, ``NETO``; ``JR`` stays initials (``Drago JR``)
    if DOTTED_INITIALS_RE.match(word):
        return letters <= 6
    return bool(INITIALS_RE.match(word)) and letters <= 4


DOTTED_INITIALS_RE = re.compile(r"^(?:[A-ZÀ-Ý]\.[\s-]?){1,6}$")


def split_authors(text: str) -> list[dict[str, str]]:
    """A printed author list in, one dict per author out (see module docstring)."""
    text = re.sub(r"^\s*(?:in|en|em)\s*:\s*", "", text.strip(), flags=re.I)
    text = ROLE_RE.sub("", ETAL_RE.sub("", text)).strip(" ,;")
    if text.endswith(".") and not re.search(r"(?:^|[\s.\-])[A-ZÀ-Ý]\.$", text):
        text = text[:-1]
    if not text:
        return []
    if ";" in text:
        return [a for part in text.split(";") for a in _one_or_pair(part)]
    if _corporate(text):
        return [{"collab": text}]
    text = _join_words(text)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if all(_vancouver_name(p) for p in parts) and len(parts) > 1:
        return [_person_from_words(p) for p in parts]
    if (
        all(_initials_first(p) for p in parts)
        or len(parts) > 1
        and all(_full_given_first(p) for p in parts)
    ):
        return [_given_first(p) for p in parts]
    if len(parts) == 1:
        return [_person_from_words(parts[0])]
    return _pairs(parts)


# ``&``/``and`` always join two names; ``e``/``y`` only after a comma or initials, since they
# also join compound surnames (``Souza e Silva MB``, ``Ortega y Gasset J``).
AND_RE = re.compile(r",?\s+(?:&|and)\s+")
E_Y_RE = re.compile(r"(\S+)\s+(?:e|y)\s+")


def _join_words(text: str) -> str:
    text = AND_RE.sub(", ", text)
    return E_Y_RE.sub(
        lambda m: (
            f"{m.group(1).rstrip(',')}, "
            if m.group(1).endswith(",") or is_initials(m.group(1))
            else m.group()
        ),
        text,
    )


ORG_RE = re.compile(
    r"(?i)\b(?:institut[oe]|minist[eé]rio|ministerio|ministry|organi[sz]ation|organiza[çc][ãa]o|"
    r"organizaci[oó]n|secretar[ií]a|departamento|department|universi(?:ty|dade|dad)|"
    r"funda[çc][ãa]o|fundaci[oó]n|foundation|group|grupo|consortium|committee|comit[eê]|"
    r"conselho|consejo|council|associa[çc][ãa]o|asociaci[oó]n|association|sociedade|sociedad|"
    r"society|centros?|centers?|centres?|agency|ag[eê]ncia|bureau|office|comiss[ãa]o|comisi[oó]n|"
    r"commission|panel|network|collaborative)\b"
)
_PERSON_RE = re.compile(
    r"(?:^|[,;&]\s*)[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?\s+[A-Z]{1,3}\.?(?:\s*[,;&]|$)"
    r"|^[^\W\d_][\w'’-]*,\s+[A-Z]"
)


def _corporate(text: str) -> bool:
    """A body as author (``Instituto Brasileiro de Geografia e Estatística (IBGE)``): an
    organisation word and no part shaped like a person (``Surname AB``, ``SURNAME, Given``)."""
    return bool(ORG_RE.search(text)) and not _PERSON_RE.search(text)


def _initials_first(part: str) -> bool:
    """``A. B. Jones``, ``W.-P. de Roever``: initials with dots, then the surname."""
    words = part.split()
    return (
        len(words) >= 2
        and words[0].endswith(".")
        and is_initials(words[0])
        and not is_initials(words[-1])
    )


def _full_given_first(part: str) -> bool:
    words = part.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words)


def _given_first(part: str) -> dict[str, str]:
    words = part.split()
    if _initials_first(part):
        i = 0
        while i < len(words) - 1 and is_initials(words[i]):
            i += 1
    else:
        i = len(words) - 1
        while i > 1 and words[i - 1].lower() in PARTICLES:
            i -= 1
    return _with_suffix({"surname": " ".join(words[i:]), "given_names": " ".join(words[:i])})


def _one_or_pair(part: str) -> list[dict[str, str]]:
    part = part.strip(" ,")
    if not part:
        return []
    if "," in part:
        surname, given = part.split(",", 1)
        return [_person(surname, given)]
    return [_person_from_words(part)]


def _vancouver_name(part: str) -> bool:
    words = part.split()
    return len(words) >= 2 and is_initials(words[-1])


def _pairs(parts: list[str]) -> list[dict[str, str]]:
    people, i = [], 0
    while i < len(parts):
        here = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if _capitals(here) and nxt and not _capitals(nxt) and not _vancouver_name(nxt):
            people.append(_person(here, nxt))  # ABNT/ISO 690: ``SURNAME, Given Names``
            i += 2
        elif _vancouver_name(here) and not is_initials(nxt):
            people.append(_person_from_words(here))
            i += 1
        elif nxt and (is_initials(nxt) or _looks_given(nxt)):
            people.append(_person(here, nxt))
            i += 2
        else:
            people.append(_person_from_words(here))
            i += 1
    return people


def _capitals(text: str) -> bool:
    """A surname printed in capitals (``SOUZA FILHO``), not initials alone."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and text.isupper() and not is_initials(text)


def _looks_given(text: str) -> bool:
    words = text.replace(".", ". ").split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)


def _person(surname: str, given: str) -> dict[str, str]:
    surname, given = surname.strip(" .,"), given.strip(" ,")
    words = given.split()
    # ABNT puts particles after the given names: "FREITAS, J. H. de"
    while words and words[-1].lower() in PARTICLES:
        words.pop()
    return _with_suffix({"surname": surname, "given_names": " ".join(words)})


SUFFIXES = frozenset(
    ["filho", "filha", "júnior", "junior", "jr", "neto", "neta", "sobrinho", "segundo"]
)


def _with_suffix(person: dict[str, str]) -> dict[str, str]:
    """``Barros Filho`` -> surname ``Barros``, suffix ``Filho`` (as JATS ``<suffix>``)."""
    words = person.get("surname", "").split()
    if len(words) >= 2 and words[-1].lower().strip(".") in SUFFIXES:
        return {**person, "surname": " ".join(words[:-1]), "suffix": words[-1]}
    return person


def _person_from_words(text: str) -> dict[str, str]:
    return _with_suffix(_words_person(text))


def _words_person(text: str) -> dict[str, str]:
    words = text.split()
    if ORG_RE.search(text):
        return {"collab": text.strip(" .")}
    if len(words) >= 2 and is_initials(words[-1]):
        given = words[-1]
        if given.count(".") == 1 and given.endswith("."):
            given = given[:-1]
        return {"surname": " ".join(words[:-1]), "given_names": given}
    if 2 <= len(words) <= 3 and is_initials(words[0]):
        return {"surname": " ".join(words[1:]), "given_names": words[0]}
    return {"collab": text.strip(" .")}


PLACEHOLDER_RE = re.compile(r"^\s*(?:_{2,}|-{3,}|—{1,})\s*\.?\s*$")


def is_placeholder(text: str) -> bool:
    """ABNT's ``______.``: same author(s) as the previous reference."""
    return bool(PLACEHOLDER_RE.match(text or ""))


def name_key(author: dict[str, str]) -> str:
    """A comparison key for one author: folded surname, or folded collab name."""
    return fold(author.get("surname") or author.get("collab", ""))


def initials(given: str) -> str:
    """``Maria Helena`` or ``M. H.`` -> ``MH``."""
    words = re.split(r"[\s.\-]+", given.strip())
    out = []
    for w in words:
        if not w or (w.islower() and w in PARTICLES):
            continue
        out.append(w if w.isupper() and len(w) <= 4 else w[0].upper())
    return "".join(out)


def expand_pages(fpage: str | None, lpage: str | None) -> tuple[str | None, str | None]:
    """Expand an abbreviated last page: ``("106", "13")`` -> ``("106", "113")``."""
    if not fpage or not lpage or not (fpage.isdigit() and lpage.isdigit()):
        return fpage, lpage
    if len(lpage) < len(fpage):
        candidate = fpage[: len(fpage) - len(lpage)] + lpage
        if int(candidate) >= int(fpage):
            return fpage, candidate
    return fpage, lpage


def split_pages(text: str) -> tuple[str | None, str | None]:
    """``p. 212-24`` -> ``("212", "224")``; ``e230029`` -> ``("e230029", None)``."""
    m = re.search(r"([A-Za-z]?\d+)\s*[-–‐—]+\s*([A-Za-z]?\d+)", text)
    if m:
        return expand_pages(m.group(1), m.group(2))
    m = re.search(r"(?<![A-Za-z])[A-Za-z]{0,2}\d+", text)  # ``CD006424`` (Cochrane), ``e230029``
    return (m.group(), None) if m else (None, None)


def year_of(text: str) -> str | None:
    m = YEAR_RE.search(text or "")
    return m.group(1) if m else None


def number_of(text: str) -> str:
    """``v. 46`` -> ``46``; ``(Suppl 2)`` -> ``Suppl 2``; ``no. 3`` -> ``3``."""
    text = clean_span(text)
    text = re.sub(
        r"^(?:v|vol|volume|n|no|nº|núm|num|número|issue|t|tomo)\b\.?\s*", "", text, flags=re.I
    )
    text = re.sub(r"(?i)\b(suppl|supl)\.?(?=\d)", r"\1 ", text)  # ``Suppl2`` -> ``Suppl 2``
    return clean_span(text)


@lru_cache(maxsize=65536)
def journal_key(title: str | None) -> str:
    """A key shared by a journal's full title and its ISO 4 abbreviation (``Revista Brasileira de
    Odontologia`` and ``Rev Bras Odontol`` both give ``rev bras odontol``), from the LTWA word list."""
    if not title:
        return ""
    return fold(lexicon.abbreviate(re.sub(r"^the\s+", "", title.strip(), flags=re.I))) or fold(
        title
    )


TITLE_STOP = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "e",
        "em",
        "la",
        "el",
        "los",
        "las",
        "y",
        "del",
        "der",
        "und",
        "fur",
    ]
)


@lru_cache(maxsize=65536)
def abbreviation_of(abbrev: str, full: str) -> bool:
    """Whether ``abbrev`` abbreviates ``full`` word by word, ISO 4 style (``Rev Lat Am Enfermagem``
    ~ ``Revista Latino-Americana de Enfermagem``): each word a prefix of the next significant word."""
    short = [w for w in fold(abbrev).split() if w not in TITLE_STOP]
    long = [w for w in fold(full).split() if w not in TITLE_STOP]
    if not short or len(short) > len(long):
        return False
    i = 0
    for word in short:
        while i < len(long) and not long[i].startswith(word):
            i += 1
        if i == len(long):
            return False
        i += 1
    return len(long) - len(short) <= 2


def normalise_doi(text: str | None) -> str | None:
    if not text:
        return None
    m = re.search(r"10\.\d{4,9}/\S+", text)
    return m.group().rstrip(".,;)]").lower() if m else None
