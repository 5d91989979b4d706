"""Unit checks of the SGML engine: declarations, trees, stray text, limits, fuzzing."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scielo_pub.dtd import BRACKET_SYNTAX, load_dtd
from scielo_pub.dtd.declaration import parse_declaration_text
from scielo_pub.markup.sgml import STRAY, parse_sgml, source_column

DATA = Path(__file__).parent / "data"
DTD_BRK = load_dtd(DATA / "features.dtd", declaration=BRACKET_SYNTAX)


def shape(el) -> tuple:
    """Nested tuples (tag, children...) in the style of WeasyPrint's assert_tree."""
    return (el.tag, *[shape(c) for c in el if isinstance(c.tag, str)])


def test_bracket_declaration_values() -> None:
    text = "<!SGML 'x' SYNTAX DELIM GENERAL SGMLREF STAGO '[' ETAGO '[/' TAGC ']' SHORTREF SGMLREF NAMES SGMLREF QUANTITY SGMLREF NAMELEN 12 FEATURES MINIMIZE OMITTAG YES SHORTTAG NO>"
    decl = parse_declaration_text(text)
    assert (decl.delim("STAGO"), decl.delim("ETAGO"), decl.delim("TAGC")) == ("[", "[/", "]")
    assert decl.quantity("NAMELEN") == 12 and decl.omittag and not decl.shorttag


def test_omitted_tags_are_inferred() -> None:
    data = b"[book id=b1][title]T\n[chapter]Head\n[para]one\n[para]two\n[/book]"
    result = parse_sgml(data, dtd=DTD_BRK, doctype="book")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert shape(result.tree.getroot()) == (
        "book",
        ("title",),
        ("chapter", ("head",), ("para",), ("para",)),
    )


def test_stray_text_is_kept_and_warned() -> None:
    data = b"[book id=b1][title]T[/title][meta][author]A[/author], [year]1[/year][/meta][chapter][head]h[/head][/chapter][/book]"
    result = parse_sgml(data, dtd=DTD_BRK, doctype="book")
    strays = result.tree.getroot().findall(f".//{STRAY}")
    assert [s.text for s in strays] == [", "]
    assert [d.code for d in result.diagnostics] == ["sgml.stray-text"] and result.ok


def test_positions_and_encoding() -> None:
    data = "[book id=b1]\n  [title]Ação[/title][chapter][head]h[/head][/chapter][/book]".encode(
        "cp1252"
    )
    result = parse_sgml(data, dtd=DTD_BRK, doctype="book", columns=True)
    title = result.tree.getroot().find("title")
    assert (title.sourceline, source_column(title), title.text) == (2, 3, "Ação")
    assert result.encoding in ("cp1252", "latin-1")


def test_entity_bomb_is_limited() -> None:
    decls = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "&a{i - 1};&a{i - 1};&a{i - 1};&a{i - 1};">' for i in range(1, 20)
    )
    data = f"<!DOCTYPE book [ {decls} <!ELEMENT book - - (#PCDATA)> ]><book>&a19;</book>".encode()
    result = parse_sgml(data)
    assert {d.code for d in result.diagnostics} & {"sgml.entity-limit", "sgml.entity-recursion"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]/<>&#;=\"' abtitlechpdoky\n-!?%0123", max_size=200))
def test_fuzz_never_raises(text: str) -> None:
    result = parse_sgml(text.encode(), dtd=DTD_BRK, doctype="book")
    assert isinstance(result.diagnostics, list)


def _book(chapters: int) -> bytes:
    """A bracket-syntax book of ``chapters`` chapters (~1 KB each): inline tags, omitted end
    tags, IDs and references, an entity, a comment, line breaks and stray text."""
    body = "".join(
        f"[chapter id=c{i}][head]Chapter {i}[/head]\n"
        f"[para]Text with [em]emphasis[/em] and [sup]2[/sup] &co; [xref rid=c{i}] more text\n"
        "that runs over a line break. <!-- a comment -->\n[para]Another paragraph "
        + "word "
        * 80
        + "\n"
        "[list][item]one[item]two[/list]\n"
        for i in range(chapters)
    )
    head = "[book id=b1][title]T[/title][meta][author]A[/author], [year]1[/year][/meta]\n"
    return f"{head}{body}[/book]".encode()


def _best_time(data: bytes) -> float:
    """The least CPU time of five parses: CPU, not wall, so other processes on a loaded machine
    (which preempt the parse and stretch its wall time) do not change the ratio."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        parse_sgml(data, dtd=DTD_BRK, doctype="book")
        best = min(best, time.process_time() - start)
    return best


def test_parse_time_grows_linearly() -> None:
    """A ~1 MB document takes about 10x a ~100 KB one (relative bound 20x, no absolute time)."""
    small, big = _book(160), _book(1600)
    assert 9 < len(big) / len(small) < 11 and len(big) > 900_000
    result = parse_sgml(small, dtd=DTD_BRK, doctype="book")
    assert [d.code for d in result.diagnostics] == ["sgml.stray-text"]
    _best_time(small)  # warm the automaton
    assert _best_time(big) / _best_time(small) < 20


def _decl(features: str):
    return parse_declaration_text(
        "<!SGML 'x' SYNTAX DELIM GENERAL SGMLREF STAGO '[' ETAGO '[/' TAGC ']' "
        f"SHORTREF SGMLREF NAMES SGMLREF QUANTITY SGMLREF FEATURES MINIMIZE {features}>"
    )


def test_empty_start_tag_needs_shorttag() -> None:
    dtd = load_dtd(DATA / "features.dtd", declaration=_decl("OMITTAG YES SHORTTAG NO"))
    data = b"[book id=b1][title]T[chapter][head]h[/head][para]x[][/book]"
    result = parse_sgml(data, dtd=dtd, doctype="book")
    assert "sgml.empty-start-tag" in {d.code for d in result.diagnostics}


def test_empty_start_tag_without_omittag_repeats_the_last_ended_element() -> None:
    dtd = load_dtd(DATA / "features.dtd", declaration=_decl("OMITTAG NO SHORTTAG YES"))
    data = b"[book id=b1][title]T[/title][chapter][head]h[/head][list][item]a[/item][]b[/][/list][/chapter][/book]"
    result = parse_sgml(data, dtd=dtd, doctype="book")
    assert result.ok, [d.format() for d in result.diagnostics]
    items = result.tree.getroot().findall("chapter/list/item")
    assert [i.text for i in items] == ["a", "b"]


def test_shortref_declarations_are_read_and_checked() -> None:
    from scielo_pub.dtd import parse_dtd_text

    dtd = parse_dtd_text(
        '<!ELEMENT p - - (#PCDATA)><!ENTITY t "[tab]">'
        '<!SHORTREF m "&#9;" t "xy" t><!USEMAP m p><!USEMAP #EMPTY (q|r)>'
    )
    assert dtd.shortref_maps == {"m": {"&#TAB;": "t"}}
    assert dtd.usemaps == {"p": "m", "q": "#EMPTY", "r": "#EMPTY"}
    assert [d.code for d in dtd.diagnostics] == ["dtd.shortref"]
