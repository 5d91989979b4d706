"""An XML tree plus offline catalogs (or an XSD) in, positioned structure diagnostics out.

The DOCTYPE's public and system identifiers are looked up in OASIS XML catalogs (the journal's
``xml_dtd_catalog``, ``--catalog`` and ``XML_CATALOG_FILES``); only local files a catalog names, and
the files next to them that the DTD includes, are ever read. Nothing is fetched from the network. A
DTD is parsed once per process and every tree is validated against the cached ``etree.DTD``.
"""

from __future__ import annotations

import codecs
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from ..errors import Diagnostic, Severity
from .jats_bundle import bundle_catalog

CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
#: Error messages libxml2 gives that only repeat the one before (fixed attributes are reported twice).
_MAX_STRUCTURE_ERRORS = 200
_TAG_IN_MESSAGE = re.compile(r"[Ee]lement ([\w:.-]+)|attribute [\w:.-]+ of ([\w:.-]+)")

ADVICE_UNRESOLVED = (
    "Run 'scielo-pub dtds install' once (it installs the JATS 1.0/1.1 and NLM 3.0 DTDs), or point "
    "the journal's journal.toml key xml_dtd_catalog (or --catalog, or the XML_CATALOG_FILES "
    "environment variable) at an OASIS XML catalog that maps this public identifier to a local "
    "copy of the DTD; nothing is downloaded while validating."
)


@dataclass(frozen=True)
class XmlCatalog:
    """Entries of one or more OASIS XML catalogs; every target is an absolute local path."""

    public: dict[str, Path] = field(default_factory=dict)
    system: dict[str, Path] = field(default_factory=dict)
    rewrites: tuple[tuple[str, Path], ...] = ()
    #: Folders whose files a resolved DTD may include (the folders of the mapped DTDs).
    roots: frozenset[Path] = frozenset()
    files: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()

    def resolve(self, public_id: str | None, system_id: str | None) -> Path | None:
        """The local file for a public or system identifier (public first, as ``prefer="public"``)."""
        if public_id:
            found = self.public.get(_norm_public(public_id))
            if found is not None:
                return found
        if not system_id:
            return None
        if system_id in self.system:
            return self.system[system_id]
        for prefix, target in self.rewrites:
            if system_id.startswith(prefix):
                return target / system_id[len(prefix) :]
        return None

    def allows(self, path: Path) -> bool:
        """True when ``path`` lies inside a folder this catalog maps DTDs into."""
        resolved = path.resolve()
        return any(resolved.is_relative_to(root) for root in self.roots)


def _norm_public(text: str) -> str:
    return " ".join(text.split())


def catalog_files(explicit: Sequence[str | Path] = (), *, environ: bool = True) -> tuple[Path, ...]:
    """The catalogs to use: the explicit ones, then those ``XML_CATALOG_FILES`` lists, then the
    JATS DTDs installed by ``scielo-pub dtds install`` (``jats_bundle``)."""
    out = [Path(p) for p in explicit if p]
    if environ:
        for item in os.environ.get("XML_CATALOG_FILES", "").split():
            out.append(Path(_file_url_to_path(item)))
        bundled = bundle_catalog()
        if bundled is not None:
            out.append(bundled)
    return tuple(dict.fromkeys(p.resolve() for p in out))


def _file_url_to_path(text: str) -> str:
    parsed = urlparse(text)
    return unquote(parsed.path) if parsed.scheme == "file" else text


@lru_cache(maxsize=32)
def load_catalog(files: tuple[Path, ...]) -> XmlCatalog:
    """Read the catalogs (following ``nextCatalog`` and ``delegate*`` to local files only)."""
    state = _CatalogState()
    for path in files:
        state.read(path, depth=0)
    return XmlCatalog(
        public=state.public,
        system=state.system,
        rewrites=tuple(sorted(state.rewrites, key=lambda r: -len(r[0]))),
        roots=frozenset(
            p.parent.resolve() for p in (*state.public.values(), *state.system.values())
        )
        | frozenset(t.resolve() for _, t in state.rewrites),
        files=files,
        problems=tuple(state.problems),
    )


