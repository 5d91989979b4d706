"""The package lexicons: the shipped snapshot equals what the packages give; ISO 4 abbreviation."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from scielo_pub.citations import lexicon


def test_the_shipped_snapshot_is_what_the_packages_give():
    shipped = json.loads(lexicon.SNAPSHOT.read_text(encoding="utf-8"))
    assert shipped == lexicon._jsonable(lexicon.read_packages())


def test_lists_are_large_and_from_several_languages():
    assert len(lexicon.surnames_by_locale()["pt_BR"]) > 50
    assert {"pt_BR", "es_ES", "en_US"} <= set(lexicon.given_by_locale())
    assert "São Paulo" in lexicon.cities() and len(lexicon.cities()) > 500
    assert "Brasil" in lexicon.countries("pt") and "Brazil" in lexicon.countries("en")
    assert "Minas Gerais" in lexicon.regions("BR")


def test_iso4_abbreviation_in_nlm_form():
    assert lexicon.abbreviate("Journal of the American Geriatrics Society") == "J Am Geriatr Soc"
    assert lexicon.abbreviate("Memórias do Instituto Oswaldo Cruz") == "Mem Inst Oswaldo Cruz"
    assert lexicon.abbreviate("Revista Brasileira de Odontologia") == "Rev Bras Odontol"
    assert lexicon.abbreviate("Nature") == "Nature"  # one word: not abbreviated (ISO 4)
    assert lexicon.abbreviate("The Lancet") == "Lancet"
    assert lexicon.abbreviate("") == ""


def test_other_names_of_cities_countries_and_states_are_places():
    from scielo_pub.citations.features import is_place

    assert {"Lisboa", "Genebra", "Londres"} <= set(lexicon.exonyms())
    assert "Lisbon" not in lexicon.exonyms()  # the name itself is in cities()
    assert is_place("Lisboa") and is_place("Londres") and is_place("Rio de Janeiro")
    assert is_place("España") and is_place("Minas Gerais")
    assert not is_place("Universidade Nova de Lisboa") and not is_place("Editora Teste")


@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_fold_skips_the_unicode_route_for_ascii_text_with_the_same_result(text):
    """``lexicon._fold`` lower-cases ASCII text directly: what NFKD and the ASCII encoding give."""
    import unicodedata

    slow = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    assert lexicon._fold(text) == slow
