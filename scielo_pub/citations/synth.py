"""A random seed in, labelled synthetic reference strings out (Vancouver, ABNT, APA, ISO 690; pt/es/en).

Each generated reference is a list of ``(text, label)`` segments; separators carry ``None`` and are
attached to a neighbouring field when tokens are labelled. The records are invented from the word
patterns in :mod:`vocab` (written for this project) filled from the package lexicons of :mod:`lexicon`
(Faker names, GeoNames cities, pycountry countries, the ISO 4 word list), so no evaluation string
reaches the training data.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon, vocab

Segments = list[tuple[str, str | None]]
STYLES = ("vancouver", "abnt", "apa", "iso690", "ieee", "computing", "chicago")
KINDS = ("journal",) * 6 + ("book", "book", "chapter", "thesis", "webpage", "report", "confproc")


@dataclass
class Record:
    """A structured invented reference; the fields the renderers need."""

    kind: str
    lang: str
    authors: list[tuple[str, str]]
    corporate: str = ""
    title: str = ""
    source: str = ""
    abbrev: str = ""
    year: int = 2000
    month: int = 0
    volume: str = ""
    issue: str = ""
    fpage: str = ""
    lpage: str = ""
    elocation: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    edition: int = 0
    publisher: str = ""
    city: str = ""
    editors: list[tuple[str, str]] = field(default_factory=list)
    degree: str = ""
    note: str = ""
    placeholder: bool = False


# How often a person of each Faker locale is drawn (SciELO references cite mostly Brazilian,
# Hispanic and English-speaking authors).
LOCALE_WEIGHTS = {
    "pt_BR": 6,
    "pt_PT": 1,
    "es_ES": 2,
    "es_MX": 1,
    "es_CO": 1,
    "es_CL": 1,
    "es_AR": 1,
    "en_US": 4,
    "en_GB": 1,
    "de_DE": 1,
    "fr_FR": 1,
    "it_IT": 1,
    "ja_JP": 1,
    "zh_CN": 1,
}


def _surname(rng: random.Random, locale: str | None = None) -> str:
    table = lexicon.surnames_by_locale()
    locale = locale or rng.choices(list(LOCALE_WEIGHTS), weights=list(LOCALE_WEIGHTS.values()))[0]
    return rng.choice(table.get(locale) or table["en_US"])


def _person(rng: random.Random) -> tuple[str, str]:
    locale = rng.choices(list(LOCALE_WEIGHTS), weights=list(LOCALE_WEIGHTS.values()))[0]
    surname = _surname(rng, locale)
    roll = rng.random()
    if roll < 0.25 and locale[:2] in ("pt", "es"):
        surname = f"{_surname(rng, locale)} {surname}"
    elif roll < 0.3:
        surname = f"{surname} {rng.choice(vocab.SUFFIXES)}"
    elif roll < 0.36:
        surname = f"{rng.choice(vocab.PARTICLES)} {surname}"
    elif roll < 0.38:
        surname = f"{surname}-{_surname(rng, locale)}"
    names = lexicon.given_by_locale()
    pool = names.get(locale) or names["en_US"]
    given = " ".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 2, 3))))
    return surname, given


def _city(rng: random.Random) -> str:
    """A city, the big ones more often (the first 200 of the list by population half the time)."""
    names = lexicon.cities()
    return rng.choice(names[:200] if rng.random() < 0.5 else names)


ENGLISH_MARKS = ("University", "Press", "International", "Annual", "World", "National", "Society")
SPANISH_MARKS = (
    "Universidad",
    "Ediciones",
    "Editorial",
    "Congreso",
    "Jornadas",
    "Ministerio",
    "Fondo",
)


def _fill(rng: random.Random, pattern: str) -> str:
    """A name pattern of :mod:`vocab` with its slots filled in the pattern's language."""
    words = pattern.replace(",", " ").split()
    lang = (
        "en"
        if any(w in ENGLISH_MARKS for w in words)
        else "es"
        if any(w in SPANISH_MARKS for w in words)
        else "pt"
    )
    return pattern.format(
        surname=_surname(rng),
        surname2=_surname(rng),
        city=_city(rng),
        region=rng.choice(lexicon.regions("BR")),
        country=rng.choice(lexicon.countries("pt" if "{country}." in pattern else lang)),
        field=rng.choice(vocab.FIELDS[lang].split("|")),
    )


