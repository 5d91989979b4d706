"""Normalisation of printed reference parts: authors, pages, years, journals, DOIs."""

from __future__ import annotations

import pytest

from scielo_pub.citations.normalise import (
    expand_pages,
    fold,
    initials,
    journal_key,
    normalise_doi,
    split_authors,
    split_pages,
    year_of,
)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("106", "13", "113"),
        ("212", "24", "224"),
        ("1000", "8", "1008"),
        ("98", "102", "102"),
        ("154", "9", "159"),
    ],
)
def test_abbreviated_last_page_is_expanded(first, last, expected):
    assert expand_pages(first, last) == (first, expected)


def test_last_page_lower_than_first_is_left_alone():
    assert expand_pages("98", "2") == ("98", "2")


def test_page_ranges_from_printed_forms():
    assert split_pages("p. 33-50") == ("33", "50")
    assert split_pages("1521-8") == ("1521", "1528")
    assert split_pages("e230029") == ("e230029", None)
    assert split_pages("S53-S72") == ("S53", "S72")


def test_vancouver_author_list():
    people = split_authors("Anghebem MI, Rego FGM, Picheth G, et al.")
    assert [p["surname"] for p in people] == ["Anghebem", "Rego", "Picheth"]
    assert people[1]["given_names"] == "FGM"


def test_abnt_author_list_with_particle_after_given_names():
    people = split_authors("FREITAS, J. H. de; BRIDA, J. G.; VOLO, S.")
    assert [(p["surname"], p["given_names"]) for p in people] == [
        ("FREITAS", "J. H."),
        ("BRIDA", "J. G."),
        ("VOLO", "S."),
    ]


def test_apa_author_list_with_ampersand():
    people = split_authors("Romero, C., Paunesku, D., & Dweck, C.")
    assert [p["surname"] for p in people] == ["Romero", "Paunesku", "Dweck"]


def test_corporate_author_becomes_collab():
    assert split_authors("World Health Organization") == [{"collab": "World Health Organization"}]


def test_initials_and_fold():
    assert initials("Maria Odila da Silva") == "MOS"
    assert initials("J. H.") == "JH"
    assert fold("Saúde Pública, São Paulo!") == "saude publica sao paulo"


def test_journal_full_title_and_abbreviation_share_a_key():
    assert journal_key("Revista Brasileira de Enfermagem") == journal_key("Rev Bras Enferm")
    assert journal_key("Journal of Advanced Nursing") == journal_key("J. Adv. Nurs.")
    assert journal_key("The Lancet") == journal_key("Lancet")
    assert journal_key("Journal of Advanced Nursing") != journal_key("Journal of Nursing")


def test_years_and_dois():
    assert year_of("2013 [acesso em 29 de setembro de 2014]") == "2013"
    assert year_of("s.d.") is None
    assert (
        normalise_doi("https://doi.org/10.1590/S0034-89102005000300008.")
        == "10.1590/s0034-89102005000300008"
    )


def test_iso4_style_abbreviations_are_recognised():
    from scielo_pub.citations.normalise import abbreviation_of

    assert abbreviation_of("Rev Lat Am Enfermagem", "Revista Latino-Americana de Enfermagem")
    assert abbreviation_of("Eval Health Prof", "Evaluation & the Health Professions")
    assert not abbreviation_of("Rev Saude Publica", "Cadernos de Saúde Pública")
    assert not abbreviation_of("J", "Journal of Everything Under the Sun")


def test_given_name_first_lists():
    people = split_authors("A. Cau, R. Kuiper, and W.-P. de Roever.")
    assert [(p["surname"], p["given_names"]) for p in people] == [
        ("Cau", "A."),
        ("Kuiper", "R."),
        ("de Roever", "W.-P."),
    ]
    assert split_authors("Lunardi Filho W")[0] == {
        "surname": "Lunardi",
        "given_names": "W",
        "suffix": "Filho",
    }
