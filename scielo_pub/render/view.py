"""A published article in, the per-language view the templates show out (HTML already rendered).

``article_view`` runs the body transformer once per language version (the main text or a translation
sub-article) and gathers what the pages need: titles, contributors with affiliation marks, abstracts,
keywords, dates, body, back matter, the references of every ``ref-list`` with their in-text back-links,
and every other sub-article (reviewer and editor reports, replies, author comments...) on the page of
its language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from ..collection import PublishedArticle
from ..model import Affiliation, Article, Contributor, Reference
from ..model.text import XML_LANG, text_of
from ..sanitise import safe_href, sanitised
from . import urls
from .body import Writer, html_id
from .links import Link, reference_links

_IMAGE_ALTERNATIVES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_BACK_SECTIONS = ("ack", "fn-group", "app-group", "glossary", "notes", "sec")


@dataclass(frozen=True)
class Ref:
    id: str
    label: str | None
    html: str
    links: tuple[Link, ...]
    citations: int
    #: The reference carries its own number or mark (shown in ``label`` or printed in ``html``):
    #: its list shows no numbers of its own.
    numbered: bool = False


@dataclass(frozen=True)
class RefGroup:
    """The references of one ``ref-list`` (its title as HTML, empty when it has none)."""

    heading: str
    refs: tuple[Ref, ...]

    @property
    def numbered(self) -> bool:
        """Its references carry their own numbers (the list adds none)."""
        return any(ref.numbered for ref in self.refs)


@dataclass(frozen=True)
class SubDocument:
    """A sub-article that is not the page's own translation: a review, a reply, a comment..."""

    id: str
    #: ``sub-article/@article-type`` (``reviewer-report``, ``reply``...), empty when untyped.
    kind: str
    lang: str
    title: str
    people: tuple[str, ...]
    #: Contributors tagged ``<anonymous/>`` (shown as "anonymous" in the page's language).
    anonymous: int
    html: str
    ref_groups: tuple[RefGroup, ...]
    #: Nesting under other sub-articles shown on the same page (a reply to a review is 1).
    depth: int
    #: ``(date-type, YYYY-MM-DD)`` from the front-stub's history (``reviewer-report-received``...).
    dates: tuple[tuple[str, str], ...] = ()
    #: The reviewer's recommendation (``custom-meta`` ``peer-review-recommendation``), as tagged.
    recommendation: str | None = None


@dataclass(frozen=True)
class Author:
    name: str
    orcid: str | None
    #: ``(mark, html id of the affiliation)`` per affiliation.
    marks: tuple[tuple[str, str], ...]
    corresponding: bool
    role: str
    anonymous: bool = False


@dataclass
class LangVersion:
    """One language of an article: everything its full-text page shows."""

    lang: str
    title: str
    title_html: str
    abstracts: list[tuple[str, str, str]] = field(default_factory=list)  # lang, heading, html
    #: Key points, graphical and other typed abstracts: (lang, abstract-type, heading, html).
    other_abstracts: list[tuple[str, str, str, str]] = field(default_factory=list)
    keywords: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    author_notes: str = ""
    body: str = ""
    back: list[tuple[str, str, str]] = field(default_factory=list)  # kind, heading, html
    #: One group per ``ref-list`` of this version (body sections, back, nested lists), in order.
    ref_groups: list[RefGroup] = field(default_factory=list)
    sub_documents: list[SubDocument] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)

    @property
    def references(self) -> list[Ref]:
        """Every reference of the version, all ``ref-list`` groups in order."""
        return [ref for group in self.ref_groups for ref in group.refs]


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
    others = _other_abstracts(root, article.language or "")
    parts = _parts(root, article)
    placed = _place_sub_articles(root, parts)
    for lang, part in parts:
        page = urls.fulltext(item, lang)
        writer = Writer(mode=mode, asset_url=asset_resolver(item, page, mode, assets))
        matches = item.matches if links else None
        versions[lang] = _version(
            writer, lang, part, root, article, abstracts, matches, urls.root_of(page)
        )
        version = versions[lang]
        version.other_abstracts = [
            (
                alang,
                kind,
                _heading(writer, el),
                writer.render_content(el, skip=frozenset({"title"})),
            )
            for alang, kind, el in others
        ]
        version.sub_documents = [_sub_document(writer, sub, d) for sub, d in placed.get(lang, [])]
        _seal(version, pdf=mode == "pdf")
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