def _publisher(rng: random.Random) -> str:
    return _fill(rng, rng.choice(vocab.PUBLISHER_PATTERNS))


def _university(rng: random.Random) -> str:
    return _fill(rng, rng.choice(vocab.UNIVERSITY_PATTERNS))


def _organisation(rng: random.Random) -> str:
    return _fill(rng, rng.choice(vocab.ORGANISATION_PATTERNS))


def event_name(rng: random.Random) -> str:
    """An invented conference name (``Congresso Brasileiro de Enfermagem``)."""
    return _fill(rng, rng.choice(vocab.EVENT_PATTERNS))


def _web_host(rng: random.Random) -> str:
    words = [a.rstrip(".").lower() for _, a, _ in lexicon.ltwa() if a and a.rstrip(".").isalpha()]
    name = rng.choice(words) + (rng.choice(words) if rng.random() < 0.3 else "")
    return f"{'www.' if rng.random() < 0.6 else ''}{name}.{rng.choice(vocab.TLDS.split('|'))}"


def _free_title(rng: random.Random, lang: str) -> str:
    words = vocab.GENERIC[lang].split()
    n = rng.randint(2, 14)
    out = [rng.choice(words) for _ in range(n)]
    if rng.random() < 0.3:
        proper = _surname(rng) if rng.random() < 0.5 else rng.choice(lexicon.countries(lang))
        out.insert(rng.randrange(len(out) + 1), proper)
    if rng.random() < 0.15:
        out.append(str(rng.randint(1800, 2020)))
    text = " ".join(out)
    if rng.random() < 0.45:
        k = rng.randint(1, len(out))
        sub = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        text = " ".join(out[:k]) + rng.choice((": ", ": ", ". ", " - ", "? ")) + sub
    return text[0].upper() + text[1:]


def _title(rng: random.Random, lang: str, patterns: dict) -> str:
    text = _free_title(rng, lang) if rng.random() < 0.5 else _pattern_title(rng, lang, patterns)
    if rng.random() < 0.2:
        small = {
            "of",
            "and",
            "in",
            "the",
            "for",
            "de",
            "da",
            "do",
            "e",
            "y",
            "la",
            "el",
            "em",
            "en",
        }
        text = " ".join(w if w in small else w[:1].upper() + w[1:] for w in text.split())
    return text


def _pattern_title(rng: random.Random, lang: str, patterns: dict) -> str:
    topics = vocab.TOPICS[lang].split("|")
    topic, topic2 = rng.sample(topics, 2)
    y1 = rng.randint(1990, 2015)
    text = rng.choice(patterns[lang]).format(
        Topic=topic[0].upper() + topic[1:],
        topic=topic,
        topic2=topic2,
        pop=rng.choice(vocab.POPULATIONS[lang].split("|")),
        place=_place(rng, lang),
        design=rng.choice(vocab.DESIGNS[lang].split("|")),
        y1=y1,
        y2=y1 + rng.randint(2, 12),
    )
    if rng.random() < 0.1:
        text = text.replace(":", "?", 1) if rng.random() < 0.3 else text + " (" + str(y1) + ")"
    return text


