"""Article file bytes in, a canonical SciELO PS tree plus diagnostics out, chosen by file ending.

Readers register in ``READERS`` by suffix (Pelican-style). The XML reader is always there; the SGML
reader (SciELO Markup) is ``scielo_pub.markup.sgml_reader``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, Severity
from .jats import read_xml


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the bytes: the SGML DTD and catalog, a forced encoding."""

    dtd: object | None = None
    catalog: object | None = None
    encoding: str | None = None
    #: The journal's settings (journal.toml) for what the article leaves out (journal-meta).
    journal: object | None = None


@dataclass(frozen=True)
class ReadResult:
    tree: etree._ElementTree | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        return self.tree is not None and not any(d.is_error for d in self.diagnostics)


Reader = Callable[[bytes, str, ReadOptions], ReadResult]


def read_xml_article(data: bytes, path: str, options: ReadOptions) -> ReadResult:
    result = read_xml(data, path=path)
    return ReadResult(result.tree, list(result.diagnostics), result.encoding)


def read_sgml_article(data: bytes, path: str, options: ReadOptions) -> ReadResult:
    from .sgml_reader import read_sgml_article as sgml_to_canonical  # the SGML engine loads lazily

    tree, diagnostics = sgml_to_canonical(
        data,
        path=path,
        dtd=options.dtd,
        catalog=options.catalog,
        encoding=options.encoding,
        journal=options.journal,
    )
    if tree is not None and not isinstance(tree, etree._ElementTree):
        tree = etree.ElementTree(tree)
    return ReadResult(tree, list(diagnostics))


READERS: dict[str, Reader] = {
    ".xml": read_xml_article,
    ".sgm": read_sgml_article,
    ".sgml": read_sgml_article,
    ".txt": read_sgml_article,
}


def read_article(data: bytes, path: str, options: ReadOptions | None = None) -> ReadResult:
    """Read an article with the reader its suffix names (XML when the bytes look like XML)."""
    suffix = Path(path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        reader = read_xml_article if data.lstrip()[:5] in (b"<?xml", b"<arti") else None
    if reader is None:
        return ReadResult(
            None, [_unsupported(path, f"no reader for '{suffix or 'files without a suffix'}'")]
        )
    try:
        return reader(data, path, options or ReadOptions())
    except RecursionError:  # a last guard: the readers cap nesting well below Python's limit
        return ReadResult(None, [_too_deep(path)])


def _too_deep(path: str) -> Diagnostic:
    return Diagnostic(
        path, 1, 1, Severity.ERROR, "the markup nests too deeply to be read", "input.too-deep",
        "structure", "Check for unclosed tags or generated markup.",
    )  # fmt: skip


def _unsupported(path: str, message: str) -> Diagnostic:
    return Diagnostic(
        path, 1, 1, Severity.ERROR, message, "input.unsupported", "structure",
        "Articles are SciELO PS XML (.xml) or SciELO Markup SGML (.sgm).",
    )  # fmt: skip
