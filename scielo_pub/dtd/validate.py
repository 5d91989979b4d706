"""Article bytes (or an already read tree) plus the journal's configuration in, a ValidationResult
with every structure and publication-rule problem out.

``validate_article`` is what ``scielo-pub validate`` runs per file; ``check_tree`` is what the
build runs after reading; ``validate_paths`` validates files, issue folders and zip packages.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, Severity
from ..markup.readers import ReadOptions, read_article
from ..model import Article, Journal, article_from_tree
from .rules import apply_to_checks, check_overrides, run_rules
from .rules.advice import localise
from .xmlvalid import Locator, XmlCatalog, catalog_files, check_structure, load_catalog

#: Article files larger than this are not parsed (a typical article is 50-500 kB).
MAX_ARTICLE_BYTES = 32 * 1024 * 1024
#: At most this many problems are listed per file; a last line says how many more there were.
MAX_DIAGNOSTICS_PER_FILE = 500
ARTICLE_SUFFIXES = (".xml", ".sgm", ".sgml")
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"II*")


@dataclass(frozen=True)
class JournalConfig:
    """What validation needs from journal.toml, with paths made absolute."""

    sgml_dtd: str | None = None
    catalogs: tuple[Path, ...] = ()
    xsd: Path | None = None
    rules: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    #: SGML Open catalog for SGML DTDs and entity sets (``--catalog`` given an SGML catalog).
    sgml_catalog: str | None = None
    #: Forced encoding of SGML input (``--encoding``); detected otherwise.
    encoding: str | None = None
    #: Article files larger than this are refused (journal.toml ``max_article_mb``).
    max_bytes: int = MAX_ARTICLE_BYTES
    #: The journal.toml settings when they were given (``--journal``); SGML journal-meta uses them.
    settings: Mapping | None = None


@dataclass(frozen=True)
class ValidationResult:
    """One article: its canonical tree and model (when readable) and every problem found."""

    path: str
    tree: etree._ElementTree | None
    article: Article | None
    diagnostics: tuple[Diagnostic, ...]
    #: True when a DTD or XSD was actually applied (False when it could not be resolved).
    structure_checked: bool = False
    data: bytes = field(default=b"", repr=False)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.tree is not None and self.errors == 0


def journal_config(
    journal: Journal | Mapping | JournalConfig | None, *, base: Path | None = None
) -> JournalConfig:
    """A JournalConfig from a Journal record, a journal.toml mapping, or nothing."""
    if journal is None or isinstance(journal, JournalConfig):
        return journal or JournalConfig()
    get = journal.get if isinstance(journal, Mapping) else lambda k: getattr(journal, k, None)
    folder = base or Path.cwd()
    catalog = get("xml_dtd_catalog")
    catalogs = tuple(_absolute(c, folder) for c in _as_list(catalog))
    xsd = get("xsd")
    extra = get("extra") or {}
    limit = get("max_article_mb") if isinstance(journal, Mapping) else extra.get("max_article_mb")
    return JournalConfig(
        sgml_dtd=_sgml_dtd(get("dtd"), folder),
        catalogs=catalogs,
        xsd=_absolute(xsd, folder) if xsd else None,
        rules=dict(get("rules") or {}),
        source=str(folder / "journal.toml"),
        max_bytes=int(float(limit) * 1048576) if limit else MAX_ARTICLE_BYTES,
        settings=dict(journal) if isinstance(journal, Mapping) else _settings_of(journal),
    )


def _settings_of(journal: Journal) -> dict:
    keys = ("acronym", "title", "abbrev_title", "issn_print", "issn_electronic", "publisher")
    return {k: getattr(journal, k) for k in keys if getattr(journal, k, None)}


def _sgml_dtd(value: str | None, folder: Path) -> str | None:
    """The journal's SGML DTD: a file relative to the journal folder when there is one, else a
    name from ``dtds/``."""
    if not value:
        return None
    candidate = _absolute(value, folder)
    return str(candidate) if candidate.is_file() else value


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _absolute(value: str | Path, folder: Path) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (folder / path)


def find_journal_config(start: Path) -> JournalConfig | None:
    """The journal.toml of the journal folder ``start`` lies in (looking up to four levels)."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents][:5]:
        toml = candidate / "journal.toml"
        if toml.is_file():
            try:
                data = tomllib.loads(toml.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None  # the build reports broken journal.toml files; validation goes on
            return journal_config(data, base=candidate)
    return None


def _catalog(config: JournalConfig, extra: Sequence[str | Path] | str | Path | None) -> XmlCatalog:
    explicit = [*config.catalogs, *_as_list(extra if not isinstance(extra, Path) else str(extra))]
    if isinstance(extra, list | tuple):
        explicit = [*config.catalogs, *(str(e) for e in extra)]
    return load_catalog(catalog_files(explicit))


def validate_article(
    data: bytes,
    *,
    path: str,
    journal: Journal | Mapping | JournalConfig | None = None,
    catalog: Sequence[str | Path] | str | Path | None = None,
    lang: str = "en",
) -> ValidationResult:
    """Read and validate one article file's bytes: structure first, then every publication rule."""
    config = journal_config(journal)
    guard = _guard_input(data, path, config.max_bytes)
    if guard is not None:
        return ValidationResult(path, None, None, tuple(localise([guard], lang)), data=b"")
    options = ReadOptions(
        dtd=config.sgml_dtd,
        catalog=config.sgml_catalog,
        encoding=config.encoding,
        journal=config.settings,
    )
    read = read_article(data, path, options)
    diagnostics = [_explain_encoding(d) for d in read.diagnostics]
    if read.tree is not None and _is_xml(path):
        diagnostics += _encoding_mismatch(data, read.tree, path)
    if read.tree is None:
        return ValidationResult(
            path, None, None, tuple(_finish(diagnostics, path, lang)), data=data
        )
    diagnostics = apply_to_checks(diagnostics, config.rules)
    checked, more, article = _check(read.tree, path, data, config, catalog, lang, _is_xml(path))
    diagnostics += more
    return ValidationResult(
        path, read.tree, article, tuple(_finish(diagnostics, path, lang)), checked, data
    )


def check_tree(
    tree: etree._ElementTree,
    *,
    path: str,
    journal: Journal | Mapping | JournalConfig | None = None,
    data: bytes | None = None,
    catalog: Sequence[str | Path] | str | Path | None = None,
    lang: str = "en",
) -> list[Diagnostic]:
    """Structure and rule diagnostics for a tree the build has already read."""
    config = journal_config(journal, base=_journal_folder(Path(path)))
    _, diagnostics, _ = _check(tree, path, data, config, catalog, lang, _is_xml(path))
    return _finish(diagnostics, path, lang)


def _journal_folder(path: Path) -> Path | None:
    for candidate in list(path.parents)[:5]:
        if (candidate / "journal.toml").is_file():
            return candidate
    return None


def _check(tree, path, data, config: JournalConfig, catalog, lang, is_xml):
    locator = Locator(data, tree)
    diagnostics: list[Diagnostic] = []
    checked = False
    if is_xml:
        structure = check_structure(
            tree, path=path, locator=locator, catalog=_catalog(config, catalog), xsd=config.xsd
        )
        diagnostics += apply_to_checks(structure.diagnostics, config.rules)
        checked = structure.checked
    if tree.getroot().tag != "article":
        return checked, diagnostics, None
    article = article_from_tree(tree, path=path)
    diagnostics += run_rules(
        tree, article, path=path, locator=locator, lang=lang, overrides=config.rules
    )
    if config.rules:
        diagnostics += check_overrides(config.rules, path=config.source or path)
    return checked, diagnostics, article


def _guard_input(data: bytes, path: str, limit: int = MAX_ARTICLE_BYTES) -> Diagnostic | None:
    """A diagnostic for input that must not be parsed at all (too big, binary)."""
    if len(data) > limit:
        return too_large(path, len(data), limit)
    head = data[:8192]
    is_utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff")
    if any(head.startswith(m) for m in _BINARY_MAGIC) or (b"\x00" in head and not is_utf16):
        return _input(
            path, "the file is binary (an image, PDF, zip or program), not an XML or SGML article",
            "input.binary", "Give the article's .xml or .sgm file; images are referenced from it.",
        )  # fmt: skip
    return None


def too_large(path: str, size: int, limit: int = MAX_ARTICLE_BYTES) -> Diagnostic:
    """The diagnostic for an article file over the size cap (it is not parsed)."""
    return _input(
        path, f"the file is {size / 1048576:.1f} MB, more than the "
        f"{limit / 1048576:g} MB an article file may have", "input.too-large",
        "Check that this is an article and not a merged or corrupted file; images belong in "
        "separate files of the package.",
    )  # fmt: skip


_ENCODING_WORDS = ("character encoding", "Unsupported encoding", "labelled", "encoding error")


def _explain_encoding(diag: Diagnostic) -> Diagnostic:
    """Encoding failures and entity bombs get their own code and advice (libxml2 reports them
    as syntax errors)."""
    if diag.code != "xml.not-well-formed":
        return diag
    if "amplification" in diag.message or "entity loop" in diag.message.lower():
        return Diagnostic(
            diag.path, diag.line, diag.column, diag.severity,
            "the document declares entities that would expand enormously (an entity bomb); "
            "nothing was expanded", "xml.entity-bomb", diag.kind,
            "Remove the <!ENTITY> declarations from the DOCTYPE; articles need none.",
        )  # fmt: skip
    if not any(w in diag.message for w in _ENCODING_WORDS):
        return diag
    return Diagnostic(
        diag.path, diag.line, diag.column, diag.severity,
        diag.message.replace("not well-formed XML: ", "the bytes here do not match the file's "
                             "encoding: "),
        "xml.encoding", diag.kind,
        'Save the whole file as UTF-8 and declare it: <?xml version="1.0" encoding="utf-8"?>. '
        "Mixed encodings usually come from pasting text from another file.",
    )  # fmt: skip


def _encoding_mismatch(data: bytes, tree: etree._ElementTree, path: str) -> list[Diagnostic]:
    """A warning when a single-byte declaration sits on bytes that are really UTF-8."""
    declared = (tree.docinfo.encoding or "").lower().replace("_", "-")
    if declared not in ("iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"):
        return []
    has_utf8_bom = data.startswith(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if not has_utf8_bom and data.isascii():
        return []
    return [
        Diagnostic(
            path,
            1,
            1,
            Severity.WARNING,
            f"the file declares encoding {tree.docinfo.encoding} but its bytes are UTF-8; accented "
            "letters will come out garbled",
            "xml.encoding-mismatch",
            "structure",
            'Change the declaration to <?xml version="1.0" encoding="utf-8"?>.',
        )  # fmt: skip
    ]


def _is_xml(path: str) -> bool:
    return Path(path).suffix.lower() not in (".sgm", ".sgml", ".txt")


def _input(path: str, message: str, code: str, advice: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, Severity.ERROR, message, code, "structure", advice)


_XML_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+=\"[^\"<>]*\")*)\s*(/?)>")
_XML_ATTR = re.compile(r'([\w:.-]+)="([^"]*)"')


def bracket_tags(text: str) -> str:
    """Advice written with XML tags (``<xref ref-type="fn">``) in SciELO Markup's bracket form
    (``[xref ref-type=fn]``), for editors of .sgm files."""

    def attr(m: re.Match) -> str:
        value = m.group(2)
        return f"{m.group(1)}={value}" if re.fullmatch(r"[\w.-]+", value) else m.group(0)

    def tag(m: re.Match) -> str:
        attrs = _XML_ATTR.sub(attr, m.group(3))
        return f"[{m.group(1)}{m.group(2)}{attrs}]"

    return _XML_TAG.sub(tag, text)


def _finish(diagnostics: Iterable[Diagnostic], path: str, lang: str = "en") -> list[Diagnostic]:
    """Sort by position (structure before rules on the same spot), cap the list, and give the
    checks' advice in ``lang`` (with bracket tags for SciELO Markup files)."""
    ordered = sorted(diagnostics, key=lambda d: (d.line, d.column, d.kind != "structure", d.code))
    if len(ordered) <= MAX_DIAGNOSTICS_PER_FILE:
        return _markup_advice(localise(ordered, lang), path)
    kept = ordered[:MAX_DIAGNOSTICS_PER_FILE]
    hidden = ordered[MAX_DIAGNOSTICS_PER_FILE:]
    errors = sum(1 for d in hidden if d.is_error)
    kept.append(
        Diagnostic(
            path,
            hidden[0].line,
            hidden[0].column,
            Severity.INFO,
            f"{len(hidden)} more problems ({errors} errors) are not listed; "
            f"{len(ordered)} in all in this file",
            "report.truncated",
            "structure",
            "Fix the first problems and validate again: one early mistake often causes many.",
        )  # fmt: skip
    )
    return _markup_advice(localise(kept, lang), path)


def _markup_advice(diagnostics: list[Diagnostic], path: str) -> list[Diagnostic]:
    if _is_xml(path):
        return diagnostics
    return [
        replace(d, advice=bracket_tags(d.advice)) if "<" in d.advice else d for d in diagnostics
    ]


@dataclass(frozen=True)
class ValidationReport:
    """Everything ``validate_paths`` found: one result per article and the package problems."""

    results: tuple[ValidationResult, ...]
    #: Problems that belong to a package or an input rather than to one article's text.
    diagnostics: tuple[Diagnostic, ...] = ()
    #: True when some input could not be read at all (missing path, not a zip...).
    unreadable: bool = False

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return [d for r in self.results for d in r.diagnostics] + list(self.diagnostics)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.all_diagnostics if d.is_error)

    @property
    def exit_code(self) -> int:
        """0 without errors, 1 with errors, 2 when an input could not be read at all."""
        if self.unreadable:
            return 2
        return 1 if self.errors else 0


