"""SGML document bytes in (bracket SciELO Markup or classic ``<>`` SGML), an lxml tree plus Diagnostics out.

The tree has names folded to lower case and attributes after defaults. Each element's line is
``el.sourceline``; with ``columns=True`` its column is the ``{urn:scielo-pub:sgml}col`` attribute
(``source_column``) and each stray element's source span is ``{urn:scielo-pub:sgml}span``.
Text the DTD does not allow where it stands is kept in ``{urn:scielo-pub:sgml}stray`` elements
and reported as ``sgml.stray-text`` warnings (``strip_markers`` removes both kinds of marker).
The document element declares that namespace (prefix ``sgml``) once for all its markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from scielo_pub.dtd import BRACKET_SYNTAX, REFERENCE_SYNTAX, load_dtd, parse_dtd_text
from scielo_pub.dtd.catalog import Catalog, local_path
from scielo_pub.dtd.declaration import SgmlDeclaration, find_declaration, parse_declaration_text
from scielo_pub.dtd.entities import decode_bytes, normalize_newlines
from scielo_pub.dtd.types import Dtd
from scielo_pub.errors import Diagnostic, DTDError, Severity
from scielo_pub.markup.sgml_instance import COL, SGML_NS, SPAN, STRAY, InstanceParser

__all__ = [
    "BRACKET_SYNTAX", "COL", "REFERENCE_SYNTAX", "SGML_NS", "SPAN", "STRAY", "SgmlResult", "parse_sgml",
    "source_column", "strip_markers",
]  # fmt: skip

_DOCTYPE = re.compile(
    r"""<!DOCTYPE\s+([A-Za-z][\w.\-]*)\s*(?:PUBLIC\s*("[^"]*"|'[^']*')\s*)?(SYSTEM\s*)?("[^"]*"|'[^']*')?\s*(\[)?""",
    re.I,
)
_PROLOG_SKIP = re.compile(r"\s+|<!--.*?-->|<!>|<\?[^>]*>", re.S)
_DTD_CACHE: dict[tuple, Dtd] = {}


@dataclass(frozen=True)
class SgmlResult:
    """What ``parse_sgml`` found: the tree (None when nothing usable), problems, the encoding used."""

    tree: etree._ElementTree | None
    diagnostics: list[Diagnostic]
    encoding: str

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


@dataclass(frozen=True)
class _Prolog:
    declaration: SgmlDeclaration | None
    name: str | None
    public_id: str | None
    system_id: str | None
    subset: str | None
    end: int


def source_column(el: etree._Element) -> int | None:
    """The 1-based source column of an element's start tag, if the parser recorded it."""
    value = el.get(COL)
    return int(value) if value and value.isdigit() else None


def strip_markers(tree: etree._ElementTree) -> None:
    """Remove column attributes and unwrap stray-text elements (their text stays in place)."""
    for el in tree.iter():
        if isinstance(el.tag, str) and COL in el.attrib:
            del el.attrib[COL]
    for stray in list(tree.iter(STRAY)):
        parent = stray.getparent()
        if parent is None:
            continue
        text = (stray.text or "") + (stray.tail or "")
        prev = stray.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(stray)
    etree.cleanup_namespaces(tree)


def _read_prolog(text: str, path: str, diags: list[Diagnostic]) -> _Prolog:
    declaration = None
    pos = 0
    found = find_declaration(text)
    if found is not None:
        try:
            declaration = parse_declaration_text(text[found[0] : found[1]], source=path)
        except Exception as exc:  # noqa: BLE001 - a broken declaration is a diagnostic
            diags.append(
                _diag(path, text, 0, f"cannot read the SGML declaration: {exc}", "sgml.declaration")
            )
        pos = found[1]
    while (m := _PROLOG_SKIP.match(text, pos)) and m.end() > pos:
        pos = m.end()
    m = _DOCTYPE.match(text, pos)
    if m is None:
        return _Prolog(declaration, None, None, None, None, pos)
    public = m.group(2)[1:-1] if m.group(2) else None
    system = m.group(4)[1:-1] if m.group(4) else None
    end, subset = m.end(), None
    if m.group(5):
        close = re.compile(r"\]\s*>").search(text, end)
        subset, end = (
            (text[end:], len(text)) if close is None else (text[end : close.start()], close.end())
        )
    else:
        close = text.find(">", end)
        end = len(text) if close < 0 else close + 1
    return _Prolog(declaration, m.group(1), public, system, subset, end)


def _diag(
    path: str, text: str, offset: int, message: str, code: str, severity=Severity.FATAL
) -> Diagnostic:
    line = text.count("\n", 0, offset) + 1
    return Diagnostic(path, line, 1, severity, message, code)


