"""A LILACS ``Sas`` record in, the reasons it may not enter LILACS out (VALIDATION.md §3, FI-Admin rules).

Each finding names the rule (numbered as in VALIDATION.md), the field and what a cataloguer should do.
A record with findings is exported flagged as LILACS-Express (see :mod:`.export`), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .isis import IsisRecord, split_subfields, subfield

LANGS = frozenset({"pt", "es", "en", "fr"})
ROLES = frozenset({"edt", "com", "coord", "org"})
#: Repeatable free-text fields exempt from the "no final period" rule (FI-Admin textareas).
TEXTAREAS = frozenset({83, 500, 505, 530, 533, 534})
#: Fields a serial-analytic record must carry (VALIDATION.md §3 and §5).
MANDATORY = {1: "cooperative-centre code", 2: "record id", 4: "database", 5: "literature type",
             6: "treatment level", 9: "record type", 12: "title", 30: "journal title", 35: "ISSN",
             40: "text language", 64: "publication date", 65: "normalised date"}  # fmt: skip
_ISSN = re.compile(r"^\d{4}-\d{3}[\dX]$")
_PUNCT_BEFORE = re.compile(r"\s[,;:]")
_PUNCT_AFTER = re.compile(r"[,;:](?=[^\s\d/])")


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a record cannot enter LILACS as is."""

    rule: str
    tag: int
    message: str


Check = Callable[[IsisRecord], Iterator[Finding]]


def check_record(record: IsisRecord, *, require_decs: bool = True) -> list[Finding]:
    """Every finding for an analytic-serial record; empty when it may enter LILACS."""
    checks: list[Check] = [_mandatory, _authors, _periods, _titles, _pages, _addresses, _languages,
                           _codes, _doi, _indexed, _serial, _dates]  # fmt: skip
    if require_decs:
        checks.append(_descriptors)
    return [finding for check in checks for finding in check(record)]


def _mandatory(rec: IsisRecord) -> Iterator[Finding]:
    present = set(rec.tags())
    for tag, name in MANDATORY.items():
        if tag not in present:
            yield Finding("mandatory", tag, f"v{tag} ({name}) is missing")
    if 10 not in present and 11 not in present:
        yield Finding("1", 10, "no individual (v10) or corporate (v11) author")


def _authors(rec: IsisRecord) -> Iterator[Finding]:
    for value in rec.values(10):
        name, subs = split_subfields(value)
        codes = dict(subs)
        yield from _name_form(name)
        aff = codes.get("1")
        if not aff:
            yield Finding("3", 10, f"author '{name}' has no affiliation (^1; '^1s.af' if none)")
        elif aff == "s.af" and any(codes.get(c) for c in "23cp"):
            yield Finding("4", 10, f"author '{name}': ^2 ^3 ^c ^p are not allowed with ^1s.af")
        elif aff != "s.af" and not codes.get("p"):
            yield Finding("4", 10, f"author '{name}': affiliation without country (^p)")
        if codes.get("r") and codes["r"] not in ROLES:
            yield Finding(
                "5", 10, f"author '{name}': role ^r{codes['r']} is not edt, com, coord or org"
            )
    for value in rec.values(11):
        role = subfield(value, "r")
        if role and role not in ROLES:
            yield Finding("5", 11, f"corporate author role ^r{role} is not edt, com, coord or org")


def _name_form(name: str) -> Iterator[Finding]:
    if name == "Anon":
        return
    surname, comma, given = name.partition(",")
    if not comma or not surname.strip() or not given.strip():
        yield Finding("2", 10, f"author '{name}' is not in the form 'Surname, Given names'")
    elif not given.startswith(" "):
        yield Finding("2", 10, f"author '{name}': a space must follow the comma")
    if re.search(r"\.(?=\S)", name):
        yield Finding("2", 10, f"author '{name}': a space must follow every period")
    if re.search(r"\b(Jr|Fº|F°|Sobr)\b\.?", name):
        yield Finding("2", 10, f"author '{name}': write suffixes in full (Junior, Filho, Sobrinho)")


def _periods(rec: IsisRecord) -> Iterator[Finding]:
    for tag, value in rec.fields:
        if tag in TEXTAREAS:
            continue
        text, subs = split_subfields(value)
        parts = [("", text)] + subs
        for code, part in parts:
            if part.rstrip().endswith(".") and not part.rstrip().endswith("..."):
                where = f"v{tag}^{code}" if code else f"v{tag}"
                yield Finding("6", tag, f"{where} ends with a period: '{part[-40:]}'")


def _titles(rec: IsisRecord) -> Iterator[Finding]:
    langs = []
    for value in rec.values(12):
        title, lang = subfield(value, "*"), subfield(value, "i")
        langs.append(lang)
        if lang not in LANGS:
            yield Finding("7", 12, f"title language ^i{lang or '(none)'} is not pt, es, en or fr")
        if _PUNCT_BEFORE.search(title):
            yield Finding("7", 12, f"title has a space before punctuation: '{title[:60]}'")
    english = "en" in langs
    if not english and not rec.values(13):
        yield Finding("8", 13, "no English title: v13 (English translated title) is needed")
    if english and rec.values(13):
        yield Finding("8", 13, "v13 must be empty when a v12 title is in English")


