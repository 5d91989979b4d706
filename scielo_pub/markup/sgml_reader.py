"""SciELO Markup SGML bytes in, a SciELO PS (JATS) tree plus diagnostics out: parse, then convert.

The DTD is a name from the project's ``dtds/`` folder (``art4_0``, ``text4_0``, ``doc4_0``, as a
journal's ``dtd`` setting says), a path to a DTD file, or a loaded ``Dtd``; the catalog is the
project's ``dtds/catalog`` unless another is given.
"""

from __future__ import annotations

import ast
import re
import threading
import tomllib
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from ..dtd import BRACKET_SYNTAX, Catalog, Dtd, load_catalog, load_declaration, load_dtd
from ..errors import Diagnostic, DTDError, Severity
from .scielo_common import STRAY
from .scielo_jats import sgml_to_jats
from .scielo_journal import fill_journal_meta
from .sgml import parse_sgml

DTDS_DIR = Path(__file__).resolve().parents[2] / "dtds"
DEFAULT_CATALOG = DTDS_DIR / "catalog"
_FIRST_TAG = re.compile(rb"\[\s*([A-Za-z][\w.\-]*)")
_CACHE: dict[tuple, Dtd] = {}
_CATALOGS: dict[str, Catalog] = {}
_LOCK = threading.Lock()
#: where Markup leaves printed punctuation between tags (SciELO's Parser wraps it in [ign])
PRINTED = {"vcitat", "icitat", "acitat", "pcitat", "ocitat", "ref", "aff", "normaff", "corresp"}
PRINTED |= {"author", "oauthor", "pauthor", "authgrp", "authors", "keygrp", "kwdgrp", "hist", "fn"}
_STRAY_TEXT = re.compile(r"^text (.+) is not allowed here")


def read_sgml_article(
    data: bytes,
    *,
    path: str = "<input>",
    dtd: str | Path | Dtd | None = None,
    catalog: str | Path | Catalog | None = None,
    encoding: str | None = None,
    journal: Mapping | None = None,
) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """Parse a Markup document with its DTD and convert it to SciELO PS; never raises on bad input.

    ``journal`` (journal.toml settings) completes journal-meta; by default the journal.toml of the
    journal folder the file sits in."""
    diagnostics: list[Diagnostic] = []
    try:
        cat = resolve_catalog(catalog)
        doc_dtd = resolve_dtd(dtd, cat, root_name(data))
    except DTDError as exc:
        advice = "Set dtd in journal.toml to a name from dtds/ (art4_0, text4_0, doc4_0) or a path."
        return None, [
            Diagnostic(path, 0, 0, Severity.FATAL, exc.message, "sgml-dtd", advice=advice)
        ]
    result = parse_sgml(data, path=path, dtd=doc_dtd, catalog=cat, encoding=encoding)
    if result.tree is None:
        return None, list(result.diagnostics)
    diagnostics.extend(fold_printed_punctuation(result.tree, result.diagnostics, path))
    lines = source_lines(result.tree)
    tree, converted = sgml_to_jats(result.tree, path=path)
    diagnostics.extend(converted)
    if tree is not None:
        fill_journal_meta(tree, journal if journal else journal_settings(path))
        carry_positions(tree.getroot(), lines)
    return tree, diagnostics


def source_lines(tree: etree._ElementTree) -> dict[str, int]:
    """Source line of every SGML element with an id (folded), and of the document element (``""``)."""
    root = tree.getroot()
    lines = {"": root.sourceline or 1}
    for node in root.iter():
        if isinstance(node.tag, str) and node.get("id") and node.sourceline:
            lines.setdefault(node.get("id").lower(), node.sourceline)
    return lines


def carry_positions(root: etree._Element, lines: dict[str, int]) -> None:
    """Give converted elements the SGML line they come from, so rule problems point into the
    ``.sgm`` file: elements with an id take their source element's line, the rest their parent's."""
    root.sourceline = lines[""]
    for node in root.iter():
        if not isinstance(node.tag, str) or node is root:
            continue
        node_id = node.get("id")
        line = lines.get(node_id.lower()) if node_id else None
        parent = node.getparent()
        node.sourceline = line or (parent.sourceline if parent is not None else lines[""])