def validate_paths(
    paths: Iterable[str | Path],
    *,
    journal: Journal | Mapping | JournalConfig | None = None,
    catalog: Sequence[str | Path] | str | Path | None = None,
    lang: str = "en",
    sgml: Mapping[str, str | None] | None = None,
) -> ValidationReport:
    """Validate article files, issue folders and zip packages (with issue-level checks).

    ``sgml`` overrides the journal's SGML settings: ``sgml_dtd``, ``sgml_catalog``, ``encoding``.
    """
    results: list[ValidationResult] = []
    extra: list[Diagnostic] = []
    unreadable = False
    for item in paths:
        path = Path(item)
        if not path.exists():
            extra.append(_input(str(path), "no such file or folder", "input.missing",
                                "Check the path; give article files, issue folders or .zip "
                                "packages."))  # fmt: skip
            unreadable = True
            continue
        config = journal_config(journal) if journal is not None else find_journal_config(path)
        overrides = {k: v for k, v in (sgml or {}).items() if v}
        if overrides:
            config = replace(config or JournalConfig(), **overrides)
        if not path.is_dir() and path.suffix.lower() != ".zip":
            results.append(_validate_file(path, config, catalog, lang))
            continue
        found, diags, ok = _validate_package(path, config, catalog, lang)
        results += found
        extra += diags
        unreadable |= not ok
    return ValidationReport(tuple(results), tuple(localise(extra, lang)), unreadable)


def _validate_file(path: Path, config, catalog, lang) -> ValidationResult:
    from ..publish import process

    return process(path, config or JournalConfig(), catalog=catalog, lang=lang)


def _validate_package(path: Path, config, catalog, lang):
    from ..publish import issue_verdict
    from .package import read_package

    package = read_package(path)
    results = []
    limit = config.max_bytes if config is not None else MAX_ARTICLE_BYTES
    for member in package.articles:
        where = package.article_path(member)
        if member.data is None or member.size > limit:
            diags = localise([too_large(where, member.size, limit)], lang)
            results.append(ValidationResult(where, None, None, tuple(diags)))
            continue
        results.append(
            validate_article(member.data, path=where, journal=config, catalog=catalog, lang=lang)
        )
    diagnostics = list(package.diagnostics) + list(issue_verdict(package, results).diagnostics)
    rules = config.rules if config is not None else {}
    return results, apply_to_checks(diagnostics, rules), package.readable
