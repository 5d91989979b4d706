"""Cited-source normalisation and matching to the serials registry, step by step."""

from __future__ import annotations

from pathlib import Path

import pytest

from scielo_pub.errors import InputError
from scielo_pub.indicators.serials import (
    SerialMatcher,
    Variant,
    normal_issn,
    read_serials_file,
    source_key,
)

REGISTRY = [
    Variant("0034-8910", "Revista de Saúde Pública", "title"),
    Variant("0034-8910", "Rev. Saúde Pública", "abbrev"),
    Variant("0034-8910", "Rev Saude Publica", "abbrev"),
    Variant("0102-311X", "Cadernos de Saúde Pública", "title"),
    Variant("0102-311X", "Cad. Saúde Pública", "abbrev"),
    Variant("1413-8123", "Ciência & Saúde Coletiva", "title"),
    Variant("0036-4665", "Revista do Instituto de Medicina Tropical de São Paulo", "title"),
    Variant("0037-8682", "Revista da Sociedade Brasileira de Medicina Tropical", "title"),
]


@pytest.fixture
def matcher() -> SerialMatcher:
    return SerialMatcher(REGISTRY)


def test_source_key_is_bibliometria_form():
    assert source_key("Rev. saúde pública.") == "REV SAUDE PUBLICA"
    assert source_key("  Cad.Saúde  Pública ") == "CAD SAUDE PUBLICA"
    assert source_key(None) == ""


def test_exact_variant(matcher):
    a = matcher.match("REV. SAUDE PUBLICA")
    assert (a.issn_l, a.method) == ("0034-8910", "exact")


def test_word_prefix_when_exactly_one_serial(matcher):
    a = matcher.match("Rev Inst Med Trop S Paulo")
    assert (a.issn_l, a.method) == ("0036-4665", "prefix")
    # "Rev Med Trop" names two serials by prefix: not accepted there; the trigram step decides.
    assert matcher.match("Rev Med Trop").method != "prefix"


def test_trigram_catches_misspellings(matcher):
    a = matcher.match("Cadernos de Saude Publca")
    assert (a.issn_l, a.method) == ("0102-311X", "trigram")
    assert a.score is not None and a.score >= 0.8


def test_unmatched(matcher):
    a = matcher.match("Journal of Unknown Things")
    assert (a.issn_l, a.method) == (None, "unmatched")
    assert matcher.match("").method == "unmatched"


def test_manual_addition_wins(matcher):
    m = SerialMatcher([*REGISTRY, Variant("1413-8123", "Cienc Saude Colet", "manual")])
    assert matcher.match("Cienc Saude Colet").method in {"prefix", "trigram", "unmatched"}
    a = m.match("Ciênc. saúde colet.")
    assert (a.issn_l, a.method) == ("1413-8123", "manual")


def test_threshold_is_a_parameter():
    strict = SerialMatcher(REGISTRY, threshold=0.99)
    assert strict.match("Cadernos de Saude Publca").method == "unmatched"


def test_normal_issn():
    assert normal_issn("0102311x") == "0102-311X"
    assert normal_issn("0102-311") is None


def test_read_serials_csv_and_tsv(tmp_path: Path):
    csv_file = tmp_path / "s.csv"
    csv_file.write_text(
        "ISSN-L,Title,Abbrev,ISSN\n"
        "0001-3765,Anais da Academia Brasileira de Ciências,An Acad Bras Cienc|An. Acad. Bras. Ciênc.,0001-3765\n"
        "bad,No ISSN,,\n",
        encoding="utf-8",
    )
    rows, problems = read_serials_file(csv_file)
    assert [r.serial.issn_l for r in rows] == ["0001-3765"]
    assert [v.text for v in rows[0].variants][1:] == [
        "An Acad Bras Cienc",
        "An. Acad. Bras. Ciênc.",
    ]
    assert [p.format() for p in problems] == [
        f"{csv_file}:3:1: error: row without a valid ISSN-L and title [serials-row]"
    ]
    tsv = tmp_path / "s.tsv"
    tsv.write_text(
        "issn_l\tjournal\tmedline_ta\n0036-4665\tRev Inst Med Trop\tRev Inst Med Trop Sao Paulo\n"
    )
    rows, problems = read_serials_file(tsv)
    assert rows[0].variants[1].kind == "user" and not problems


def test_read_serials_needs_header(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(InputError):
        read_serials_file(bad)


def test_sibling_titles_are_not_trigram_matches(matcher):
    # "Cad" vs "Rev" with the same rest: cosine 0.80, a different journal.
    assert matcher.match("Cad Saude Publica").issn_l == "0102-311X"  # its own prefix match
    lone = SerialMatcher([Variant("0034-8910", "Rev Saude Publica")])
    assert lone.match("Cad Saude Publica").method == "unmatched"