def fold_printed_punctuation(tree, diagnostics: list[Diagnostic], path: str) -> list[Diagnostic]:
    """Stray-text warnings for punctuation between the tags of a citation, an affiliation, ...
    become one summary: that is how Markup files look (SciELO's Parser adds [ign] there)."""
    expected = set()
    for stray in tree.iter(STRAY):
        if any(a.tag in PRINTED for a in stray.iterancestors()):
            expected.add((stray.sourceline, (stray.text or "").strip()[:40]))
    kept, folded = [], 0
    for diag in diagnostics:
        if diag.code == "sgml.stray-text" and (diag.line, _stray_words(diag.message)) in expected:
            folded += 1
        else:
            kept.append(diag)
    if folded:
        message = f"{folded} pieces of printed punctuation between tags kept as text"
        kept.append(Diagnostic(path, 1, 1, Severity.INFO, message, "sgml-printed-text"))
    return kept


def _stray_words(message: str) -> str:
    match = _STRAY_TEXT.match(message)
    if not match:
        return ""
    try:
        return str(ast.literal_eval(match.group(1)))
    except (ValueError, SyntaxError):
        return match.group(1)


def journal_settings(path: str) -> dict:
    """The journal.toml of the journal folder an article sits in (issues/ISSUE/ARTICLE), if any."""
    try:
        where = Path(path).resolve()
    except OSError:
        return {}
    for folder in list(where.parents)[:4]:
        config = folder / "journal.toml"
        if config.is_file():
            try:
                return tomllib.loads(config.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                return {}
    return {}


def root_name(data: bytes) -> str | None:
    """The name of the first bracket tag (the document element), lower-cased."""
    match = _FIRST_TAG.search(data[:65536])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def resolve_catalog(catalog: str | Path | Catalog | None) -> Catalog:
    if isinstance(catalog, Catalog):
        return catalog
    where = str(Path(catalog or DEFAULT_CATALOG).resolve())
    with _LOCK:
        if where not in _CATALOGS:
            if not Path(where).is_file():
                raise DTDError(f"SGML catalog {where} does not exist")
            _CATALOGS[where] = load_catalog(where)
        return _CATALOGS[where]


def resolve_dtd(dtd: str | Path | Dtd | None, catalog: Catalog, root: str | None) -> Dtd:
    """A loaded DTD for the document: by name, by path, or by the catalog's DOCTYPE entry."""
    if isinstance(dtd, Dtd):
        return dtd
    target = _dtd_path(dtd, catalog, root)
    loaded = _load(target, catalog)
    if root and root not in loaded.elements:
        other = catalog.resolve_doctype(root)
        if other is not None and other.resolve() != target.resolve():
            loaded = _load(other, catalog)
    return loaded


def _dtd_path(dtd: str | Path | None, catalog: Catalog, root: str | None) -> Path:
    if dtd is None:
        found = catalog.resolve_doctype(root or "article")
        if found is None:
            raise DTDError(f"no DTD given and the catalog has no DOCTYPE entry for [{root}]")
        return found
    text = str(dtd)
    if "/" not in text and "\\" not in text and not text.endswith(".dtd"):
        candidate = DTDS_DIR / f"{text}.dtd"
        if not candidate.is_file():
            known = ", ".join(sorted(p.stem for p in DTDS_DIR.glob("*.dtd")))
            raise DTDError(f"unknown DTD name {text!r}; the project's DTDs are: {known}")
        return candidate
    candidate = Path(text)
    if not candidate.is_file():
        raise DTDError(f"DTD file {text} does not exist")
    return candidate


def _load(target: Path, catalog: Catalog) -> Dtd:
    key = (str(target.resolve()), str(catalog.base), str(catalog.sgmldecl))
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = load_dtd(target, catalog=catalog, declaration=_declaration(catalog))
        return _CACHE[key]


def _declaration(catalog: Catalog):
    """The catalog's SGMLDECL (the bracket syntax when it names none or cannot be read)."""
    if catalog.sgmldecl is None or not catalog.sgmldecl.is_file():
        return BRACKET_SYNTAX
    return load_declaration(catalog.sgmldecl.read_bytes())
