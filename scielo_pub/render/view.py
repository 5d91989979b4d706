"""A published article in, the per-language view the templates show out (HTML already rendered).

``article_view`` runs the body transformer once per language version (the main text or a translation
sub-article) and gathers what the pages need: titles, contributors with affiliation marks, abstracts,
keywords, dates, body, back matter and references with their in-text back-links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..collection import PublishedArticle
from ..model import Affiliation, Article, Contributor, Reference
from ..model.text import XML_LANG, text_of
from ..sanitise import safe_href
from . import urls
from .body import Writer, html_id
from .links import Link, reference_links

_IMAGE_ALTERNATIVES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_BACK_SECTIONS = ("ack", "fn-group", "app-group", "glossary", "sec")


@dataclass(frozen=True)
class Ref:
    id: str
    label: str | None
    html: str
    links: tuple[Link, ...]
    citations: int


@dataclass(frozen=True)
class Author:
    name: str
    orcid: str | None
    #: ``(mark, html id of the affiliation)`` per affiliation.
    marks: tuple[tuple[str, str], ...]
    corresponding: bool
    role: str


@dataclass
class LangVersion:
    """One language of an article: everything its full-text page shows."""

    lang: str
    title: str
    title_html: str
    abstracts: list[tuple[str, str, str]] = field(default_factory=list)  # lang, heading, html
    keywords: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    author_notes: str = ""
    body: str = ""
    back: list[tuple[str, str, str]] = field(default_factory=list)  # kind, heading, html
    references: list[Ref] = field(default_factory=list)
    reviews: list[tuple[str, str, str]] = field(default_factory=list)  # title, people, html
    translators: list[str] = field(default_factory=list)


@dataclass
class ArticleView:
    item: PublishedArticle
    article: Article
    authors: list[Author]
    affiliations: list[tuple[str, str, str]]  # id, mark, text
    versions: dict[str, LangVersion]
    abstract_langs: list[str]
    assets: dict[str, Path]


def resolve_asset(folder: Path | None, href: str) -> Path | None:
    """The file an article's ``xlink:href`` names in its issue folder (``.tif`` -> ``.png``/``.jpg``)."""
    if folder is None or not href or "/" in href.strip("./") or "\\" in href:
        return None
    name = Path(href).name
    path = folder / name
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        return None  # a link out of the issue folder is never followed
    stem = path.with_suffix("") if path.suffix else path
    if path.suffix.lower() not in (".tif", ".tiff") and path.is_file():
        return path
    for suffix in _IMAGE_ALTERNATIVES:
        for candidate in (
            stem.with_name(stem.name + suffix),
            stem.with_name(stem.name + suffix.upper()),
        ):
            if candidate.is_file():
                return candidate
    return path if path.is_file() else None


def asset_resolver(
    item: PublishedArticle, page: str, mode: str, assets: dict[str, Path]
) -> Callable:
    """A function from ``xlink:href`` to the URL the page uses (copied file, remote URL or file://)."""
    folder = item.source.issue.path or item.source.path.parent

    def resolve(href: str) -> str | None:
        if "://" in href or href.startswith(("mailto:", "doi:")):
            return None if mode == "pdf" else safe_href(href)  # PDFs are built offline
        path = resolve_asset(folder, href)
        if path is None:
            return None
        if mode == "pdf":
            return path.resolve().as_uri()
        site_path = urls.asset(item, path.name)
        assets[site_path] = path
        return urls.relative(page, site_path)

    return resolve


def article_view(item: PublishedArticle, mode: str = "html", links: bool = True) -> ArticleView:
    """Render every language version of ``item`` (``mode`` ``html`` for the site, ``pdf`` for print)."""
    article = item.article
    root = item.tree.getroot() if isinstance(item.tree, etree._ElementTree) else item.tree
    marks = _aff_marks(article.affiliations)
    assets: dict[str, Path] = {}
    versions: dict[str, LangVersion] = {}
    abstracts = _abstract_elements(root, article.language or "")
    for lang, part in _parts(root, article):
        page = urls.fulltext(item, lang)
        writer = Writer(mode=mode, asset_url=asset_resolver(item, page, mode, assets))
        matches = item.matches if links else None
        versions[lang] = _version(
            writer, lang, part, root, article, abstracts, matches, urls.root_of(page)
        )
    return ArticleView(
        item=item,
        article=article,
        authors=[_author(c, marks) for c in article.contributors if c.role != "translator"],
        affiliations=[
            (html_id(a.id), marks.get(a.id or "", ""), _aff_text(a)) for a in article.affiliations
        ],
        versions=versions,
        abstract_langs=list(abstracts),
        assets=assets,
    )


def _parts(root: etree._Element, article: Article) -> list[tuple[str, etree._Element]]:
    parts = [(article.language or "", root)]
    for sub in root.iter("sub-article"):
        lang = (sub.get(XML_LANG) or "").lower()
        if sub.get("article-type") == "translation" and lang and lang not in dict(parts):
            parts.append((lang, sub))
    return parts


def _meta(part: etree._Element) -> etree._Element:
    if part.tag == "article":
        found = part.find("front/article-meta")
    else:
        found = part.find("front-stub")
        if found is None:
            found = part.find("front/article-meta")
    return found if found is not None else etree.Element("article-meta")


