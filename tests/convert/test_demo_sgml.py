"""The demo collection's Markup (.sgm) articles: valid SciELO PS after conversion, same metadata
as their SGML source states (tests/convert/demo_expected.json, read with OpenSP, see
make_demo_expected.py), and a real mix of Markup habits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scielo_pub.markup.sgml_reader import read_sgml_article
from scielo_pub.model import article_from_tree

from .conftest import assert_valid
from .markup_facts import facts, model_facts
from .opensp import HAVE_OPENSP

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "collections" / "demo" / "journals"
EXPECTED = json.loads(Path(__file__).with_name("demo_expected.json").read_text(encoding="utf-8"))
ARTICLES = sorted(EXPECTED)


def _convert(key: str):
    data = (DEMO / key).read_bytes()
    tree, diags = read_sgml_article(data, path=str(DEMO / key), dtd="art4_0")
    assert tree is not None, [d.format() for d in diags]
    return tree, diags


@pytest.mark.parametrize("key", ARTICLES)
def test_demo_article_converts_to_valid_jats(key, jats_dtd):
    tree, diags = _convert(key)
    assert_valid(jats_dtd, tree.getroot(), key)
    assert [d.format() for d in diags if d.is_error] == []


@pytest.mark.parametrize("key", ARTICLES)
def test_demo_article_model_has_the_metadata_its_sgml_states(key):
    expected = EXPECTED[key]["expected"]
    actual = model_facts(article_from_tree(_convert(key)[0]))
    for field, value in expected.items():
        got = actual[field]
        if isinstance(value, dict):
            got = {k: got.get(k) for k in value}
        assert json.loads(json.dumps(got)) == value, field


@pytest.mark.skipif(not HAVE_OPENSP, reason="needs OpenSP")
@pytest.mark.parametrize("key", ARTICLES)
def test_expected_values_still_match_the_sgml_source(key):
    entry = EXPECTED[key]
    assert facts((DEMO / key).read_bytes(), entry["encoding"]) == entry["expected"]


def test_demo_is_at_least_half_sgml_with_mixed_habits():
    sgm = sorted(DEMO.glob("*/issues/*/*.sgm"))
    # The hand-written articles; the short XML ones of the earlier issues that give the citation
    # statistics their years are generated (collections/demo/tools/make_citation_history.py).
    generated = {"v5n1", "v6n1", "v7n1", "v9n1", "v10n1", "v11n1"}
    xml = sorted(p for p in DEMO.glob("*/issues/*/*.xml") if p.parent.name not in generated)
    assert len(sgm) >= 7 and len(sgm) >= len(xml)
    texts = {p: p.read_bytes() for p in sgm}
    encodings = {EXPECTED[str(p.relative_to(DEMO))]["encoding"] for p in sgm}
    assert encodings == {"latin-1", "utf-8"}
    assert all(not t.lstrip().startswith((b"<!", b"<?")) for t in texts.values())  # no prolog
    assert any(b"[p]" in t and t.count(b"[p]") > t.count(b"[/p]") for t in texts.values())
    assert any(b" language=pt]" in t or b" language=es]" in t for t in texts.values())
    styles = b"".join(texts.values())
    assert b"[vancouv " in styles and b"[abnt6023 " in styles
    # ABNT printed punctuation between tags, marked [ign] as SciELO's Parser leaves it
    assert b"[/surname][ign], [/ign][fname]" in styles
    assert b"[/date][ign];[/ign][volid]" in styles  # Vancouver printed punctuation between tags


@pytest.mark.parametrize("key", ARTICLES)
def test_demo_article_journal_meta_comes_from_journal_toml(key):
    import tomllib

    journal = tomllib.loads((DEMO / key.split("/")[0] / "journal.toml").read_text(encoding="utf-8"))
    article = article_from_tree(_convert(key)[0])
    assert article.journal_title == journal["title"]
    assert article.journal_acronym == journal["acronym"]
    assert (article.issn_print, article.issn_electronic) == (
        journal["issn_print"],
        journal["issn_electronic"],
    )
    assert article.publisher == journal["publisher"]
