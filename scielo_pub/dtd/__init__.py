"""SGML declarations, catalogs and DTDs in, reusable ``Dtd`` objects out (pure Python, offline only)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scielo_pub.dtd.catalog import Catalog
    from scielo_pub.dtd.declaration import SgmlDeclaration
    from scielo_pub.dtd.types import Dtd

__all__ = [
    "BRACKET_SYNTAX", "REFERENCE_SYNTAX", "AttrDef", "Catalog", "Dtd", "ElementDecl", "Entity",
    "SgmlDeclaration", "load_catalog", "load_declaration", "load_dtd", "parse_dtd_text",
]  # fmt: skip

#: Names this package re-exports, imported on first use: the XML-only commands (one-file
#: ``validate`` of a JATS article) never load the SGML engine.
_LAZY = {
    "Catalog": "catalog", "load_catalog": "catalog",
    "BRACKET_SYNTAX": "declaration", "REFERENCE_SYNTAX": "declaration",
    "SgmlDeclaration": "declaration", "load_declaration": "declaration",
    "Entity": "entities",
    "AttrDef": "types", "Dtd": "types", "ElementDecl": "types",
}  # fmt: skip


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def parse_dtd_text(
    text: str,
    *,
    path: str = "<dtd>",
    base: Path | None = None,
    catalog: Catalog | None = None,
    declaration: SgmlDeclaration | None = None,
    name: str | None = None,
    into: Dtd | None = None,
) -> Dtd:
    """Parse DTD text (already decoded) into a new Dtd, or on top of ``into`` (internal subset first)."""
    from scielo_pub.dtd.declaration import REFERENCE_SYNTAX
    from scielo_pub.dtd.entities import normalize_newlines
    from scielo_pub.dtd.parser import DtdParser
    from scielo_pub.dtd.types import Dtd

    dtd = into or Dtd(name, declaration or REFERENCE_SYNTAX, catalog, base=base)
    parser = DtdParser(dtd)
    parser.parse(normalize_newlines(text), path, base)
    parser.finish()
    return dtd


def load_dtd(
    path_or_bytes: str | Path | bytes,
    *,
    catalog: Catalog | None = None,
    declaration: SgmlDeclaration | None = None,
    name: str | None = None,
) -> Dtd:
    """Load a DTD file (or DTD bytes); raise DTDError when it or an entity it needs is not available offline.

    ``declaration`` defaults to the reference concrete syntax; pass ``BRACKET_SYNTAX`` (or a declaration
    read with ``load_declaration``) for SciELO Markup documents.
    """
    from scielo_pub.dtd.entities import decode_bytes, read_external
    from scielo_pub.errors import DTDError

    if isinstance(path_or_bytes, bytes):
        text, _enc = decode_bytes(path_or_bytes)
        base = catalog.base if catalog is not None else None
        return parse_dtd_text(text, base=base, catalog=catalog, declaration=declaration, name=name)
    path = Path(path_or_bytes)
    try:
        data = read_external(path)
    except OSError as exc:
        raise DTDError(f"cannot read DTD {path}: {exc}; check the path or the catalog") from exc
    text, _enc = decode_bytes(data)
    return parse_dtd_text(
        text, path=str(path), base=path.resolve().parent, catalog=catalog,
        declaration=declaration, name=name,
    )  # fmt: skip
