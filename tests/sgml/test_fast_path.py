"""The document loop's fast path against the general loop: identical trees, lines and diagnostics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from scielo_pub.dtd import BRACKET_SYNTAX, REFERENCE_SYNTAX, load_catalog, load_dtd
from scielo_pub.dtd.declaration import parse_declaration_text
from scielo_pub.markup.sgml import parse_sgml
from scielo_pub.markup.sgml_engine import pure_sgml
from scielo_pub.markup.sgml_lexer import lexer_for
from tests.conftest import SHARED_DATA

DATA = Path(__file__).parent / "data"
SGML = SHARED_DATA / "sgml"
DTD_BRK = load_dtd(DATA / "features.dtd", declaration=BRACKET_SYNTAX)
DEMO = sorted(
    (Path(__file__).parents[2] / "collections" / "demo").glob("journals/*/issues/*/*.sgm")
)
_ROOT_TAG = re.compile(rb"\[([A-Za-z]+)")


def outcome(data: bytes, fast: bool, parse=parse_sgml, **kwargs) -> tuple:
    """Everything a parse gives: the tree (with PIs and tails), each node's line, the diagnostics."""
    result = parse(data, fast=fast, **kwargs)
    tree = result.tree
    text = etree.tostring(tree) if tree is not None else b""
    lines = [(n.tag, n.sourceline) for n in tree.iter()] if tree is not None else []
    diags = [(d.format(), d.advice) for d in result.diagnostics]
    return text, lines, diags, result.encoding


def assert_same(data: bytes, parse=parse_sgml, **kwargs) -> None:
    for columns in (False, True):
        fast = outcome(data, True, parse, columns=columns, **kwargs)
        general = outcome(data, False, parse, columns=columns, **kwargs)
        assert fast == general


def _shared_files() -> list[Path]:
    if not SGML.is_dir():
        return []
    inst = SGML / "instances"
    return sorted(p for p in inst.glob("*/*") if p.is_file())


def _kind(data: bytes) -> str:
    found = _ROOT_TAG.search(data)
    kind = found.group(1).decode().lower() if found else "article"
    return kind if kind in ("article", "text", "doc") else "article"


@pytest.mark.refdata
@pytest.mark.parametrize("path", DEMO + _shared_files(), ids=lambda p: p.name)
def test_every_demo_and_shared_sgml_file_parses_the_same_both_ways(path: Path) -> None:
    """Each file after the shared prolog of its document type (as Markup files are read), and
    as it stands (prologs, fragments and the .sci configuration carry their own problems)."""
    data = path.read_bytes()
    catalog = load_catalog(SGML / "dtd" / "catalog")
    prolog = (SGML / "instances" / "prologs" / f"prolog_{_kind(data)}.sgm").read_bytes()
    assert_same(prolog + b"\n" + data, path=path.name, catalog=catalog)
    assert_same(data, path=path.name, catalog=catalog)


@pytest.mark.refdata
def test_large_built_article_parses_the_same_both_ways() -> None:
    """The benchmark's large class: many references with stray punctuation, a long CDATA body."""
    from benchmarks.bench_sgml import _full_size

    src = (SGML / "instances" / "synthetic" / "art4_0_article_vancouv.txt").read_bytes()
    prolog = (SGML / "instances" / "prologs" / "prolog_article.sgm").read_bytes()
    data = prolog + b"\n" + _full_size(src, 60, 40)
    assert_same(data, path="large.txt", catalog=load_catalog(SGML / "dtd" / "catalog"))


OWN = sorted(p for p in DATA.iterdir() if p.suffix in (".sgm", ".txt"))


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_own_test_documents_parse_the_same_both_ways(path: Path) -> None:
    data = path.read_bytes()
    if path.name.startswith("brk_"):
        assert_same(data, path=path.name, dtd=DTD_BRK, doctype="book")
    else:
        assert_same(data, path=path.name, catalog=load_catalog(DATA / "catalog"))