def _seal(v: LangVersion, pdf: bool) -> None:
    """Every HTML fragment of ``v`` cleaned by the sanitising policy once, here where it is made.

    The pages print them as they are (``sanitise.Sanitised``); a fragment left out here would still
    be cleaned on its way out, on every page that shows it.
    """

    def clean(html: str) -> str:
        return sanitised(html, pdf=pdf) if html else html

    def group(g: RefGroup) -> RefGroup:
        refs = tuple(replace(r, html=clean(r.html)) for r in g.refs)
        return RefGroup(clean(g.heading), refs)

    v.title_html = clean(v.title_html)
    v.abstracts = [(lang, clean(head), clean(html)) for lang, head, html in v.abstracts]
    v.other_abstracts = [
        (lang, kind, clean(head), clean(html)) for lang, kind, head, html in v.other_abstracts
    ]
    v.author_notes, v.body = clean(v.author_notes), clean(v.body)
    v.back = [(kind, clean(head), clean(html)) for kind, head, html in v.back]
    v.ref_groups = [group(g) for g in v.ref_groups]
    v.sub_documents = [
        replace(s, title=clean(s.title), html=clean(s.html),
                ref_groups=tuple(group(g) for g in s.ref_groups))
        for s in v.sub_documents
    ]  # fmt: skip


def _parts(root: etree._Element, article: Article) -> list[tuple[str, etree._Element]]:
    """The language versions: the article, then each translation sub-article of the article itself
    (a translation nested in a review translates the review, not the article)."""
    parts = [(article.language or "", root)]
    for sub in root.iterchildren("sub-article"):
        lang = (sub.get(XML_LANG) or "").lower()
        if sub.get("article-type") == "translation" and lang and lang not in dict(parts):
            parts.append((lang, sub))
    return parts


def _language_of(el: etree._Element) -> str:
    """The ``xml:lang`` that applies to ``el``: its own, else the nearest ancestor's."""
    for node in (el, *el.iterancestors()):
        lang = node.get(XML_LANG)
        if lang:
            return lang.lower()
    return ""


def _place_sub_articles(
    root: etree._Element, parts: list[tuple[str, etree._Element]]
) -> dict[str, list[tuple[etree._Element, int]]]:
    """Every sub-article that is not a language version, with the version whose page shows it.

    A sub-article goes to the version of its language (its own ``xml:lang`` or the one it inherits)
    when there is one, else to the page its container (the sub-article or version it sits in) is
    shown on; nesting under other sub-articles shown on the same page gives its depth. Document order
    is kept.
    """
    page_of = {id(part): lang for lang, part in parts}
    versions = set(page_of)
    depth_of: dict[int, int] = {}
    placed: dict[str, list[tuple[etree._Element, int]]] = {}
    for sub in root.iter("sub-article"):
        if id(sub) in versions:
            continue
        container = next(sub.iterancestors("sub-article"), None)
        home = page_of[id(container)] if container is not None else parts[0][0]
        lang = _language_of(sub)
        target = lang if lang in page_of.values() else home
        nested = container is not None and id(container) not in versions and target == home
        depth = depth_of[id(container)] + 1 if nested else 0
        page_of[id(sub)], depth_of[id(sub)] = target, depth
        placed.setdefault(target, []).append((sub, depth))
    return placed


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


def _other_abstracts(root: etree._Element, main_lang: str) -> list[tuple[str, str, etree._Element]]:
    """Typed abstracts (key points, graphical...) of the article and its translations, in order."""
    sources = [(_meta(root), main_lang)] + [
        (_meta(sub), (sub.get(XML_LANG) or "").lower())
        for sub in root.iterchildren("sub-article")
        if sub.get("article-type") == "translation"
    ]
    out = []
    for parent, lang in sources:
        for el in parent.iterchildren("abstract", "trans-abstract"):
            kind = el.get("abstract-type")
            if kind not in (None, "", "structured"):
                out.append(((el.get(XML_LANG) or lang).lower(), kind, el))
    return out


def _heading(w: Writer, el: etree._Element) -> str:
    title = el.find("title")
    return w.render_content(title) if title is not None else ""


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
    ref_lists = own_elements(part, "ref-list")
    if not any(rl.find("ref") is not None for rl in ref_lists) and part is not root:
        ref_lists = own_elements(root, "ref-list")  # a translation citing the article's list
    version.ref_groups = _ref_groups(w, ref_lists, article.references, matches, site_root)
    return version


