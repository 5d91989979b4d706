"""An article's canonical tree and its built pages in, what the author wrote that no page shows out.

The spec the fidelity tests check: every text piece of the source (paragraph, list item, caption,
table cell, footnote) reaches the full-text page of its language (the nearest ``xml:lang``; when
the article has no page in that language, the page of the version it sits in), and every formula
reaches that page as a formula. Text is compared with all white space removed (pages re-wrap lines);
a piece that holds other pieces (a paragraph holding a list) is checked run by run around them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from scielo_pub.render import urls
from scielo_pub.render.math import tex_source

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MML = "{http://www.w3.org/1998/Math/MathML}"
OASIS = "{http://www.niso.org/standards/z39-96/ns/oasis-exchange/table}"
PIECES = frozenset({"p", "list-item", "caption", "td", "th", OASIS + "entry", "fn", "def", "term"})
#: Never shown as text: formulas (compared as formulas), descriptions for screen readers, ids.
NOT_TEXT = frozenset(
    {MML + "math", "tex-math", "alt-text", "long-desc", "object-id", "ref-list", "sub-article"}
)
#: Metadata the pages show from the model, not as authored text: left out of the walk.
OUTSIDE = frozenset({"journal-meta", "contrib-group", "permissions", "related-article", "history"})


@dataclass(frozen=True)
class Loss:
    lang: str
    tag: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line} <{self.tag}> ({self.lang}): {self.text[:90]!r}"


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def page_languages(root: etree._Element) -> list[str]:
    """Main language, then each translation sub-article's (the article's own versions)."""
    langs = [(root.get(XML_LANG) or "").lower()]
    for sub in root.iterchildren("sub-article"):
        lang = (sub.get(XML_LANG) or "").lower()
        if sub.get("article-type") == "translation" and lang and lang not in langs:
            langs.append(lang)
    return langs


def expected_page(el: etree._Element, root: etree._Element, langs: list[str]) -> str:
    """The language page ``el`` must appear on: its language's (own or inherited ``xml:lang``)
    when there is one, else the page its container (the sub-article it sits in) is on."""
    own = next(
        ((n.get(XML_LANG) or "").lower() for n in (el, *el.iterancestors()) if n.get(XML_LANG)),
        "",
    )
    if own in langs:
        return own
    container = next(el.iterancestors("sub-article"), None)
    if container is None:
        return langs[0]
    if container in versions(root, langs):
        return (container.get(XML_LANG) or "").lower()
    return expected_page(container, root, langs)


def versions(root: etree._Element, langs: list[str]) -> list[etree._Element]:
    """The translation sub-articles that are language versions (the first one of each language)."""
    out, seen = [], {langs[0]}
    for sub in root.iterchildren("sub-article"):
        lang = (sub.get(XML_LANG) or "").lower()
        if sub.get("article-type") == "translation" and lang and lang not in seen:
            seen.add(lang)
            out.append(sub)
    return out


def segments(piece: etree._Element) -> list[str]:
    """The piece's own text runs, split at nested pieces and formulas (checked on their own)."""
    runs: list[str] = [""]

    def walk(el: etree._Element) -> None:
        runs[-1] += el.text or ""
        for child in el:
            if isinstance(child.tag, str) and (child.tag in PIECES or child.tag in NOT_TEXT):
                runs.append("")
            elif isinstance(child.tag, str):
                walk(child)
            runs[-1] += child.tail or ""

    walk(piece)
    return [s for s in map(squeeze, runs) if s]


def source_pieces(root: etree._Element):
    """(piece element, run) for every text run of every piece outside metadata."""
    for el in root.iter(*PIECES):
        if any(a.tag in OUTSIDE for a in el.iterancestors()):
            continue
        if any(a.tag in NOT_TEXT and a.tag != "sub-article" for a in el.iterancestors()):
            continue
        for run in segments(el):
            yield el, run


def source_formulas(root: etree._Element):
    """(element, squeezed formula) for each MathML formula, and each TeX one without MathML."""
    for el in root.iter(MML + "math", "tex-math"):
        if any(a.tag in OUTSIDE for a in el.iterancestors()):
            continue
        text = "".join(el.itertext())
        if el.tag == "tex-math":
            holder = el.getparent()
            if holder is not None and holder.find(MML + "math") is not None:
                continue  # the MathML alternative is the one shown
            text = tex_source(text)  # a LaTeX document's preamble is not the formula
        yield el, squeeze(text)


@dataclass
class Page:
    text: str
    formulas: set[str]


def read_page(path: Path) -> Page:
    html = lxml.html.parse(str(path)).getroot()
    article = html.find(".//article")
    formulas: set[str] = set()
    for math in article.iter("math"):
        formulas.add(squeeze("".join(math.itertext())))
        if math.get("alttext"):
            formulas.add(squeeze(math.get("alttext")))
    for code in article.xpath(".//code[contains(@class, 'tex')]"):
        formulas.add(squeeze(code.text_content()))
    for math in list(article.iter("math")):
        math.drop_tree()
    return Page(squeeze(article.text_content()), formulas)


def losses(site: Path, item, root: etree._Element) -> list[Loss]:
    """Every piece run and formula of ``root`` missing from the page of its language."""
    langs = page_languages(root)
    pages = {lang: read_page(site / urls.fulltext(item, lang)) for lang in langs}
    lost: list[Loss] = []
    for el, run in source_pieces(root):
        lang = expected_page(el, root, langs)
        if run not in pages[lang].text and run not in _abstract_page_text(site, item, el):
            lost.append(Loss(lang, _tag(el), el.sourceline or 0, run))
    for el, formula in source_formulas(root):
        lang = expected_page(el, root, langs)
        if formula and formula not in pages[lang].formulas:
            lost.append(Loss(lang, _tag(el), el.sourceline or 0, formula))
    return lost


def _abstract_page_text(site: Path, item, el: etree._Element) -> str:
    """The text of the abstract page of the language of the abstract holding ``el`` (a full-text page
    shows its own language's abstract and links the others' pages), else ``""``."""
    holder = next(
        (a for a in (el, *el.iterancestors()) if a.tag in ("abstract", "trans-abstract")), None
    )
    if holder is None:
        return ""
    lang = next(
        (
            (n.get(XML_LANG) or "").lower()
            for n in (holder, *holder.iterancestors())
            if n.get(XML_LANG)
        ),
        "",
    )
    path = site / urls.abstract(item, lang)
    return read_page(path).text if path.is_file() else ""


def _tag(el: etree._Element) -> str:
    return etree.QName(el).localname
