"""Our SGML engine against OpenSP onsgmls: same structure, attributes, data and error lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scielo_pub.dtd import BRACKET_SYNTAX, REFERENCE_SYNTAX, load_catalog, load_dtd
from scielo_pub.dtd.entities import decode_bytes, normalize_newlines
from scielo_pub.markup.sgml import SPAN, STRAY, parse_sgml
from tests.conftest import SHARED_DATA
from tests.sgml.esis import HAS_ONSGMLS, lower_cdata, run_onsgmls, tree_events

DATA = Path(__file__).parent / "data"
SGML = SHARED_DATA / "sgml"
needs_onsgmls = pytest.mark.skipif(
    not HAS_ONSGMLS, reason="onsgmls (Debian opensp) is not installed"
)


def _our_lines(result, offsets: dict[int, tuple[str, int]]) -> list[tuple[str, int]]:
    out = []
    for d in result.diagnostics:
        if d.is_error or d.code == "sgml.stray-text":
            out.append(offsets[d.line])
    return sorted(out)


def _line_map(parts: list[tuple[str, bytes]]) -> dict[int, tuple[str, int]]:
    mapping, line = {}, 1
    for name, data in parts:
        count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        for i in range(count):
            mapping[line + i] = (name, i + 1)
        line += count
    return mapping


def _join(parts: list[tuple[str, bytes]]) -> bytes:
    return b"".join(d if d.endswith(b"\n") else d + b"\n" for _n, d in parts)


#: Known, not yet fixed differences from SP (none at present; add a file stem here with a reason).
KNOWN_DIFFERENCES: set[str] = set()


def _mark(names):
    return [
        pytest.param(n, marks=pytest.mark.xfail(reason="known difference from SP", strict=True))
        if getattr(n, "stem", n) in KNOWN_DIFFERENCES
        else n
        for n in names
    ]


REF_FILES = sorted(DATA.glob("ref_*.sgm"))
BRK_FILES = sorted(DATA.glob("brk_*.txt"))


@needs_onsgmls
@pytest.mark.opensp
@pytest.mark.parametrize("path", _mark(REF_FILES), ids=[p.stem for p in REF_FILES])
def test_reference_syntax_matches_onsgmls(path: Path) -> None:
    catalog = load_catalog(DATA / "catalog")
    result = parse_sgml(path.read_bytes(), path=path.name, catalog=catalog)
    esis, sp_errors = run_onsgmls([path.resolve()], DATA / "catalog", DATA, exact=True)
    assert lower_cdata(tree_events(result.tree, exact=True)) == esis
    assert set(_our_lines(result, _line_map([(path.name, path.read_bytes())]))) == set(sp_errors)


@needs_onsgmls
@pytest.mark.opensp
@pytest.mark.refdata
@pytest.mark.parametrize("path", _mark(BRK_FILES), ids=[p.stem for p in BRK_FILES])
def test_bracket_syntax_matches_onsgmls(path: Path, tmp_path: Path) -> None:
    dtd = load_dtd(DATA / "features.dtd", declaration=BRACKET_SYNTAX)
    result = parse_sgml(path.read_bytes(), path=path.name, dtd=dtd, doctype="book")
    prolog = tmp_path / "prolog.sgm"
    prolog.write_text(f'<!DOCTYPE book SYSTEM "{DATA / "features.dtd"}">\n')
    esis, sp_errors = run_onsgmls(
        [SGML / "dtd" / "art.dcl", prolog, path.resolve()], DATA / "catalog", DATA, exact=True
    )
    assert lower_cdata(tree_events(result.tree, exact=True)) == esis
    assert set(_our_lines(result, _line_map([(path.name, path.read_bytes())]))) == set(sp_errors)


SHARED_CASES = {
    "synthetic_article": ("prolog_article.sgm", ["synthetic/art4_0_article_vancouv.txt"]),
    "synthetic_errors": ("prolog_article.sgm", ["synthetic/art4_0_errors.txt"]),
    "synthetic_text": ("prolog_text.sgm", ["synthetic/text4_0_editorial.txt"]),
    "synthetic_doc": ("prolog_doc.sgm", ["synthetic/doc4_0_doc_refs.txt"]),
    "real_abmvz": ("prolog_article31.sgm", ["real/abmvz_v53n6_a01v53n6.fragment.txt", "real/abmvz_v53n6_a01v53n6.closing.txt"]),
    "real_rsbmt": (None, ["real/rsbmt_v35n3_a10v35n3.fragment.parserview.txt", "real/rsbmt_v35n3_a10v35n3.closing.txt"]),
    "real_cfg_sci": (None, ["real/PC-Programs__src__scielo__bin__convert__cfg.sci"]),
    "fragment_ref": (None, ["fragments/wrap_ref_in_doc.head.txt", "fragments/docs_how_to_generate_xml-markup_L893_ref.txt", "fragments/wrap_ref_in_doc.tail.txt"]),
    "fragment_text": ("prolog_text.sgm", ["fragments/docs_es_procedure_press_release_L59_text.txt", "fragments/wrap_text.tail.txt"]),
}  # fmt: skip
#: Deliberate difference: where SP forces an omitted (non-omissible) start tag for misplaced text
#: (hist text -> RECEIVED), we keep the text as stray text, as SciELO's Parser wraps it in [ign];
#: SP's follow-on errors on these lines are therefore not ours.
KNOWN_SP_CASCADES = {
    "real_abmvz": {
        ("abmvz_v53n6_a01v53n6.fragment.txt", 22),
        ("abmvz_v53n6_a01v53n6.fragment.txt", 23),
    }
}


@needs_onsgmls
@pytest.mark.opensp
@pytest.mark.refdata
@pytest.mark.parametrize("case", _mark(sorted(SHARED_CASES)))
def test_shared_instances_match_onsgmls(case: str) -> None:
    prolog, files = SHARED_CASES[case]
    if case == "fragment_ref":
        prolog = "prolog_doc.sgm"
    inst = SGML / "instances"
    paths = ([inst / "prologs" / prolog] if prolog else []) + [inst / f for f in files]
    parts = [(p.name, p.read_bytes()) for p in paths]
    catalog = load_catalog(SGML / "dtd" / "catalog")
    result = parse_sgml(_join(parts), path=case, catalog=catalog)
    sp_files = ([SGML / "dtd" / "art.dcl"] if paths[0].suffix != ".sci" else []) + paths
    esis, sp_errors = run_onsgmls(sp_files, SGML / "dtd" / "catalog", SGML, exact=True)
    ours = _our_lines(result, _line_map(parts))
    expected = sorted(e for e in sp_errors if e not in KNOWN_SP_CASCADES.get(case, set()))
    assert sorted(set(ours)) == sorted(set(expected))
    if case not in KNOWN_SP_CASCADES:  # stray text counts as data, as SP passes it on
        assert lower_cdata(tree_events(result.tree, exact=True)) == esis


def test_reference_syntax_declaration_is_default() -> None:
    dtd = load_dtd(DATA / "features.dtd")
    assert dtd.declaration is REFERENCE_SYNTAX


def _wrap_strays(text: str, tree) -> str:
    """The source with each stray run wrapped in [ign]...[/ign], as SciELO's Parser does."""
    spans = sorted(
        tuple(map(int, el.get(SPAN).split(":"))) for el in tree.iter(STRAY) if el.get(SPAN)
    )
    for start, end in reversed(spans):
        text = f"{text[:start]}[ign]{text[start:end]}[/ign]{text[end:]}"
    return text


