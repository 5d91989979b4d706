"""A converted SciELO PS tree and the journal's settings (journal.toml) in, the tree with full journal-meta out.

SciELO Markup articles (art4_0, text4_0) only carry the journal's short title and one ISSN; SciELO's
converter takes the rest of ``journal-meta`` from its journal registry. Here the registry is the
journal's ``journal.toml``: title, abbreviated title, acronym, both ISSNs and the publisher.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

#: journal-meta children in the order the JATS DTD wants them
ORDER = ("journal-id", "journal-title-group", "contrib-group", "aff", "issn", "issn-l", "isbn")
ORDER += ("publisher", "notes", "self-uri")


def fill_journal_meta(tree: etree._ElementTree | etree._Element, journal: Mapping) -> None:
    """Complete ``journal-meta`` from journal settings; what the article itself says is kept."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    meta = root.find("front/journal-meta")
    if meta is None or not journal:
        return
    _journal_ids(meta, journal)
    _titles(meta, journal)
    _issns(meta, journal)
    if journal.get("publisher") and meta.find("publisher") is None:
        publisher = etree.SubElement(meta, "publisher")
        etree.SubElement(publisher, "publisher-name").text = str(journal["publisher"])
    meta[:] = sorted(meta, key=lambda child: ORDER.index(child.tag) if child.tag in ORDER else 99)


def _journal_ids(meta: etree._Element, journal: Mapping) -> None:
    acronym = journal.get("acronym")
    if acronym and meta.find("journal-id[@journal-id-type='publisher-id']") is None:
        etree.SubElement(meta, "journal-id", {"journal-id-type": "publisher-id"}).text = str(
            acronym
        )


def _titles(meta: etree._Element, journal: Mapping) -> None:
    group = meta.find("journal-title-group")
    if group is None:
        group = etree.SubElement(meta, "journal-title-group")
    if journal.get("title") and group.find("journal-title") is None:
        title = etree.Element("journal-title")
        title.text = str(journal["title"])
        group.insert(0, title)
    abbrev = group.find("abbrev-journal-title")
    if journal.get("abbrev_title") and abbrev is None:
        attrs = {"abbrev-type": "publisher"}
        etree.SubElement(group, "abbrev-journal-title", attrs).text = str(journal["abbrev_title"])


def _issns(meta: etree._Element, journal: Mapping) -> None:
    known = {"ppub": journal.get("issn_print"), "epub": journal.get("issn_electronic")}
    if not any(known.values()):
        return
    for issn in meta.findall("issn"):
        meta.remove(issn)
    for kind, value in known.items():
        if value:
            etree.SubElement(meta, "issn", {"pub-type": kind}).text = str(value)