TAGS = ["book id=b1", "title", "meta", "author role=aut", "year", "place", "chapter id=c1",
        "chapter type=intro", "head", "para", "list", "item", "em", "sup", "xref rid=c1",
        "note", "code", "raw", "back", "anyx", "junk", "nope x=1", 'para n="a b"', "author n=1a",
        "anyx ref=r1", "anyx cur=a", "anyx num='1 2'", "book id=b1 status=final", "Title",
        "chapter id=c1 type=body refs=c1"]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"[{t}]"),
    st.sampled_from(TAGS).map(lambda t: f"[/{t.split()[0]}]"),
    st.sampled_from(
        [
            "text",
            ", ",
            "\n",
            " ",
            "&co;",
            "&lb;",
            "&#65;",
            "<!-- c -->",
            "<?pi x?>",
            "[/]",
            "[]",
            "[para/x/",
            "<![ CDATA [ [x] ]]>",
            "]]>",
            "&nope;",
            "[ para ]",
            "[em\n]",
            "[/em ]",
            '[xref rid="c1"]',
        ]
    ),  # fmt: skip
)


DTD_NO_OMITTAG = load_dtd(
    DATA / "features.dtd",
    declaration=parse_declaration_text(
        "<!SGML 'x' SYNTAX DELIM GENERAL SGMLREF STAGO '[' ETAGO '[/' TAGC ']' SHORTREF SGMLREF "
        "NAMES SGMLREF QUANTITY SGMLREF FEATURES MINIMIZE OMITTAG NO SHORTTAG YES>"
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40), st.sampled_from([DTD_BRK, DTD_NO_OMITTAG]))
def test_random_tag_soups_parse_the_same_both_ways(pieces: list[str], dtd) -> None:
    """Documents of random tags, data and markup of the test DTD (with and without OMITTAG):
    the fast path never differs."""
    assert_same("".join(pieces).encode(), dtd=dtd, doctype="book")


def test_a_broken_fast_path_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: a fast path that skips attribute checks gives other diagnostics
    (patched in the pure-Python engine: compiled classes cannot be patched)."""
    engine = pure_sgml()
    fast_loop = next(c for c in engine.InstanceParser.__mro__ if c.__name__ == "FastLoopMixin")
    data = (DATA / "brk_errors.txt").read_bytes()
    assert_same(data, engine.parse_sgml, dtd=DTD_BRK, doctype="book")
    monkeypatch.setattr(fast_loop, "specs", lambda self, text, base: [])
    with pytest.raises(AssertionError):
        assert_same(data, engine.parse_sgml, dtd=DTD_BRK, doctype="book")


_GENERAL_KIND = {"stagf": "stag", "leaf": "stag", "etagf": "etag"}


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="[]/<>&#;=\"' abtitlen\n-!?%0123", max_size=120),
    st.sampled_from([BRACKET_SYNTAX, REFERENCE_SYNTAX]),
)
def test_fast_finders_find_the_markup_the_general_ones_find(text: str, decl) -> None:
    """At every position the fast finder matches where the general one does, with the same kind,
    and a whole tag it matches is exactly the general lexer's whole tag."""
    lex = lexer_for(decl)
    for fast, general in (
        (lex.fast_content, lex.content),
        (lex.fast_cdata, lex.cdata),
        (lex.fast_rcdata, lex.rcdata),
    ):
        for pos in range(len(text) + 1):
            m, g = fast.search(text, pos), general.search(text, pos)
            assert (m is None) == (g is None)
            if m is None:
                continue
            assert m.start() == g.start()
            assert _GENERAL_KIND.get(m.lastgroup, m.lastgroup) == g.lastgroup
            if m.lastgroup == "stagf":
                assert lex.stag_full.match(text, m.start()).end() == m.end()
            elif m.lastgroup == "etagf":
                assert lex.etag_full.match(text, m.start()).end() == m.end()
            elif m.lastgroup == "leaf":
                assert lex.stag_full.match(text, m.start()).end() == m.start("ld")
                assert general.search(text, m.start("ld")).start() == m.end("ld")
            else:
                assert m.end() == g.end()