class _CatalogState:
    def __init__(self) -> None:
        self.public: dict[str, Path] = {}
        self.system: dict[str, Path] = {}
        self.rewrites: list[tuple[str, Path]] = []
        self.problems: list[str] = []
        self.seen: set[Path] = set()

    def read(self, path: Path, depth: int) -> None:
        path = path.resolve()
        if path in self.seen or depth > 8:
            return
        self.seen.add(path)
        parser = etree.XMLParser(
            load_dtd=False, resolve_entities=False, no_network=True, dtd_validation=False
        )
        try:
            root = etree.parse(str(path), parser).getroot()
        except (OSError, etree.XMLSyntaxError) as exc:
            self.problems.append(f"cannot read XML catalog {path}: {exc}")
            return
        self._entries(root, path.as_uri(), depth)

    def _entries(self, parent: etree._Element, base: str, depth: int) -> None:
        base = urljoin(base, parent.get(XML_BASE, ""))
        for el in parent:
            if not isinstance(el.tag, str):
                continue
            name = el.tag.removeprefix(CATALOG_NS)
            if name == "group":
                self._entries(el, base, depth)
            else:
                self._entry(name, el, urljoin(base, el.get(XML_BASE, "")), depth)

    def _entry(self, name: str, el: etree._Element, base: str, depth: int) -> None:
        target = _local(urljoin(base, el.get("uri") or el.get("catalog") or ""))
        if name == "public" and target and el.get("publicId"):
            self.public.setdefault(_norm_public(el.get("publicId")), target)
        elif name in ("system", "uri") and target:
            key = el.get("systemId") or el.get("name")
            if key:
                self.system.setdefault(key, target)
        elif name in ("rewriteSystem", "rewriteURI"):
            prefix = el.get("systemIdStartString") or el.get("uriStartString")
            prefix_target = _local(urljoin(base, el.get("rewritePrefix") or ""))
            if prefix and prefix_target:
                self.rewrites.append((prefix, prefix_target))
        elif name in ("nextCatalog", "delegatePublic", "delegateSystem", "delegateURI") and target:
            self.read(target, depth + 1)