def _pages(rec: IsisRecord) -> Iterator[Finding]:
    pages = rec.values(14)
    if len(pages) > 4:
        yield Finding("9", 14, "more than 4 page ranges: use 'passim'")
    for value in pages:
        text, subs = split_subfields(value)
        codes = dict(subs)
        if "e" in codes and ("f" in codes or "l" in codes or text):
            yield Finding("9", 14, "^e (electronic location) excludes ^f, ^l and free text")
        elif ("f" in codes) != ("l" in codes) and codes.get("f") != "passim":
            yield Finding("9", 14, "first page (^f) and last page (^l) must come together")
        if text and not (text.startswith("[") and text.endswith("]")):
            yield Finding("9", 14, f"free text in pages must be inside [ ]: '{text}'")


def _addresses(rec: IsisRecord) -> Iterator[Finding]:
    urls = []
    for value in rec.values(8):
        _, subs = split_subfields(value)
        codes = dict(subs)
        urls.append(codes.get("u"))
        if not codes.get("u"):
            yield Finding("10", 8, "electronic address without URL (^u)")
        if not codes.get("q") or not codes.get("y"):
            yield Finding("10", 8, "electronic address needs ^q (extension) and ^y (file type)")
        if codes.get("i") not in LANGS:
            yield Finding(
                "10",
                8,
                f"electronic address language ^i{codes.get('i', '')} is not pt, es, en or fr",
            )
    if not urls:
        yield Finding("11", 8, "no electronic address (v8): LILACS needs the full text")
    if len(set(urls)) != len(urls):
        yield Finding("10", 8, "the same URL appears twice in v8")


def _languages(rec: IsisRecord) -> Iterator[Finding]:
    for lang in rec.values(40):
        if lang not in LANGS:
            yield Finding("13", 40, f"text language '{lang}' is not pt, es, en or fr")
    for value in rec.values(83):
        if subfield(value, "i") not in LANGS:
            yield Finding(
                "13", 83, f"abstract language ^i{subfield(value, 'i')} is not pt, es, en or fr"
            )


def _codes(rec: IsisRecord) -> Iterator[Finding]:
    if rec.first(9) not in ("a", "g", "i", ""):
        yield Finding("14", 9, f"record type '{rec.first(9)}' is incompatible with LILACS")
    if rec.first(110) not in ("", "s"):
        yield Finding("15", 110, "item form of a journal article must be 's' (electronic) or empty")
    if rec.first(113) not in ("p", "u"):
        yield Finding("16", 113, "type of journal must be 'p' (periodical) or 'u' (separatum)")


def _doi(rec: IsisRecord) -> Iterator[Finding]:
    doi = rec.first(724)
    if doi and not doi[:1].isdigit():
        yield Finding("17", 724, f"DOI '{doi}' must start with a digit (10.xxxx/...), not a URL")


def _indexed(rec: IsisRecord) -> Iterator[Finding]:
    """Rule 18: a published record names the databases that index it (v904, ``indexed_database``)."""
    indexed = set(rec.values(904))
    if not indexed:
        yield Finding("18", 904, "no indexed database (v904); name LILACS (or another database)")
    elif "LILACS" in rec.values(4) and "LILACS" not in indexed:
        yield Finding("18", 904, "v4 says LILACS but v904 does not list LILACS")


def _serial(rec: IsisRecord) -> Iterator[Finding]:
    if not rec.first(31) and not rec.first(32):
        yield Finding("19", 31, "volume (v31) or issue (v32) is required")
    issn = rec.first(35)
    if issn and not _ISSN.match(issn):
        yield Finding("19", 35, f"ISSN '{issn}' is not NNNN-NNNN")


def _dates(rec: IsisRecord) -> Iterator[Finding]:
    printed, normalised = rec.first(64), rec.first(65)
    years = re.findall(r"\b(\d{4})\b", printed)
    if printed and not years:
        yield Finding("19", 64, f"publication date '{printed}' has no 4-digit year")
    if normalised and not re.fullmatch(r"\d{8}", normalised):
        yield Finding("19", 65, f"normalised date '{normalised}' is not YYYYMMDD")
    elif normalised and years and normalised[:4] not in years:
        yield Finding("19", 65, f"year of v65 ({normalised[:4]}) differs from v64 ('{printed}')")
    elif normalised and printed.strip() in years and normalised[4:] != "0000":
        yield Finding("19", 65, "v64 gives only a year, so v65 must be YYYY0000")


def _descriptors(rec: IsisRecord) -> Iterator[Finding]:
    if not rec.values(87):
        yield Finding(
            "12", 87, "no primary DeCS descriptor (v87): indexing by a LILACS centre is pending"
        )
