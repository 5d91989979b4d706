"""Normalisation of printed reference parts: authors, pages, years, journals, DOIs."""

from __future__ import annotations

import pytest

from scielo_pub.citations.normalise import (
    expand_pages,
    fold,
    initials,
    journal_key,
    normalise_doi,
    number_of,
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
    people = split_authors("Almendra MI, Prado FGM, Vilar G, et al.")
    assert [p["surname"] for p in people] == ["Almendra", "Prado", "Vilar"]
    assert people[1]["given_names"] == "FGM"


def test_abnt_author_list_with_particle_after_given_names():
    people = split_authors("FREITAS, J. H. de; BRAGA, J. G.; VIANA, S.")
    assert [(p["surname"], p["given_names"]) for p in people] == [
        ("FREITAS", "J. H."),
        ("BRAGA", "J. G."),
        ("VIANA", "S."),
    ]


def test_apa_author_list_with_ampersand():
    people = split_authors("Romero, C., Paunesku, D., & Dweck, C.")
    assert [p["surname"] for p in people] == ["Romero", "Paunesku", "Dweck"]


def test_capitalised_suffix_is_not_taken_for_initials():
    people = split_authors("CAMPELO NETO, T. R.")
    assert [(p["surname"], p.get("suffix"), p["given_names"]) for p in people] == [
        ("CAMPELO", "NETO", "T. R.")
    ]
    assert [p["surname"] for p in split_authors("SALGADO JR, Anselmo Pires")] == ["SALGADO"]


def test_iso690_commas_pair_capitalised_surnames_with_long_given_names():
    people = split_authors("ORTEGA, Ana Lucia Maria Clara Ines, DA ROCHA, Pedro, PALHARES, Irene")
    assert [p["surname"] for p in people] == ["ORTEGA", "DA ROCHA", "PALHARES"]
    assert people[0]["given_names"] == "Ana Lucia Maria Clara Ines"


def test_five_dotted_initials():
    people = split_authors("Saraiva, B. B. G. T. B., Quental, L. M., & Walcott, J.")
    assert [p["surname"] for p in people] == ["Saraiva", "Quental", "Walcott"]


def test_e_and_y_join_compound_surnames_unless_they_follow_a_name():
    def keys(text):
        return [p["surname"] for p in split_authors(text)]

    assert keys("Paiva-Lobo JA, Souza e Silva MB") == ["Paiva-Lobo", "Souza e Silva"]
    assert keys("Ortega y Gasset J, Lima C") == ["Ortega y Gasset", "Lima"]
    assert keys("Paiva JA, Quintal MB e Reis T") == ["Paiva", "Quintal", "Reis"]
    assert keys("Paiva, J. A., Quintal, M. B. y Reis, T.") == ["Paiva", "Quintal", "Reis"]


def test_two_capital_letters_after_a_surname_are_initials_not_junior():
    assert [(p["surname"], p["given_names"]) for p in split_authors("Drago JR, Lima CD")] == [
        ("Drago", "JR"),
        ("Lima", "CD"),
    ]


def test_two_letter_article_numbers_and_glued_supplements():
    assert split_pages("CD004112") == ("CD004112", None)
    assert split_pages("e230029") == ("e230029", None)
    assert number_of("Suppl2") == "Suppl 2"


def test_corporate_author_becomes_collab():
    assert split_authors("World Health Organization") == [{"collab": "World Health Organization"}]


def test_initials_and_fold():
    assert initials("Maria Helena da Silva") == "MHS"
    assert initials("J. H.") == "JH"
    assert fold("Saúde Pública, São Paulo!") == "saude publica sao paulo"


def test_journal_full_title_and_abbreviation_share_a_key():
    assert journal_key("Revista Brasileira de Odontologia") == journal_key("Rev Bras Odontol")
    assert journal_key("Journal of Tropical Pediatrics") == journal_key("J. Trop. Pediatr.")
    assert journal_key("The Lancet") == journal_key("Lancet")
    assert journal_key("Journal of Tropical Pediatrics") != journal_key("Journal of Pediatrics")


def test_years_and_dois():
    assert year_of("2013 [acesso em 29 de setembro de 2014]") == "2013"
    assert year_of("s.d.") is None
    assert (
        normalise_doi("https://doi.org/10.1590/S0303-76572005000300008.")
        == "10.1590/s0303-76572005000300008"
    )


def test_iso4_style_abbreviations_are_recognised():
    from scielo_pub.citations.normalise import abbreviation_of

    assert abbreviation_of("Rev Lat Am Enfermagem", "Revista Latino-Americana de Enfermagem")
    assert abbreviation_of("Ann Trop Paediatr", "Annals of Tropical Paediatrics")
    assert not abbreviation_of("Rev Bras Saude Ocup", "Cadernos de Saúde Pública")
    assert not abbreviation_of("J", "Journal of Everything Under the Sun")


def test_given_name_first_lists():
    people = split_authors("A. Cau, R. Kuiper, and W.-P. de Roever.")
    assert [(p["surname"], p["given_names"]) for p in people] == [
        ("Cau", "A."),
        ("Kuiper", "R."),
        ("de Roever", "W.-P."),
    ]
    assert split_authors("Barros Filho W")[0] == {
        "surname": "Barros",
        "given_names": "W",
        "suffix": "Filho",
    }