def _local(url: str) -> Path | None:
    """A ``file:`` URL as a path; anything remote is ignored (never fetched)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("file", ""):
        return None
    return Path(unquote(parsed.path)) if parsed.path else None


class _CatalogResolver(etree.Resolver):
    """Hands libxml2 local files only: catalog matches, and includes next to a mapped DTD."""

    def __init__(self, catalog: XmlCatalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.refused: list[str] = []
        #: The local files handed to libxml2, in order.
        self.files: list[Path] = []

    def resolve(self, system_url, public_id, context):
        target = self.catalog.resolve(public_id, system_url)
        if target is None and system_url:
            local = _local(system_url)
            if local is not None and local.is_absolute() and self.catalog.allows(local):
                target = local
        if target is not None and target.is_file():
            self.files.append(target)
            return self.resolve_filename(str(target), context)
        self.refused.append(system_url or public_id or "")
        return self.resolve_string("", context)


@dataclass(frozen=True)
class LoadedDtd:
    """A parsed DTD (``None`` when it could not be loaded) and why not."""

    dtd: etree.DTD | None
    path: Path | None
    problem: str | None = None


_DTD_CACHE: dict[tuple[Path, tuple[Path, ...]], LoadedDtd] = {}
_DTD_LOCK = threading.Lock()


def load_dtd(catalog: XmlCatalog, public_id: str | None, system_id: str | None) -> LoadedDtd:
    """The cached DTD a DOCTYPE names, resolved through ``catalog`` (parsed once per process)."""
    target = catalog.resolve(public_id, system_id)
    if target is None:
        return LoadedDtd(None, None, None)
    key = (target.resolve(), catalog.files)
    with _DTD_LOCK:
        if key not in _DTD_CACHE:
            _DTD_CACHE[key] = _parse_dtd(catalog, target)
        return _DTD_CACHE[key]


def _parse_dtd(catalog: XmlCatalog, target: Path) -> LoadedDtd:
    if not target.is_file():
        return LoadedDtd(None, target, f"the catalog maps it to {target}, which does not exist")
    from .dtdcache import load_cached

    dtd, problem = load_cached(target, catalog.files, lambda t: _parse_dtd_files(catalog, t))
    return LoadedDtd(dtd, target, problem)


def _parse_dtd_files(catalog: XmlCatalog, target: Path):
    """Parse the DTD and the modules it includes (through the catalog resolver, local files only).

    The DTD is read as the external parameter entity of a stub's internal subset, so that libxml2
    can also dump every declaration it holds as one text (see :mod:`.dtdcache`)."""
    resolver = _CatalogResolver(catalog)
    parser = etree.XMLParser(load_dtd=True, no_network=True, resolve_entities=False)
    parser.resolvers.add(resolver)
    uri = target.as_uri().replace('"', "%22")
    stub = (
        f'<!DOCTYPE article [<!ENTITY % scielo-pub-dtd SYSTEM "{uri}"> %scielo-pub-dtd;]><article/>'
    )
    try:
        doc = etree.fromstring(stub.encode(), parser).getroottree()
    except etree.XMLSyntaxError as exc:
        return None, f"the DTD {target} has errors: {exc}", [], resolver.refused, None
    dtd = doc.docinfo.internalDTD
    if dtd is None:
        return None, f"the DTD {target} could not be read", [], resolver.refused, None
    dump = etree.tostring(doc, encoding="unicode")
    head = dump[: dump.rfind(etree.tostring(doc.getroot(), encoding="unicode"))]
    start, end = head.find("["), head.rfind("]")
    subset = head[start + 1 : end] if 0 <= start < end else None
    return dtd, None, [target, *resolver.files], resolver.refused, subset


class Locator:
    """Line and column of elements, from the source text (lxml knows lines, not columns)."""

    def __init__(self, data: bytes | str | None, tree: etree._ElementTree | None) -> None:
        if isinstance(data, bytes):
            data = data.decode(_encoding_of(data, tree), errors="replace")
        self._lines = (data or "").splitlines()
        self._tree = tree
        self._by_line: dict[int, list[etree._Element]] | None = None

    def line_text(self, line: int) -> str:
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    def column_of_tag(self, line: int, tag: str | None, nth: int = 0) -> int:
        """1-based column of the ``nth`` start tag ``<tag`` on ``line`` (first ``<`` otherwise)."""
        text = self.line_text(line)
        if tag:
            hits = [m.start() for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", text)]
            if hits:
                return hits[min(nth, len(hits) - 1)] + 1
        pos = text.find("<")
        return pos + 1 if pos >= 0 else 1

    def position(self, el: etree._Element) -> tuple[int, int]:
        """``(line, column)`` of an element's start tag."""
        line = el.sourceline or 1
        name = _qname(el)
        same = [e for e in self._elements_on(line) if _qname(e) == name]
        nth = next((i for i, e in enumerate(same) if e is el), 0)
        return line, self.column_of_tag(line, name, nth)

    def _elements_on(self, line: int) -> list[etree._Element]:
        if self._by_line is None:
            self._by_line = {}
            if self._tree is not None:
                for e in self._tree.getroot().iter(tag=etree.Element):
                    self._by_line.setdefault(e.sourceline or 0, []).append(e)
        return self._by_line.get(line, [])


def _encoding_of(data: bytes, tree: etree._ElementTree | None) -> str:
    """The encoding the parser used: a byte-order mark wins over the declaration."""
    if data[:3] == b"\xef\xbb\xbf":
        return "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    encoding = tree.docinfo.encoding if tree is not None else None
    try:
        return codecs.lookup(encoding).name if encoding else "utf-8"
    except LookupError:
        return "utf-8"


def _qname(el: etree._Element) -> str:
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


@dataclass(frozen=True)
class StructureCheck:
    """Structure diagnostics and whether a DTD or XSD was actually applied."""

    diagnostics: list[Diagnostic]
    checked: bool


def check_structure(
    tree: etree._ElementTree,
    *,
    path: str,
    locator: Locator,
    catalog: XmlCatalog,
    xsd: Path | None = None,
) -> StructureCheck:
    """Validate ``tree`` against its XSD (when given) or the DTD its DOCTYPE names."""
    if xsd is not None:
        return StructureCheck(check_xsd(tree, xsd, path=path, locator=locator), True)
    info = tree.docinfo
    public_id, system_id = info.public_id, info.system_url
    if not public_id and not system_id:
        return StructureCheck([_no_doctype(path, tree)], False)
    loaded = load_dtd(catalog, public_id, system_id)
    if loaded.dtd is None:
        return StructureCheck([_unresolved(path, public_id, system_id, catalog, loaded)], False)
    return StructureCheck(validate_with_dtd(tree, loaded.dtd, path=path, locator=locator), True)