def _abstract_elements(root: etree._Element, main_lang: str) -> dict[str, etree._Element]:
    out: dict[str, etree._Element] = {}
    meta = _meta(root)
    sources = [(meta, main_lang)]
    for sub in root.iter("sub-article"):
        if sub.get("article-type") == "translation":
            sources.append((_meta(sub), (sub.get(XML_LANG) or "").lower()))
    for parent, lang in sources:
        for el in parent.iterfind("abstract"):
            if el.get("abstract-type") in (None, "", "structured"):
                out.setdefault((el.get(XML_LANG) or lang).lower(), el)
        for el in parent.iterfind("trans-abstract"):
            if el.get("abstract-type") in (None, "", "structured"):
                out.setdefault((el.get(XML_LANG) or "").lower(), el)
    out.pop("", None)
    return out


def _version(w, lang, part, root, article, abstracts, matches, site_root="") -> LangVersion:
    meta = _meta(part)
    title_el = meta.find("title-group/article-title")
    title_html = w.render_content(title_el) if title_el is not None else ""
    plain = " ".join("".join(title_el.itertext()).split()) if title_el is not None else ""
    title = article.titles.get(lang) or plain
    version = LangVersion(lang=lang, title=title or "", title_html=title_html or _esc(title or ""))
    ordered = sorted(abstracts.items(), key=lambda kv: kv[0] != lang)
    for alang, el in ordered:
        heading = el.find("title")
        head_html = w.render_content(heading) if heading is not None else ""
        version.abstracts.append(
            (alang, head_html, w.render_content(el, skip=frozenset({"title"})))
        )
    kw = article.keywords
    version.keywords = sorted(kw.items(), key=lambda kv: kv[0] != lang)
    notes = meta.find("author-notes")
    if notes is not None:
        version.author_notes = w.render_content(notes)
    version.translators = [c.display_name for c in _translators(meta)]
    body = part.find("body")
    if body is not None:
        version.body = w.render(body)
    floats = part.find("floats-group")
    if floats is not None:  # JATS keeps floats out of the body: show them after it
        version.body += f'<section class="floats-group">{w.render_content(floats)}</section>'
    back = part.find("back")
    _back(w, version, back)
    ref_list = back.find("ref-list") if back is not None else None
    if ref_list is None and part is not root:
        main_back = root.find("back")
        ref_list = main_back.find("ref-list") if main_back is not None else None
    if ref_list is not None:
        version.references = _references(w, ref_list, article.references, matches, site_root)
    version.reviews = [_review(w, sub) for sub in _reviews(root, part, lang)]
    return version


def _esc(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def _translators(meta: etree._Element) -> list[Contributor]:
    from ..model.front import read_contributor

    return [
        read_contributor(c)
        for c in meta.iterfind("contrib-group/contrib[@contrib-type='translator']")
    ]


def _back(w: Writer, version: LangVersion, back: etree._Element | None) -> None:
    if back is None:
        return
    for child in back:
        if not isinstance(child.tag, str) or child.tag not in _BACK_SECTIONS:
            continue
        title = child.find("title")
        heading = w.render_content(title) if title is not None else ""
        content = w.render_content(child, skip=frozenset({"title"}))
        version.back.append((child.tag, heading, content))


def _references(
    w: Writer, ref_list, refs: tuple[Reference, ...], matches: dict | None, site_root: str = ""
) -> list[Ref]:
    """References as printed, each with its links; ``matches`` (records accepted per reference id,
    from the build's links stage) is ``None`` where no links are wanted (PDF)."""
    by_id = {r.id: r for r in refs if r.id}
    out = []
    for el in ref_list.iter("ref"):
        rid = el.get("id") or ""
        mixed = el.find("mixed-citation")
        if mixed is None:
            mixed = el.find("element-citation")
        html = w.render_content(mixed, skip=frozenset({"label"})) if mixed is not None else ""
        label = _shown_label(el.findtext("label"), mixed)
        model = by_id.get(rid)
        wanted = matches is not None and model is not None
        ref_links = tuple(reference_links(model, matches.get(rid), site_root)) if wanted else ()
        out.append(Ref(html_id(rid), label, html, ref_links, w.citations.get(rid, 0)))
    return out


def _shown_label(label: str | None, printed: etree._Element | None) -> str | None:
    """The reference's label, unless the printed citation already starts with it (``1. Myers...``)."""
    if not label or printed is None:
        return label
    text = text_of(printed, frozenset({"label"})) or ""  # as rendered: nested labels are skipped
    return None if text.startswith(label.strip()) else label


def _reviews(root, part, lang) -> list[etree._Element]:
    found = [s for s in part.iter("sub-article") if s.get("article-type") == "reviewer-report"]
    if part is root:
        found = [s for s in found if (s.get(XML_LANG) or "").lower() in (lang, "")] or found
    return found


def _review(w: Writer, sub: etree._Element) -> tuple[str, str, str]:
    from ..model.front import read_contributor

    meta = _meta(sub)
    title_el = meta.find("title-group/article-title")
    title = w.render_content(title_el) if title_el is not None else ""
    people = ", ".join(
        read_contributor(c).display_name for c in meta.iterfind("contrib-group/contrib")
    )
    body = sub.find("body")
    return title, _esc(people), w.render_content(body) if body is not None else ""


def _aff_marks(affs: tuple[Affiliation, ...]) -> dict[str, str]:
    return {a.id: (a.label or str(i)) for i, a in enumerate(affs, 1) if a.id}


def _aff_text(aff: Affiliation) -> str:
    if aff.original:
        return aff.original
    parts = [*aff.divisions, aff.institution, aff.city, aff.state, aff.country]
    return ", ".join(p for p in parts if p)


def _author(contrib: Contributor, marks: dict[str, str]) -> Author:
    return Author(
        name=contrib.display_name,
        orcid=contrib.orcid,
        marks=tuple((marks[a], html_id(a)) for a in contrib.affiliation_ids if a in marks),
        corresponding=contrib.corresponding,
        role=contrib.role,
    )
