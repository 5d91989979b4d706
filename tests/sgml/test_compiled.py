"""The compiled SGML engine against the pure-Python one: identical trees, lines and diagnostics;
the compiled one is what ``parse_sgml`` runs where it was built; the pure fallback and the
security limits hold in both."""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scielo_pub
from scielo_pub.dtd import load_catalog
from scielo_pub.markup import sgml, sgml_engine
from scielo_pub.markup.sgml import parse_sgml
from scielo_pub.markup.sgml_engine import ENGINE_MODULES, PURE_ENV, pure_modules, pure_sgml
from scielo_pub.markup.sgml_parts import MAX_ATTRIBUTES, MAX_DEPTH
from tests.sgml.test_fast_path import (
    DATA,
    DEMO,
    DTD_BRK,
    DTD_NO_OMITTAG,
    OWN,
    PIECES,
    SGML,
    _kind,
    _shared_files,
    outcome,
)

COMPILED = sgml_engine.compiled()
PURE = pure_sgml()
needs_compiled = pytest.mark.skipif(
    not COMPILED, reason="the compiled engine is not built here: both sides are the pure one"
)
ENGINES = {"compiled": parse_sgml, "pure": PURE.parse_sgml}


def assert_engines_agree(data: bytes, **kwargs) -> None:
    """Fast path and general loop, with and without columns: compiled == pure."""
    for fast in (True, False):
        for columns in (False, True):
            ours = outcome(data, fast, parse_sgml, columns=columns, **kwargs)
            pure = outcome(data, fast, PURE.parse_sgml, columns=columns, **kwargs)
            assert ours == pure


def test_the_pure_engine_is_loaded_from_source() -> None:
    modules = pure_modules()
    assert all(modules[name].__file__.endswith(".py") for name in ENGINE_MODULES)
    assert PURE.parse_sgml is not parse_sgml


@needs_compiled
@pytest.mark.refdata
@pytest.mark.parametrize("path", DEMO + _shared_files(), ids=lambda p: p.name)
def test_every_demo_and_shared_sgml_file_is_the_same_compiled(path: Path) -> None:
    data = path.read_bytes()
    catalog = load_catalog(SGML / "dtd" / "catalog")
    prolog = (SGML / "instances" / "prologs" / f"prolog_{_kind(data)}.sgm").read_bytes()
    assert_engines_agree(prolog + b"\n" + data, path=path.name, catalog=catalog)
    assert_engines_agree(data, path=path.name, catalog=catalog)


@needs_compiled
@pytest.mark.refdata
def test_large_built_article_is_the_same_compiled() -> None:
    from benchmarks.bench_sgml import _full_size

    src = (SGML / "instances" / "synthetic" / "art4_0_article_vancouv.txt").read_bytes()
    prolog = (SGML / "instances" / "prologs" / "prolog_article.sgm").read_bytes()
    data = prolog + b"\n" + _full_size(src, 60, 40)
    assert_engines_agree(data, path="large.txt", catalog=load_catalog(SGML / "dtd" / "catalog"))


@needs_compiled
@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_own_test_documents_are_the_same_compiled(path: Path) -> None:
    data = path.read_bytes()
    if path.name.startswith("brk_"):
        assert_engines_agree(data, path=path.name, dtd=DTD_BRK, doctype="book")
    else:
        assert_engines_agree(data, path=path.name, catalog=load_catalog(DATA / "catalog"))


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40), st.sampled_from([DTD_BRK, DTD_NO_OMITTAG]))
def test_random_tag_soups_are_the_same_compiled(pieces: list[str], dtd) -> None:
    assert_engines_agree("".join(pieces).encode(), dtd=dtd, doctype="book")


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(codec=None, exclude_categories=()),
            st.sampled_from("\x00\x08\t\n\x0b\x0c\r\x1f \ud800\udfff\ufffd\ufffe\uffff\U00010000"),
        ),
        max_size=30,
    )
)
def test_xml_safety_is_the_same_compiled(text: str) -> None:
    """The compiled lexer finds XML-illegal characters by a loop, the pure one by a regex."""
    from scielo_pub.markup import sgml_lexer

    pure = pure_modules()["scielo_pub.markup.sgml_lexer"]
    assert sgml_lexer.COMPILED and not pure.COMPILED
    assert sgml_lexer.xml_safe(text) == pure.xml_safe(text)
    assert sgml_lexer._has_bad_chars(text) == bool(pure._XML_BAD.search(text))