@needs_onsgmls
@pytest.mark.opensp
@pytest.mark.refdata
@pytest.mark.parametrize("case", sorted(SHARED_CASES))
def test_ign_at_our_stray_positions_leaves_no_error_we_miss(case: str, tmp_path: Path) -> None:
    """Wrapping our stray text in [ign] and re-running onsgmls: every error left is one we report."""
    prolog, files = SHARED_CASES[case]
    prolog = "prolog_doc.sgm" if case == "fragment_ref" else prolog
    inst = SGML / "instances"
    paths = ([inst / "prologs" / prolog] if prolog else []) + [inst / f for f in files]
    data = _join([(p.name, p.read_bytes()) for p in paths])
    catalog = load_catalog(SGML / "dtd" / "catalog")
    result = parse_sgml(data, path=case, catalog=catalog, columns=True)
    text, encoding = decode_bytes(data)
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_bytes(_wrap_strays(normalize_newlines(text), result.tree).encode(encoding))
    decl = [SGML / "dtd" / "art.dcl"] if paths[0].suffix != ".sci" else []
    _esis, sp_errors = run_onsgmls([*decl, wrapped], SGML / "dtd" / "catalog", SGML)
    ours = {d.line for d in result.diagnostics if d.is_error}
    assert {line for _name, line in sp_errors} <= ours


DEMO_SGM = sorted(
    (Path(__file__).parents[2] / "collections" / "demo").glob("journals/*/issues/*/*.sgm")
)
_ROOT_TAG = re.compile(rb"\[([A-Za-z]+)")


@needs_onsgmls
@pytest.mark.opensp
@pytest.mark.refdata
@pytest.mark.parametrize("path", DEMO_SGM, ids=[p.stem for p in DEMO_SGM])
def test_demo_articles_match_onsgmls(path: Path) -> None:
    """Full-size demo articles (written by the converter's author): the same error lines as SP."""
    data = path.read_bytes()
    found = _ROOT_TAG.search(data)
    kind = found.group(1).decode().lower() if found else "article"
    prolog = SGML / "instances" / "prologs" / f"prolog_{kind}.sgm"
    if not prolog.is_file():
        pytest.skip(f"no shared prolog for document type {kind}")
    parts = [(prolog.name, prolog.read_bytes()), (path.name, data)]
    result = parse_sgml(
        _join(parts), path=path.name, catalog=load_catalog(SGML / "dtd" / "catalog")
    )
    _esis, sp_errors = run_onsgmls(
        [SGML / "dtd" / "art.dcl", prolog, path], SGML / "dtd" / "catalog", SGML
    )
    assert set(_our_lines(result, _line_map(parts))) == set(sp_errors)


BRKDOC_FILES = sorted(DATA.glob("brkdoc_*.txt"))


@needs_onsgmls
@pytest.mark.opensp
@pytest.mark.refdata
@pytest.mark.parametrize("path", _mark(BRKDOC_FILES), ids=[p.stem for p in BRKDOC_FILES])
def test_bracket_documents_with_own_doctype_match_onsgmls(path: Path) -> None:
    """Bracket-syntax files carrying their own DOCTYPE and internal subset, read after art.dcl."""
    decl = SGML / "dtd" / "art.dcl"
    parts = [(decl.name, decl.read_bytes()), (path.name, path.read_bytes())]
    result = parse_sgml(_join(parts), path=path.name)
    esis, sp_errors = run_onsgmls([decl, path.resolve()], DATA / "catalog", DATA, exact=True)
    assert lower_cdata(tree_events(result.tree, exact=True)) == esis
    lines = _line_map(parts)
    ours = {lines[d.line] for d in result.diagnostics if d.is_error or d.code == "sgml.stray-text"}
    assert ours == set(sp_errors)
