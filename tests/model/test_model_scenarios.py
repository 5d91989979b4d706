"""Scenario tests for the model built from small named inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from scielo_pub.markup.jats import read_xml
from scielo_pub.model import PartialDate, article_from_tree, split_issue

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def article():
    path = DATA / "structured_translated.xml"
    return article_from_tree(read_xml(path.read_bytes()).tree, path=str(path))


def test_identifiers(article):
    assert article.pid == "S0000-00192024000200101"
    assert article.doi == "10.5555/tst.2024.1"
    assert article.order == "00101"
    assert article.journal_acronym == "tst"
    assert (article.issn_print, article.issn_electronic) == ("0000-0019", "2049-3630")


def test_titles_per_language_skip_footnote_marks(article):
    assert article.titles == {
        "pt": "Título em português",
        "es": "Título en español",
        "en": "English title",
    }


def test_contributors_roles_orcid_and_affiliation_links(article):
    author, editor = article.contributors
    assert author.orcid == "0000-0002-1825-0097"
    assert author.affiliation_ids == ("aff1", "aff2")
    assert author.corresponding
    assert editor.role == "editor" and editor.collab == "Grupo de Estudos"
    assert [c.surname for c in article.authors] == ["Silva"]


def test_affiliations_normalised(article):
    first, second = article.affiliations
    assert (first.institution, first.divisions, first.city, first.state) == (
        "Universidade Alfa",
        ("Faculdade Beta",),
        "Recife",
        "PE",
    )
    assert (first.country, first.country_code) == ("Brasil", "BR")
    assert (second.city, second.country_code) == ("Lima", "PE")


def test_structured_abstract_kept_and_graphical_apart(article):
    pt = article.abstracts["pt"]
    assert [s.title for s in pt.sections] == ["Objetivo:", "Métodos:"]
    assert pt.sections[1].text == "Contamos."
    assert article.abstracts["es"].text == "Resumen simple."
    assert article.abstracts["en"].text == "English abstract."
    assert [a.abstract_type for a in article.other_abstracts] == ["graphical"]


def test_keywords_and_decs_vocabulary(article):
    assert article.keywords == {"pt": ("saúde", "teste", "Saúde Pública"), "en": ("health",)}
    assert [g.vocabulary for g in article.keyword_groups] == [None, "decs", None]


def test_dates_issue_supplement_pages(article):
    assert article.history["received"] == PartialDate(2023, 11, 1)
    assert article.history["accepted"].iso() == "2024-01"
    assert article.pub_date.iso() == "2024-03-05"
    assert (article.volume, article.issue, article.supplement) == ("7", "2", "1")
    assert (article.fpage, article.lpage) == ("101", "110")


def test_license_funding_counts(article):
    assert article.license.url == "https://creativecommons.org/licenses/by/4.0/"
    assert article.funding[0].source == "CNPq" and article.funding[0].award_ids == ("123/2020",)
    assert (
        article.declared_counts.fig == 2 and article.counts.fig == 2
    )  # sub-article figure not counted
    assert article.counts.ref == 2


def test_translations_and_other_sub_articles(article):
    assert article.translations == ("en",)
    assert article.languages == ("pt", "en")
    assert [s.article_type for s in article.sub_articles] == ["translation", "reviewer-report"]


def test_references_structured_and_printed(article):
    b1, b2 = article.references
    assert b1.doi == "10.5555/x.1" and b1.authors[0].surname == "Souza"
    assert b1.mixed_citation == "Souza J. Título. Rev X. 2020;1(2):10-5."
    assert b2.source is None and b2.mixed_citation.startswith("World Health Organization")


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        ("3", ("3", None)),
        ("2 Suppl 1", ("2", "1")),
        ("suppl", (None, "0")),
        ("4 supl. 2", ("4", "2")),
        (None, (None, None)),
    ],
)
def test_split_issue(issue, expected):
    assert split_issue(issue) == expected


def test_minimal_article_has_nulls_not_inventions():
    article = article_from_tree(read_xml(b"<article/>").tree)
    assert article.pid is None and article.doi is None and article.titles == {}
    assert article.references == () and article.pub_date is None