@needs_compiled
def test_a_difference_between_the_engines_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: a pure engine whose stray text loses its first character."""
    data = (DATA / "brk_omit_and_stray.txt").read_bytes()
    assert_engines_agree(data, dtd=DTD_BRK, doctype="book")
    base = next(c for c in PURE.InstanceParser.__mro__ if c.__name__ == "MarkupMixin")
    stray = base.stray
    monkeypatch.setattr(base, "stray", lambda self, d, *a, **k: stray(self, d[1:], *a, **k))
    with pytest.raises(AssertionError):
        assert_engines_agree(data, dtd=DTD_BRK, doctype="book")


# ---------------------------------------------------------------- the limits hold in both engines
@pytest.mark.parametrize("engine", ENGINES)
def test_entity_bomb_is_limited_in_both(engine: str) -> None:
    decls = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 9)
    )  # 10**9 characters, eight entity levels deep (within ENTLVL)
    data = f"<!DOCTYPE book [ {decls} <!ELEMENT book - - (#PCDATA)> ]><book>&a8;</book>".encode()
    result = ENGINES[engine](data)
    assert "sgml.entity-limit" in {d.code for d in result.diagnostics}
    assert len(result.tree.getroot().text) <= 50 * len(data) + 4_000_000


@pytest.mark.parametrize("engine", ENGINES)
def test_self_reference_is_refused_in_both(engine: str) -> None:
    data = b'<!DOCTYPE book [ <!ENTITY a "x&a;"> <!ELEMENT book - - (#PCDATA)> ]><book>&a;</book>'
    result = ENGINES[engine](data)
    assert "sgml.entity-recursion" in {d.code for d in result.diagnostics}


@pytest.mark.parametrize("engine", ENGINES)
def test_deep_nesting_is_flattened_in_both(engine: str) -> None:
    head = b"[book id=b1][title]T[/title][chapter][head]h[/head][/chapter][back]"
    data = head + b"[anyx]" * 5000 + b"x" + b"[/anyx]" * 5000 + b"[/back][/book]"
    result = ENGINES[engine](data, dtd=DTD_BRK, doctype="book")
    assert "sgml.depth-limit" in {d.code for d in result.diagnostics}
    depth = max(len(list(el.iterancestors())) for el in result.tree.iter())
    assert depth <= MAX_DEPTH + 1


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("tag", ["para", "para x"])  # the fast path's start tag and the general one
def test_too_many_attributes_are_cut_in_both(engine: str, tag: str) -> None:
    attrs = " ".join(f"a{i}=v" for i in range(MAX_ATTRIBUTES + 50))
    data = f"[book id=b1][title]T[/title][chapter][head]h[/head][{tag} {attrs}]x[/para][/chapter][/book]"
    result = ENGINES[engine](data.encode(), dtd=DTD_BRK, doctype="book")
    assert "sgml.too-many-attributes" in {d.code for d in result.diagnostics}
    para = result.tree.getroot().find(".//para")
    assert para is not None and len(para.attrib) <= MAX_ATTRIBUTES


# ---------------------------------------------------------------- which engine runs
def _installed_from(distribution: importlib.metadata.Distribution) -> Path | None:
    """The package folder the installed distribution serves (an editable install's tree)."""
    direct = distribution.read_text("direct_url.json")
    if direct:
        info = json.loads(direct)
        if info.get("dir_info", {}).get("editable"):
            return Path(unquote(urlparse(info["url"]).path)).resolve() / "scielo_pub"
    return Path(distribution.locate_file("scielo_pub/__init__.py")).resolve().parent


def test_the_compiled_engine_runs_where_the_package_was_installed() -> None:
    """``pip install`` (``make``'s install step) builds the extension: where the imported package
    is the installed one, every engine module, and so ``parse_sgml``, is the compiled one."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        pytest.skip(f"{PURE_ENV} forces the pure-Python engine")
    try:
        served = _installed_from(importlib.metadata.distribution("scielo-pub"))
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("scielo-pub is not installed (run from a source tree)")
    here = Path(scielo_pub.__file__).resolve().parent
    if served != here:
        pytest.skip(f"the imported package ({here}) is not the installed one ({served})")
    assert not sgml_engine.stale(), "sources newer than the build: reinstall (make) to rebuild"
    modules = [importlib.import_module(name) for name in ENGINE_MODULES]
    built = [m.__name__ for m in modules if not m.__file__.endswith(".py")]
    assert built == list(ENGINE_MODULES), (
        "the compiled SGML engine was not built at install (it needs Cython, a C compiler and the "
        "Python headers; pip printed a warning)"
    )
    assert COMPILED and sgml.InstanceParser is modules[-1].InstanceParser


def test_the_environment_variable_forces_the_pure_engine() -> None:
    """``SCIELO_PUB_SGML_PURE=1``: the process imports the ``.py`` modules and still parses."""
    code = (
        "from scielo_pub.markup import sgml_engine, sgml_instance\n"
        "from scielo_pub.markup.sgml import parse_sgml\n"
        "r = parse_sgml(b'<!DOCTYPE a [<!ELEMENT a - - (#PCDATA)>]><a>x</a>')\n"
        "print(sgml_engine.compiled(), sgml_instance.__file__.endswith('.py'), r.tree.getroot().text)"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), PURE_ENV: "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["False", "True", "x"]
    env[PURE_ENV] = "0"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    compiled, pure, text = done.stdout.split()  # without it: whatever was built, consistently
    assert compiled != pure and text == "x"


@pytest.mark.parametrize("engine", ["compiled", "pure"])
def test_diagnostics_are_made_as_the_dataclass_makes_them(engine: str) -> None:
    """The engine's own diagnostic constructor gives what ``Diagnostic(...)`` gives, field by
    field, positions below 1 included."""
    from dataclasses import fields

    from scielo_pub.errors import Diagnostic, Severity

    parts = importlib.import_module("scielo_pub.markup.sgml_parts")
    if engine == "pure":
        parts = pure_modules()["scielo_pub.markup.sgml_parts"]
        assert parts.NATIVE is None
    makers = [parts._diagnostic] + ([parts.NATIVE.new_diagnostic] if parts.NATIVE else [])
    assert tuple(f.name for f in fields(Diagnostic)) == parts.DIAGNOSTIC_FIELDS
    for (line, column), make in itertools.product(((3, 7), (0, -2), (1, 1)), makers):
        args = ("a.sgm", line, column, Severity.WARNING, "text ',' is stray", "sgml.stray-text")
        made = make(*args, "Mark it up")
        expected = Diagnostic(*args, advice="Mark it up")
        assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
        assert [getattr(made, f) for f in parts.DIAGNOSTIC_FIELDS] == [
            getattr(expected, f) for f in parts.DIAGNOSTIC_FIELDS
        ]


def test_a_partial_or_older_build_is_not_used(tmp_path: Path, monkeypatch) -> None:
    """``stale``: a build missing a module, or older than a source where Cython's C lies beside
    it (a build tree), makes ``scielo_pub.markup`` run the pure-Python modules."""
    import importlib.machinery

    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    shorts = [name.rpartition(".")[2] for name in ENGINE_MODULES]
    for short in shorts:
        for ext in (".py", ".pxd", ".c"):
            (tmp_path / f"{short}{ext}").write_text("")
            os.utime(tmp_path / f"{short}{ext}", (1_000, 1_000))
    monkeypatch.setattr(sgml_engine, "_HERE", tmp_path)
    assert not sgml_engine.stale()  # nothing built: the pure modules anyway
    for short in shorts[:-1]:
        (tmp_path / f"{short}{suffix}").write_text("")
    assert sgml_engine.stale()  # partial
    (tmp_path / f"{shorts[-1]}{suffix}").write_text("")
    assert not sgml_engine.stale()  # complete and newer than every source
    os.utime(tmp_path / f"{shorts[2]}.pxd", (2_000_000_000, 2_000_000_000))
    assert sgml_engine.stale()  # a source edited after the build
    (tmp_path / f"{shorts[2]}.c").unlink()
    assert not sgml_engine.stale()  # no C beside it: an installed wheel, not a build tree
    helper = sgml_engine.HELPER
    for ext in (".pyx", ".c", suffix):
        (tmp_path / f"{helper}{ext}").write_text("")
    assert not sgml_engine.stale()  # the lxml helper built after its source
    os.utime(tmp_path / f"{helper}.pyx", (2_000_000_000, 2_000_000_000))
    assert sgml_engine.stale()  # its .pyx edited after the build


@needs_compiled
def test_the_compiled_engine_makes_elements_through_the_lxml_helper() -> None:
    from scielo_pub.markup import sgml_parts

    assert sgml_parts.NATIVE is not None, "sgml_lxml was not built or does not import"
    assert sgml_parts.NATIVE.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


#: (sourceline, text) given to the helper's elements in turn: lines below 1 are stored as lxml's
#: ``sourceline`` setter stores them (one past 65535, which the setter refuses, becomes 65535).
LINES_TEXTS = [(3, "t"), (0, None), (-4, ""), (65_535, "é\u2028x")]


@needs_compiled
def test_helper_elements_are_subelements() -> None:
    """``sgml_lxml.sub_element`` against ``etree.SubElement``: tags, attributes in order, values
    made XML-safe, a namespaced tag under a declaring ancestor and without one, repeated calls
    (the template is copied, not moved), lines and texts, and the same ``ValueError`` for a bad
    name."""
    from lxml import etree

    from scielo_pub.markup import sgml_parts
    from scielo_pub.markup.sgml_lexer import xml_safe

    native = sgml_parts.NATIVE
    calls = [
        ("p", ()),
        ("a", (("href", "x"), ("id", "n1"))),
        ("a", (("href", "x"), ("id", "n1"))),
        ("a", (("id", "n1"), ("href", "x"))),
        ("b", (("v", "bad\x01char"),)),
        (sgml_parts.STRAY, ()),
        (sgml_parts.STRAY, ()),
    ]
    for nsmap in ({"sgml": sgml_parts.SGML_NS}, {}):
        ours, theirs = (etree.Element("root", nsmap=nsmap) for _ in range(2))
        for (tag, attrs), (line, text) in zip(calls, itertools.cycle(LINES_TEXTS)):
            made = native.sub_element(ours, tag, attrs, line, text)
            made.tail = "tail"
            other = etree.SubElement(theirs, tag, {k: xml_safe(v) for k, v in attrs})
            other.sourceline = line
            if text is not None:
                other.text = text
            other.tail = "tail"
            assert made.getparent() is ours and made.sourceline == other.sourceline
        assert etree.tostring(ours) == etree.tostring(theirs)
    for bad in ("1x", "a b", "{urn:x}"):
        with pytest.raises(ValueError):
            etree.SubElement(etree.Element("r"), bad)
        with pytest.raises(ValueError):
            native.sub_element(etree.Element("r"), bad, (), 1, None)
    with pytest.raises(ValueError):
        native.sub_element(etree.Element("r"), "a", (("x:y", "v"),), 1, None)
    assert native.sub_element(etree.Element("r"), "a", (), 70_000, None).sourceline == 65_535


#: The namespaces declared on a root and on its child, under which a stray element is made: the
#: marker namespace bound to ``sgml`` (then the helper binds its plain copy to it), not declared,
#: bound to another prefix, or ``sgml`` rebound to another namespace nearer.
STRAY_SCOPES = [
    ({"sgml": "urn:scielo-pub:sgml"}, {}),
    ({}, {}),
    ({"m": "urn:scielo-pub:sgml"}, {}),
    ({"sgml": "urn:scielo-pub:sgml"}, {"sgml": "urn:other"}),
    ({"sgml": "urn:scielo-pub:sgml"}, {"m": "urn:scielo-pub:sgml"}),
]


@needs_compiled
@pytest.mark.parametrize(("outer", "inner"), STRAY_SCOPES)
def test_helper_stray_elements_are_subelements(outer: dict, inner: dict) -> None:
    """``sgml_lxml.stray_element`` against ``etree.SubElement(parent, STRAY)``: the same tag,
    prefix and serialisation (no extra declaration), line and text, repeated calls."""
    from lxml import etree

    from scielo_pub.markup import sgml_parts

    trees = []
    for make in (sgml_parts.NATIVE.stray_element, None):
        root = etree.Element("root", nsmap=outer)
        parent = etree.SubElement(root, "p", nsmap=inner)
        for line, text in LINES_TEXTS:
            if make is None:
                made = etree.SubElement(parent, sgml_parts.STRAY)
                made.sourceline = line
                if text is not None:
                    made.text = text
            else:
                made = make(parent, line, text)
            made.tail = "tail"
            trees.append((made.tag, made.prefix, made.sourceline, made.text))
        trees.append(etree.tostring(root))
    half = len(trees) // 2
    assert trees[:half] == trees[half:]


@needs_compiled
@pytest.mark.parametrize(
    "setup",
    [
        "import sys; sys.modules['scielo_pub.markup.sgml_lxml'] = None",  # not built
        "import lxml.etree; lxml.etree.__version__ = '99.0.0'",  # another lxml than the build's
    ],
)
def test_without_the_lxml_helper_the_compiled_engine_uses_the_python_api(setup: str) -> None:
    """A helper that does not import (not built, or built against another lxml) leaves the
    compiled engine on lxml's Python API, with the same trees and diagnostics."""
    code = (
        f"{setup}\n"
        "from scielo_pub.markup import sgml_engine, sgml_parts\n"
        "from scielo_pub.markup.sgml import parse_sgml\n"
        "from tests.sgml.test_fast_path import DTD_BRK, OWN, outcome\n"
        "assert sgml_parts.NATIVE is None and sgml_engine.compiled()\n"
        "pure = sgml_engine.pure_sgml().parse_sgml\n"
        "for path in [p for p in OWN if p.name.startswith('brk_')]:\n"
        "    kw = dict(path=path.name, dtd=DTD_BRK, doctype='book')\n"
        "    assert outcome(path.read_bytes(), True, parse_sgml, **kw) == outcome(\n"
        "        path.read_bytes(), True, pure, **kw)\n"
        "print('ok')\n"
    )
    root = Path(scielo_pub.__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop(PURE_ENV, None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("engine", ["compiled", "pure"])
def test_lines_past_what_lxml_holds_do_not_stop_the_parse(engine: str) -> None:
    """Elements after line 65535 (lxml keeps a line in an unsigned short) get line 65535; the
    diagnostics keep their real lines."""
    data = (DATA / "brk_errors.txt").read_bytes()
    start = data.index(b"]", data.index(b"[")) + 1
    long = data[:start] + b"\n" * 70_000 + data[start:]
    result = ENGINES[engine](long, path="long.sgm", dtd=DTD_BRK, doctype="book")
    lines = [el.sourceline for el in result.tree.iter() if el.sourceline]
    assert max(lines) == 65_535
    assert max(d.line for d in result.diagnostics) > 70_000
