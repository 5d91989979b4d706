"""Demo articles (SciELO PS XML and SciELO Markup SGML) read into their canonical JATS trees."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from lxml import etree

from scielo_pub.markup.readers import ReadOptions, read_article

JATS_DOCTYPE = (
    '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" '
    '"https://jats.nlm.nih.gov/publishing/1.1/JATS-journalpublishing1.dtd">'
)


def demo_articles(journal: Path) -> list[Path]:
    """Every article source of a demo journal, XML and SGML."""
    return sorted(p for p in journal.glob("issues/*/*") if p.suffix in (".xml", ".sgm"))


@functools.cache
def canonical(path: Path) -> etree._Element:
    """The canonical tree the build reads from ``path`` (SGML converted with the journal's DTD)."""
    journal = tomllib.loads((path.parents[2] / "journal.toml").read_text(encoding="utf-8"))
    result = read_article(path.read_bytes(), str(path), ReadOptions(dtd=journal.get("dtd")))
    assert result.tree is not None, [d.format() for d in result.diagnostics]
    return result.tree.getroot()


def canonical_bytes(path: Path) -> bytes:
    """The canonical tree serialised with the JATS 1.1 DOCTYPE, for DTD validation."""
    return etree.tostring(
        canonical(path), encoding="utf-8", xml_declaration=True, doctype=JATS_DOCTYPE
    )
