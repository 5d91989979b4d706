"""XML bytes in, a SciELO PS (JATS) lxml tree plus diagnostics out; nothing is fetched or expanded.

The parser never loads a DTD, never touches the network and never resolves entities: a DOCTYPE is kept
as it is, ``SYSTEM "file:///etc/passwd"`` or ``http://`` entities stay unexpanded references, and
entity-expansion bombs cannot grow. Validation against a DTD is a separate step (``scielo_pub.dtd``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.entities import html5

from lxml import etree

from ..errors import Diagnostic, Severity

#: JATS/SciELO PS namespaces the canonical form uses.
NAMESPACES = {
    "xlink": "http://www.w3.org/1999/xlink",
    "mml": "http://www.w3.org/1998/Math/MathML",
    "ali": "http://www.niso.org/schemas/ali/1.0/",
}


def safe_parser() -> etree.XMLParser:
    """An lxml parser that cannot read files or the network and expands no entity."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
    )


@dataclass(frozen=True)
class XmlResult:
    """The parsed tree (``None`` when not well-formed) and what was found on the way."""

    tree: etree._ElementTree | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        return self.tree is not None and not any(d.is_error for d in self.diagnostics)


def read_xml(data: bytes, *, path: str = "<input>") -> XmlResult:
    """Parse ``data`` as XML; well-formedness errors come back as positioned diagnostics."""
    if not data or data.isspace():
        return XmlResult(None, [_diag(path, 1, 1, "the file is empty", "xml.empty")])
    parser = safe_parser()
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        return XmlResult(None, _syntax_diagnostics(exc, parser.error_log, path))
    encoding = tree.docinfo.encoding
    too_big = shape_problem(tree.getroot(), path)
    if too_big is not None:
        return XmlResult(None, [too_big], encoding)
    diagnostics = _entity_diagnostics(tree, path)
    if tree.getroot().tag != "article":
        diagnostics.append(
            _diag(
                path,
                tree.getroot().sourceline or 1,
                1,
                f"the root element is <{tree.getroot().tag}>, not <article>",
                "xml.root",
                "A SciELO PS document starts with <article>; check that this is an article file.",
            )
        )
    return XmlResult(tree, diagnostics, encoding)


#: Deepest element nesting an article may have (real articles stay under 30; sections, lists,
#: tables and formulas included).
MAX_DEPTH = 100
#: Most attributes one element may carry (JATS elements declare fewer than 20).
MAX_ATTRIBUTES = 256


def shape_problem(root: etree._Element, path: str) -> Diagnostic | None:
    """An error when the tree nests deeper than ``MAX_DEPTH`` or an element has more than
    ``MAX_ATTRIBUTES`` attributes (such input is hostile or broken; it is not processed)."""
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > MAX_DEPTH:
            return _diag(path, el.sourceline or 1, 1,
                         f"elements nest more than {MAX_DEPTH} deep", "input.too-deep",
                         "Articles nest sections, lists and tables a few levels deep; check "
                         "for unclosed or generated markup.")  # fmt: skip
        if len(el.attrib) > MAX_ATTRIBUTES:
            return _diag(path, el.sourceline or 1, 1,
                         f"<{el.tag}> has {len(el.attrib)} attributes, more than {MAX_ATTRIBUTES}",
                         "input.too-many-attributes",
                         "Remove the repeated or generated attributes.")  # fmt: skip
    return None


def _syntax_diagnostics(exc: etree.XMLSyntaxError, log, path: str) -> list[Diagnostic]:
    """The parser's own errors (the global log may hold other documents' entries)."""
    entries = [e for e in log if e.level_name in ("ERROR", "FATAL")][:20]
    if not entries:
        line, col = exc.position or (1, 1)
        return [_diag(path, line, col, f"not well-formed XML: {exc.msg}", "xml.not-well-formed")]
    return [
        _diag(
            path,
            e.line or 1,
            (e.column or 0) + 1,
            f"not well-formed XML: {e.message}",
            "xml.not-well-formed",
            "Fix the markup at this position (an unclosed or misspelled tag, a bare '&' or '<').",
        )
        for e in entries
    ]


def _entity_diagnostics(tree: etree._ElementTree, path: str) -> list[Diagnostic]:
    """Expand the standard character entities (JATS's ISO sets, HTML names); report the rest.

    Unknown names and entities the document declares itself (possibly external) stay unexpanded.
    """
    out = []
    for ent in list(tree.getroot().iter(etree.Entity)):
        char = html5.get(f"{ent.name};")
        if char is not None and not _declared_internally(tree, ent.name):
            _replace_with_text(ent, char)
            continue
        out.append(
            _diag(
                path,
                ent.sourceline or 1,
                1,
                f"entity reference {ent.text} was not expanded",
                "xml.entity",
                "Write the character itself (UTF-8) or a numeric reference such as &#233;; "
                "external entities are never read.",
                Severity.WARNING,
            )
        )
        if len(out) >= 50:
            break
    return out


def _declared_internally(tree: etree._ElementTree, name: str) -> bool:
    subset = tree.docinfo.internalDTD
    return subset is not None and any(e.name == name for e in subset.iterentities())


def _replace_with_text(node: etree._Entity, text: str) -> None:
    """Put ``text`` (and the node's tail) where ``node`` stood, then drop the node."""
    text += node.tail or ""
    previous, parent = node.getprevious(), node.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(node)


def _diag(path, line, col, message, code, advice="", severity=Severity.ERROR) -> Diagnostic:
    return Diagnostic(path, line, col, severity, message, code, "structure", advice)