def validate_with_dtd(
    tree: etree._ElementTree, dtd: etree.DTD, *, path: str, locator: Locator
) -> list[Diagnostic]:
    """Validate against an already parsed DTD; one diagnostic per libxml2 error."""
    if dtd.validate(tree):
        return []
    out: list[Diagnostic] = []
    seen: set[tuple[int, str]] = set()
    for entry in dtd.error_log:
        line = entry.line or 1
        tag = _tag_of(entry.message)
        if (line, tag or entry.message) in seen and "attribute" in entry.message:
            continue  # libxml2 reports a wrong #FIXED value twice
        seen.add((line, tag or entry.message))
        out.append(_dtd_diag(path, line, locator.column_of_tag(line, tag), entry.message))
    return out


def _tag_of(message: str) -> str | None:
    match = _TAG_IN_MESSAGE.search(message)
    return (match.group(1) or match.group(2)) if match else None


def _dtd_diag(path: str, line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(
        path, line, column, Severity.ERROR, f"DTD: {message}", "dtd.invalid", "structure",
        "Change the markup so that it follows the DTD: the message says which element or "
        "attribute is not allowed here and what the DTD expects.",
    )  # fmt: skip


def _no_doctype(path: str, tree: etree._ElementTree) -> Diagnostic:
    return Diagnostic(
        path, 1, 1, Severity.ERROR,
        "the file has no DOCTYPE, so its structure cannot be checked against a DTD",
        "dtd.no-doctype", "structure",
        'Add the JATS DOCTYPE after the XML declaration, e.g. <!DOCTYPE article PUBLIC "-//NLM//DTD '
        'JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" "https://jats.nlm.nih.gov/'
        'publishing/1.1/JATS-journalpublishing1.dtd">, or declare an xsd in journal.toml.',
    )  # fmt: skip


def _unresolved(path, public_id, system_id, catalog: XmlCatalog, loaded: LoadedDtd) -> Diagnostic:
    named = f'PUBLIC "{public_id}"' if public_id else f'SYSTEM "{system_id}"'
    if loaded.problem:
        message = f"the DTD {named} cannot be used: {loaded.problem}"
    elif catalog.files:
        listed = ", ".join(str(f) for f in catalog.files)
        message = f"no XML catalog maps the DTD {named} (catalogs read: {listed})"
    else:
        message = f"the DTD {named} is not configured: no XML catalog is set"
    if catalog.problems:
        message += "; " + "; ".join(catalog.problems)
    return Diagnostic(
        path, 1, 1, Severity.ERROR, message, "dtd.unresolved", "structure", ADVICE_UNRESOLVED
    )


_XSD_CACHE: dict[Path, object] = {}


def check_xsd(
    tree: etree._ElementTree, xsd: Path, *, path: str, locator: Locator
) -> list[Diagnostic]:
    """Validate against an XML Schema with xmlschema (local files only, cached per schema)."""
    try:
        schema = _load_xsd(xsd)
    except Exception as exc:  # xmlschema raises many kinds for a broken schema
        return [
            Diagnostic(
                path,
                1,
                1,
                Severity.ERROR,
                f"the XML Schema {xsd} cannot be used: {exc}",
                "xsd.unresolved",
                "structure",
                "Fix the xsd path in journal.toml; the schema and its imports must be local files.",
            )  # fmt: skip
        ]
    import xmlschema

    out = []
    resource = xmlschema.XMLResource(tree, allow="none", defuse="always")
    for error in schema.iter_errors(resource):
        element = getattr(error, "elem", None)
        line, column = (1, 1)
        if element is not None and getattr(element, "sourceline", None):
            line, column = locator.position(element)
        out.append(
            Diagnostic(
                path,
                line,
                column,
                Severity.ERROR,
                f"XSD: {error.reason or error.message}",
                "xsd.invalid",
                "structure",
                "Change the markup so that it follows the journal's XML Schema.",
            )  # fmt: skip
        )
        if len(out) >= _MAX_STRUCTURE_ERRORS:
            break
    return out


def _load_xsd(xsd: Path):
    import xmlschema

    key = xsd.resolve()
    if key not in _XSD_CACHE:
        _XSD_CACHE[key] = xmlschema.XMLSchema(str(key), allow="sandbox", defuse="always")
    return _XSD_CACHE[key]