def _place(rng: random.Random, lang: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(lexicon.countries(lang))
    return rng.choice(lexicon.regions("BR")) if roll < 0.6 else _city(rng)


def _doi(rng: random.Random, year: int) -> str:
    prefix = f"10.{rng.randint(1000, 9999) if rng.random() < 0.8 else rng.randint(10000, 99999)}"
    if rng.random() < 0.25:  # SciELO-style suffix: S + ISSN + year + sequence
        issn = f"{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"
        return f"{prefix}/S{issn}{year}{rng.randint(0, 999999999):09d}"
    chars = string.ascii_lowercase + string.digits
    suffix = "".join(rng.choice(chars) for _ in range(rng.randint(5, 12)))
    shape = rng.random()
    if shape < 0.4:
        return f"{prefix}/j.{suffix[:4]}.{year}.{rng.randint(1, 99)}.{rng.randint(100, 999)}"
    if shape < 0.7:
        return f"{prefix}/{suffix}"
    return f"{prefix}/{suffix[:3]}.{year}.{rng.randint(100000, 999999)}"


@lru_cache(maxsize=1)
def _subject_words() -> dict[str, tuple[str, ...]]:
    """Whole words (not stems) of the ISO 4 list per language, for invented journal subjects."""
    out: dict[str, list[str]] = {"en": [], "pt": [], "es": []}
    lang_of = {"eng": "en", "por": "pt", "spa": "es"}
    for word, abbr, lang in lexicon.ltwa():
        if lang in lang_of and word.isalpha() and len(word) > 3 and abbr:
            out[lang_of[lang]].append(word)
    return {k: tuple(v) for k, v in out.items()}


def _random_journal(rng: random.Random, lang: str = "en") -> tuple[str, str]:
    """An invented journal title and its ISO 4 abbreviation in NLM form (``Arq Bras Odontol``)."""
    words = _subject_words()[lang]
    subject = [rng.choice(words) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    joiner = {"en": " and ", "pt": " e ", "es": " y "}[lang]
    subject_text = joiner.join(w.capitalize() for w in subject)
    if rng.random() < 0.3:
        full = subject_text
    else:
        full = f"{rng.choice(vocab.JOURNAL_HEADS[lang].split('|'))} {subject_text}"
    abbr = lexicon.abbreviate(full)
    if rng.random() < 0.15:
        abbr += f" ({_city(rng).split()[0]})"
    return full, abbr


def make_record(rng: random.Random) -> Record:
    """One invented structured reference of a random kind and language."""
    kind = rng.choice(KINDS)
    lang = rng.choice(("en", "en", "pt", "pt", "es"))
    nauthors = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 9))
    rec = Record(kind=kind, lang=lang, authors=[_person(rng) for _ in range(nauthors)])
    if rng.random() < 0.07 or kind in ("webpage", "report") and rng.random() < 0.6:
        rec.authors, rec.corporate = [], _organisation(rng)
    rec.year = rng.randint(1950, 2025)
    rec.month = rng.choice((0, 0, 0, rng.randint(1, 12)))
    rec.title = _title(rng, lang, vocab.TITLE_PATTERNS if kind != "book" else vocab.BOOK_PATTERNS)
    if kind in ("book", "chapter") and rng.random() < 0.2:
        person = _person(rng)
        rec.note = rng.choice(vocab.NOTES[lang]).format(name=f"{person[1]} {person[0]}")
    if rng.random() < 0.03:
        rec.placeholder = True
    if kind in ("journal",):
        rec.source, rec.abbrev = _random_journal(rng, lang)
        rec.volume = str(rng.randint(1, 400))
        rec.issue = rng.choice(
            (str(rng.randint(1, 12)),) * 8 + ("", f"Suppl {rng.randint(1, 3)}", "Esp", "Supl 1")
        )
        _pages(rng, rec)
    else:
        rec.publisher = _publisher(rng)
        rec.city = _city(rng)
        rec.edition = rng.choice((0, 0, 0, 2, 3, 4))
    if kind == "chapter":
        rec.editors = [_person(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
        rec.source = _title(rng, lang, vocab.BOOK_PATTERNS)
        _pages(rng, rec)
    if kind == "thesis":
        rec.publisher = _university(rng)
        rec.degree = rng.choice(("Tese", "Dissertação", "Tesis", "Thesis", "Doutorado", "Mestrado"))
    if kind == "confproc":
        rec.source = event_name(rng) + f", {rng.randint(1, 45)}."
        if rng.random() < 0.4:
            rec.source = rng.choice(("Anais do ", "Proceedings of the ", "Actas del ")) + rec.source
    if kind in ("webpage", "report") or rng.random() < 0.08:
        host = _web_host(rng)
        path = "/".join(rng.choice(vocab.URL_PATHS.split("|")) for _ in range(2))
        rec.url = f"http{'s' if rng.random() < 0.7 else ''}://{host}/{path}/{rng.randint(1, 99999)}"
    if kind == "journal" and rng.random() < 0.5 or rng.random() < 0.05:
        rec.doi = _doi(rng, rec.year)
    if kind == "journal" and rng.random() < 0.06:
        rec.pmid = str(rng.randint(1000000, 39999999))
    return rec


def _pages(rng: random.Random, rec: Record) -> None:
    if rng.random() < 0.08:
        rec.elocation = f"e{rng.randint(100, 999999)}"
        return
    first = rng.randint(1, 2500)
    rec.fpage = str(first)
    if rng.random() < 0.92:
        rec.lpage = str(first + rng.randint(1, 40))


def _initials(given: str, dots: bool, space: bool = True) -> str:
    parts = [g[0] for g in given.replace("-", " ").split()]
    if dots:
        return (" " if space else "").join(p + "." for p in parts)
    return "".join(parts)


def _abbrev_lpage(fpage: str, lpage: str) -> str:
    """Vancouver drops the leading digits the last page shares with the first: 212-224 -> 212-24."""
    if len(fpage) != len(lpage):
        return lpage
    i = 0
    while i < len(lpage) - 1 and fpage[i] == lpage[i]:
        i += 1
    return lpage[i:]


def _month(rng: random.Random, rec: Record, lang: str, abbr: bool) -> str:
    table = vocab.MONTH_ABBR if abbr else vocab.MONTHS
    return table[lang].split()[rec.month - 1]


class Builder:
    """Collects ``(text, label)`` segments."""

    def __init__(self) -> None:
        self.segments: Segments = []

    def add(self, text: str, label: str | None) -> None:
        if text:
            self.segments.append((text, label))

    def sep(self, text: str) -> None:
        if self.segments and self.segments[-1][1] is None and text:
            merged = self.segments.pop()[0] + text
            text = merged.replace("  ", " ").replace(". .", ".").replace(".. ", ". ")
        self.add(text, None)


def _number(rng: random.Random, b: Builder, index: int) -> None:
    form = rng.choice(("", "", "", "{}. ", "{} ", "[{}] ", ". ", "{}) "))
    if form:
        b.add(form.format(index).rstrip(), "num")
        b.sep(" ")


def _doi_text(rng: random.Random, b: Builder, doi: str) -> None:
    form = rng.choice(
        (
            "doi: {}",
            "DOI:{}",
            "DOI: {}",
            "https://doi.org/{}",
            "doi:{}",
            "http://dx.doi.org/{}",
            "Doi: https://doi.org/{}",
            "doi.org/{}",
            "http://doi.org/{}",
        )
    )
    b.add(form.format(doi), "doi")


def _names(rng: random.Random, rec: Record, style: str, people=None) -> str:
    if people is None and rec.placeholder and style == "abnt":
        return "_______"
    people = rec.authors if people is None else people
    if not people:
        return rec.corporate
    upper = style in ("abnt", "iso690") and rng.random() < 0.85
    full = style in ("abnt", "iso690") and rng.random() < 0.45
    rendered = []
    for surname, given in people:
        sur = surname.upper() if upper else surname
        if style == "vancouver":
            rendered.append(f"{sur}{',' if rng.random() < 0.03 else ''} {_initials(given, False)}")
        elif style == "apa":
            rendered.append(f"{sur}, {_initials(given, True)}")
        else:
            rendered.append(f"{sur}, {given if full else _initials(given, True)}")
    limit = {"vancouver": 6, "abnt": 3, "apa": 20, "iso690": 3}[style]
    etal = len(rendered) > limit and rng.random() < 0.8
    if etal:
        rendered = rendered[: 1 if style == "abnt" and rng.random() < 0.5 else limit]
    joiner = {"vancouver": ", ", "apa": ", ", "abnt": "; ", "iso690": rng.choice(("; ", ", "))}[
        style
    ]
    text = joiner.join(rendered)
    if style == "apa" and len(rendered) > 1 and not etal:
        text = ", ".join(rendered[:-1]) + rng.choice((", & ", " & ", ", and ")) + rendered[-1]
    if etal:
        text += (
            rng.choice((", et al", " et al", " et al.", ", et al."))
            if style != "apa"
            else ", et al."
        )
    return text


def render(rec: Record, style: str, rng: random.Random, index: int = 1) -> Segments:
    """The printed form of ``rec`` in ``style`` as labelled segments."""
    b = Builder()
    _number(rng, b, index)
    from .synth_styles import RENDERERS

    renderers = {"vancouver": _vancouver, "abnt": _abnt, "apa": _apa, "iso690": _iso690}
    {**renderers, **RENDERERS}[style](rec, rng, b)
    return b.segments


def _end(text: str) -> str:
    return text if text[-1:] in ".?!" else text + "."


def _vancouver(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add(_end(_names(rng, rec, "vancouver")), "author")
    b.sep(" ")
    if rec.kind == "journal":
        b.add(_end(rec.title), "title")
        b.sep(" ")
        b.add(rec.abbrev if rng.random() < 0.85 else rec.source, "source")
        internet = rng.random() < 0.12
        if internet:
            b.sep(" ")
            b.add("[Internet]", "note")
        b.sep(". " if rng.random() < 0.85 else " ")
        b.add(str(rec.year), "year")
        if rec.month:
            b.add(" " + _month(rng, rec, rec.lang if rng.random() < 0.3 else "en", True), "year")
        if internet:
            b.sep(" ")
            b.add(
                f"[cited {rng.randint(2000, 2024)} {rng.choice(('Jan', 'Mar', 'Jul'))} {rng.randint(1, 28)}]",
                "note",
            )
        spaced = rng.random() < 0.15
        b.sep("; " if spaced else ";")
        b.add(rec.volume, "volume")
        if rec.issue:
            b.add(f"({rec.issue})", "issue")
        b.sep(": " if spaced else ":")
        _vpages(rec, rng, b)
        b.sep(". " if rng.random() < 0.8 else ", ")
    else:
        _vancouver_other(rec, rng, b)
    _tail_ids(rec, rng, b, "Available from: " if rec.lang == "en" else "Disponível em: ")


def _vpages(rec: Record, rng: random.Random, b: Builder) -> None:
    if rec.elocation:
        b.add(rec.elocation, "pages")
    elif rec.lpage:
        last = _abbrev_lpage(rec.fpage, rec.lpage) if rng.random() < 0.8 else rec.lpage
        b.add(f"{rec.fpage}{rng.choice(('-', '-', '–'))}{last}", "pages")
    else:
        b.add(rec.fpage, "pages")


def _vancouver_other(rec: Record, rng: random.Random, b: Builder) -> None:
    if rec.kind == "chapter":
        b.add(_end(rec.title), "title")
        b.sep(" ")
        editors = _names(rng, rec, "vancouver", rec.editors)
        b.add(f"In: {editors}, {'editors' if len(rec.editors) > 1 else 'editor'}.", "editor")
        b.sep(" ")
        b.add(_end(rec.source), "source")
    else:
        b.add(rec.title, "title")
        if rec.note:
            b.sep(". ")
            b.add(rec.note, "note")
        if rec.kind == "thesis":
            b.sep(" ")
            b.add(f"[{rec.degree}]", "note")
        b.sep(". ")
        if rec.kind == "confproc":
            b.add(_end(rec.source), "source")
    if rec.edition:
        b.sep(" ")
        b.add(f"{rec.edition}{rng.choice(('nd', 'rd', 'th', 'ª', '.'))} ed.", "edition")
    b.sep(" ")
    b.add(rec.city, "location")
    b.sep(": ")
    b.add(rec.publisher, "publisher")
    b.sep("; ")
    b.add(str(rec.year), "year")
    b.sep(". ")
    if rec.kind == "chapter" and rec.fpage:
        b.add(f"p. {rec.fpage}-{rec.lpage or rec.fpage}", "pages")
        b.sep(". ")


def _tail_ids(rec: Record, rng: random.Random, b: Builder, available: str) -> None:
    if rec.url:
        b.add(available.strip(), "note")
        b.sep(" ")
        b.add(rec.url, "url")
        b.sep(". " if rec.doi or rec.pmid else "")
    if rec.doi:
        _doi_text(rng, b, rec.doi)
        b.sep(". " if rec.pmid else rng.choice(("", ".")))
    if rec.pmid:
        b.add(rng.choice(("PMID: ", "PubMed PMID: ", "PMID ")) + rec.pmid, "pmid")
        b.sep(".")


def _abnt(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add(_end(_names(rng, rec, "abnt")), "author")
    b.sep(" ")
    if rec.kind == "journal":
        b.add(_end(rec.title), "title")
        b.sep(" ")
        b.add(rec.source if rng.random() < 0.8 else rec.abbrev, "source")
        b.sep(", " if rng.random() < 0.85 else ". ")
        if rng.random() < 0.3:
            b.add(_city(rng), "location")
            b.sep(", ")
        b.add(f"v. {rec.volume}", "volume")
        if rec.issue:
            b.sep(", ")
            b.add(f"n. {rec.issue}", "issue")
        b.sep(", ")
        if rec.elocation:
            b.add(rec.elocation, "pages")
            b.sep(", ")
        elif rng.random() < 0.88:
            b.add(
                f"p.{' ' if rng.random() < 0.8 else ''}{rec.fpage}"
                + (f"-{rec.lpage}" if rec.lpage else ""),
                "pages",
            )
            b.sep(", ")
        if rec.month:
            b.add(_month(rng, rec, "pt", True) + " ", "year")
        b.add(str(rec.year), "year")
        b.sep(". ")
    else:
        _abnt_other(rec, rng, b)
    _tail_ids_abnt(rec, rng, b)


def _abnt_other(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add(_end(rec.title), "title")
    b.sep(" ")
    if rec.note:
        b.add(_end(rec.note), "note")
        b.sep(" ")
    if rec.kind == "chapter":
        role = rng.choice(("(Org.)", "(Orgs.)", "(Ed.)", "(Coord.)", "(ed.)", ""))
        b.add(f"In: {_names(rng, rec, 'abnt', rec.editors)} {role}".strip() + ".", "editor")
        b.sep(" ")
        b.add(_end(rec.source), "source")
        b.sep(" ")
    if rec.kind == "confproc":
        _abnt_event(rec, rng, b)
        return
    if rec.kind == "thesis":
        _abnt_thesis(rec, rng, b)
        return
    if rec.kind == "report" and rng.random() < 0.5:
        b.add(
            _end(
                rng.choice(
                    (
                        "Working Paper",
                        "Relatório técnico",
                        "Texto para Discussão",
                        "Technical Report",
                    )
                )
            ),
            "note",
        )
        b.sep(" ")
        b.add(rec.publisher, "publisher")
        b.sep(", ")
        b.add(str(rec.year), "year")
        b.sep(". ")
        return
    if rec.edition:
        b.add(f"{rec.edition}. ed.", "edition")
        b.sep(" ")
    if rng.random() < 0.9:
        b.add(rec.city, "location")
        b.sep(": ")
    b.add(rec.publisher, "publisher")
    b.sep(rng.choice((", ", ", ", ". ")))
    b.add(str(rec.year), "year")
    b.sep(". ")
    if rec.fpage and rec.kind == "chapter":
        b.add(f"p.{' ' if rng.random() < 0.7 else ''}{rec.fpage}-{rec.lpage or rec.fpage}", "pages")
        b.sep(". ")


def _abnt_event(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add("In: " if rng.random() < 0.6 else "", "note")
    b.add(rec.source.rstrip("."), "source")
    b.sep(", ")
    b.add(str(rec.year), "year")
    b.sep(", ")
    b.add(rec.city, "location")
    b.sep(". ")
    b.add(rng.choice(("Anais...", "Anais [...].", "Proceedings [...].", "Actas...")), "note")
    b.sep(" ")
    b.add(rec.city, "location")
    b.sep(": ")
    b.add(_publisher(rng), "publisher")
    b.sep(", ")
    b.add(str(rec.year), "year")
    b.sep(". ")


def _abnt_thesis(rec: Record, rng: random.Random, b: Builder) -> None:
    if rng.random() < 0.6:
        b.add(str(rec.year), "year")
        b.sep(". ")
    level = rng.choice(("Doutorado", "Mestrado"))
    b.add(
        f"{rec.degree} ({level} em {rng.choice(('Saúde Pública', 'Economia', 'História', 'Enfermagem'))})",
        "note",
    )
    b.sep(rng.choice((" - ", " – ", ". ")))
    b.add(rec.publisher, "publisher")
    b.sep(", ")
    b.add(rec.city, "location")
    b.sep(rng.choice((", ", ". ")))
    b.add(str(rec.year), "year")
    b.sep(". ")


def _tail_ids_abnt(rec: Record, rng: random.Random, b: Builder) -> None:
    if rec.doi:
        _doi_text(rng, b, rec.doi)
        b.sep(". ")
    if rec.url:
        b.add("Disponível em:" if rec.lang != "es" else "Disponible en:", "note")
        b.sep(" ")
        b.add(rec.url, "url")
        b.sep(". ")
        b.add(
            f"Acesso em: {rng.randint(1, 28)} {rng.choice(vocab.MONTH_ABBR['pt'].split())} {rng.randint(2005, 2024)}.",
            "note",
        )


def _apa(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add(_names(rng, rec, "apa"), "author")
    b.sep(" ")
    b.add(f"({rec.year}).", "year")
    b.sep(" ")
    b.add(_end(rec.title), "title")
    b.sep(" ")
    if rec.kind == "journal":
        b.add(rec.source, "source")
        b.sep(", ")
        b.add(rec.volume, "volume")
        if rec.issue:
            b.add(f"({rec.issue})", "issue")
        b.sep(", ")
        _vpages(rec, rng, b) if rng.random() < 0.3 else b.add(
            rec.elocation or (f"{rec.fpage}-{rec.lpage}" if rec.lpage else rec.fpage), "pages"
        )
        b.sep(". ")
    else:
        if rec.kind == "chapter":
            eds = _names(rng, rec, "apa", rec.editors)
            b.add(f"In {eds} ({'Eds.' if len(rec.editors) > 1 else 'Ed.'}),", "editor")
            b.sep(" ")
            pages = f" (pp. {rec.fpage}-{rec.lpage or rec.fpage})" if rec.fpage else ""
            b.add(rec.source, "source")
            b.add(pages, "pages")
            b.sep(". ")
        if rec.edition:
            b.add(f"({rec.edition}nd ed.).", "edition")
            b.sep(" ")
        b.add(rec.city, "location")
        b.sep(": ")
        b.add(rec.publisher, "publisher")
        b.sep(". ")
    if rec.doi:
        _doi_text(rng, b, rec.doi)
    elif rec.url:
        b.add(rng.choice(("Retrieved from", "Recuperado de")), "note")
        b.sep(" ")
        b.add(rec.url, "url")


def _iso690(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add(_end(_names(rng, rec, "iso690")), "author")
    b.sep(" ")
    b.add(_end(rec.title), "title")
    b.sep(" ")
    if rec.kind == "journal":
        b.add(_end(rec.source), "source")
        b.sep(" ")
        b.add(str(rec.year), "year")
        b.sep(", ")
        b.add(f"vol. {rec.volume}", "volume")
        if rec.issue:
            b.sep(", ")
            b.add(f"no. {rec.issue}", "issue")
        b.sep(", ")
        b.add(rec.elocation or f"pp. {rec.fpage}" + (f"-{rec.lpage}" if rec.lpage else ""), "pages")
        b.sep(". ")
    else:
        if rec.kind == "chapter":
            b.add(f"In: {_names(rng, rec, 'iso690', rec.editors)} (ed.).", "editor")
            b.sep(" ")
            b.add(_end(rec.source), "source")
            b.sep(" ")
        if rec.edition:
            b.add(f"{rec.edition}nd ed.", "edition")
            b.sep(" ")
        b.add(rec.city, "location")
        b.sep(": ")
        b.add(rec.publisher, "publisher")
        b.sep(", ")
        b.add(str(rec.year), "year")
        b.sep(". ")
    if rec.doi:
        b.add("DOI", "doi")
        b.sep(" ")
        b.add(rec.doi, "doi")
        b.sep(".")
    elif rec.url:
        b.add("Available from:", "note")
        b.sep(" ")
        b.add(rec.url, "url")


def generate(count: int, seed: int = 7) -> list[Segments]:
    """``count`` labelled references, styles in the proportions SciELO journals use."""
    rng = random.Random(seed)
    weights = {
        "vancouver": 5,
        "abnt": 4,
        "apa": 2,
        "iso690": 1,
        "ieee": 1,
        "computing": 1,
        "chicago": 1,
    }
    styles = [s for s, w in weights.items() for _ in range(w)]
    out = []
    for i in range(count):
        segments = render(make_record(rng), rng.choice(styles), rng, i % 60 + 1)
        while segments and segments[-1][1] is None and not segments[-1][0].strip(" "):
            segments.pop()
        if segments and segments[-1][1] is None:
            segments[-1] = (segments[-1][0].rstrip(), None)
        out.append(segments)
    return out