def _external_dtd(prolog: _Prolog, name: str, catalog: Catalog | None) -> Path | None:
    if catalog is not None:
        found = catalog.resolve_public(prolog.public_id) or catalog.resolve_system(prolog.system_id)
        return (
            found
            or catalog.resolve_doctype(name)
            or (local_path(prolog.system_id, catalog.base) if prolog.system_id else None)
        )
    return None


def _declaration_for(prolog: _Prolog, catalog: Catalog | None) -> SgmlDeclaration:
    if prolog.declaration is not None:
        return prolog.declaration
    if catalog is not None and catalog.sgmldecl is not None and catalog.sgmldecl.is_file():
        text = catalog.sgmldecl.read_bytes().decode("latin-1")
        return parse_declaration_text(text, source=str(catalog.sgmldecl))
    return REFERENCE_SYNTAX


def _document_dtd(prolog: _Prolog, name: str, catalog: Catalog | None) -> Dtd:
    declaration = _declaration_for(prolog, catalog)
    external = _external_dtd(prolog, name, catalog)
    if external is None and not prolog.subset:
        ident = prolog.system_id or prolog.public_id or name
        raise DTDError(
            f"cannot find the DTD for document type {name!r} ({ident!r}): pass a catalog with a DOCTYPE or SYSTEM entry for it, or a Dtd"
        )
    if prolog.subset is None and external is not None:
        key = (
            str(external),
            tuple(sorted(declaration.delimiters.items())),
            declaration.namecase_general,
            id(catalog),
        )
        if key not in _DTD_CACHE:
            _DTD_CACHE[key] = load_dtd(
                external, catalog=catalog, declaration=declaration, name=name
            )
        return _DTD_CACHE[key]
    base = catalog.base if catalog is not None else None
    dtd = parse_dtd_text(
        prolog.subset or "",
        path="<internal subset>",
        base=base,
        catalog=catalog,
        declaration=declaration,
        name=name,
    )
    if external is not None:
        text, _enc = decode_bytes(external.read_bytes())
        parse_dtd_text(text, path=str(external), base=external.parent, catalog=catalog, into=dtd)
    return dtd


def parse_sgml(
    data: bytes,
    *,
    path: str = "<input>",
    dtd: Dtd | None = None,
    doctype: str | None = None,
    catalog: Catalog | None = None,
    encoding: str | None = None,
    columns: bool = False,
    fast: bool = True,
) -> SgmlResult:
    """Parse an SGML document; problems come back as Diagnostics, never as exceptions.

    ``fast=False`` runs only the general document loop (the reference the fast path is tested
    against); the result is the same, only slower."""
    text, used = decode_bytes(data, encoding)
    text = normalize_newlines(text)
    diags: list[Diagnostic] = []
    prolog = _read_prolog(text, path, diags)
    name = doctype or prolog.name or (dtd.name if dtd is not None else None)
    if dtd is None:
        if name is None:
            diags.append(
                _diag(
                    path,
                    text,
                    0,
                    "no DOCTYPE and no DTD given: pass dtd= or doctype= with a catalog",
                    "sgml.no-dtd",
                )
            )
            return SgmlResult(None, diags, used)
        try:
            dtd = _document_dtd(prolog, name, catalog)
        except DTDError as exc:
            diags.append(_diag(path, text, 0, exc.message, "sgml.dtd-unavailable"))
            return SgmlResult(None, diags, used)
        diags.extend(d for d in dtd.diagnostics if d.path == "<internal subset>")
    elif prolog.subset:
        diags.append(
            _diag(
                path,
                text,
                prolog.end,
                "the document's internal DTD subset is ignored because a DTD was given",
                "sgml.subset-ignored",
                Severity.WARNING,
            )
        )
    name = name or _first_tag_name(text, prolog.end, dtd)
    try:
        parser = InstanceParser(
            dtd, text, path, doctype=name or "#none", columns=columns, fast=fast
        )
        tree = parser.parse(prolog.end)
        diags.extend(parser.diagnostics)
    except RecursionError:
        diags.append(
            _diag(path, text, 0, "the document nests too deeply to parse", "sgml.depth-limit")
        )
        tree = None
    diags.sort(key=lambda d: (d.line, d.column))
    return SgmlResult(tree, diags, used)


def _first_tag_name(text: str, pos: int, dtd: Dtd) -> str | None:
    stago = re.escape(dtd.declaration.delim("STAGO"))
    m = re.compile(stago + r"([A-Za-z][\w.\-]*)").search(text, pos)
    return m.group(1) if m else None