def own_elements(part: etree._Element, tag: str) -> list[etree._Element]:
    """``tag`` elements of ``part`` in document order, those inside its sub-articles left out."""
    out: list[etree._Element] = []
    stack = [iter(part)]
    while stack:
        for el in stack[-1]:
            if not isinstance(el.tag, str) or el.tag == "sub-article":
                continue
            if el.tag == tag:
                out.append(el)
            stack.append(iter(el))
            break
        else:
            stack.pop()
    return out


def _ref_groups(w, ref_lists, refs, matches, site_root="") -> list[RefGroup]:
    """One group per ``ref-list`` holding references or a title (nested lists are groups too)."""
    groups = []
    for ref_list in ref_lists:
        title = ref_list.find("title")
        heading = w.render_content(title) if title is not None else ""
        items = [r for r in ref_list.iterchildren("ref")]
        if items or heading:
            groups.append(RefGroup(heading, tuple(_references(w, items, refs, matches, site_root))))
    return groups


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
    w: Writer, ref_els: list, refs: tuple[Reference, ...], matches: dict | None, site_root: str = ""
) -> list[Ref]:
    """References as printed, each with its links; ``matches`` (records accepted per reference id,
    from the build's links stage) is ``None`` where no links are wanted (PDF)."""
    by_id = {r.id: r for r in refs if r.id}
    out = []
    for el in ref_els:
        rid = el.get("id") or ""
        mixed = el.find("mixed-citation")
        if mixed is None:
            mixed = el.find("element-citation")
        html = w.render_content(mixed, skip=frozenset({"label"})) if mixed is not None else ""
        label = _shown_label(el.findtext("label"), mixed)
        model = by_id.get(rid)
        wanted = matches is not None and model is not None
        ref_links = tuple(reference_links(model, matches.get(rid), site_root)) if wanted else ()
        numbered = bool((el.findtext("label") or "").strip())
        out.append(Ref(html_id(rid), label, html, ref_links, w.citations.get(rid, 0), numbered))
    return out


def _shown_label(label: str | None, printed: etree._Element | None) -> str | None:
    """The reference's label, unless the printed citation already starts with it (``1. Myers...``)."""
    if not label or printed is None:
        return label
    text = text_of(printed, frozenset({"label"})) or ""  # as rendered: nested labels are skipped
    return None if text.startswith(label.strip()) else label


def _sub_document(w: Writer, sub: etree._Element, depth: int) -> SubDocument:
    """A review, reply or comment: its title, people, body, floats, back matter and references."""
    from ..model.front import read_contributor, read_dates

    meta = _meta(sub)
    title_el = meta.find("title-group/article-title")
    title = w.render_content(title_el) if title_el is not None else ""
    people = [read_contributor(c) for c in meta.iterfind("contrib-group/contrib")]
    dates = read_dates(meta.find("history"), "date", ("date-type",))
    parts = []
    for tag in ("body", "floats-group"):
        el = sub.find(tag)
        if el is not None:
            parts.append(w.render_content(el))
    back = sub.find("back")
    if back is not None:
        for child in back:
            if isinstance(child.tag, str) and child.tag in _BACK_SECTIONS:
                parts.append(w.render(child) if child.tag == "sec" else _back_block(w, child))
    ref_lists = own_elements(sub, "ref-list")
    return SubDocument(
        id=html_id(sub.get("id")),
        kind=sub.get("article-type") or "",
        lang=_language_of(sub),
        title=title,
        people=tuple(p.display_name for p in people if p.display_name),
        anonymous=sum(1 for p in people if p.anonymous),
        html="".join(parts),
        ref_groups=tuple(_ref_groups(w, ref_lists, (), None)),
        depth=depth,
        dates=tuple((kind, date.iso()) for kind, date in dates.items()),
        recommendation=_custom_meta(meta, "peer-review-recommendation"),
    )


def _custom_meta(meta: etree._Element, name: str) -> str | None:
    for item in meta.iterfind("custom-meta-group/custom-meta"):
        if text_of(item.find("meta-name")) == name:
            return text_of(item.find("meta-value"))
    return None


def _back_block(w: Writer, el: etree._Element) -> str:
    title = el.find("title")
    heading = f"<h4>{w.render_content(title)}</h4>" if title is not None else ""
    content = w.render_content(el, skip=frozenset({"title"}))
    return f'<div class="back back-{el.tag}">{heading}{content}</div>'


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
        anonymous=contrib.anonymous,
    )
