"""Site content in, page texts out: the Jinja2 environment and the context of every page kind."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections import defaultdict
from functools import lru_cache
from html import escape, unescape
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.runtime import Context, Macro
from lxml import etree
from markupsafe import Markup

from ..collection import PublishedArticle, SiteContent
from ..lilacs import article_record_bytes, config_from
from ..model import Issue, Journal
from ..sanitise import clean_html, is_sanitised, make_inert, safe_href, sanitised
from . import i18n, journal_pages, labels, meta, styles, urls
from .view import ArticleView

_BACK_KINDS = {
    "ack": "ack",
    "fn-group": "notes",
    "app-group": "appendix",
    "glossary": "notes",
    "notes": "notes",
    "sec": "notes",
}


@lru_cache(maxsize=2)
def environment(pdf: bool = False) -> Environment:
    """The one Jinja2 environment pages (``pdf``: the PDF source) are rendered with.

    Autoescaping covers text; every fragment a template marks ``|safe`` passes the sanitising policy
    before it reaches the page: fragments made by ``sanitise.sanitised`` (the view's HTML, cleaned
    once where it is produced) are already clean, and the ``finalize`` hook cleans every other
    ``Markup`` on its way out, so no route from an article to a page skips the policy. A macro's
    output is the template's own text around values that went through that hook, and is not
    cleaned again (``_PageContext``). ``|url`` keeps a link only when its scheme is safe.
    """
    env = _PageEnvironment(
        _PrintMacroOutput if pdf else _MacroOutput,
        loader=PackageLoader("scielo_pub.render", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalizer(pdf),
    )
    env.filters["safe"] = _mark_safe
    env.filters["url"] = lambda value: safe_href(str(value)) or "" if value else ""
    env.filters["json_script"] = JsonScript.of
    env.filters["label"] = labels.markup
    return env


class JsonScript(Markup):
    """JSON text that is safe inside ``<script type="application/ld+json">`` (no ``<``, ``>``, ``&``)."""

    @classmethod
    def of(cls, text: str) -> JsonScript:
        return cls(
            str(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        )


class _MacroOutput(Markup):
    """What a macro of one of our templates returned, for the environment that ran it."""

    __slots__ = ()

    def __new__(cls, base: object = "", encoding: str | None = None, errors: str = "strict"):
        # as ``sanitise.Sanitised``: any operation on one gives plain Markup (cleaned again)
        return Markup(base, encoding, errors)


class _PrintMacroOutput(_MacroOutput):
    __slots__ = ()


class _PageContext(Context):
    """The template context: a call of one of this environment's macros marks what it returns.

    A macro's text is the template's own markup around ``{{ ... }}`` values, each of which went
    through ``finalize`` (cleaned or escaped) when the macro ran; marked, it is not cleaned again
    where the caller prints it.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        value = super().call(__obj, *args, **kwargs)
        if (
            type(__obj) is Macro
            and type(value) is Markup
            and __obj._environment is __self.environment
        ):
            return str.__new__(__self.environment.macro_output, value)
        return value


class _PageEnvironment(Environment):
    """An environment whose templates' contexts mark their macros' output (``_PageContext``)."""

    context_class = _PageContext

    def __init__(self, macro_output: type[_MacroOutput], **options) -> None:
        super().__init__(**options)
        #: The type a macro's output gets: the web and the print environments' differ.
        self.macro_output = macro_output


def _mark_safe(value) -> Markup:
    """Jinja's ``|safe``, keeping the kind of a value that is already markup (its cleanliness)."""
    return value if isinstance(value, Markup) else Markup(value)


def _finalizer(pdf: bool):
    own_macros = _PrintMacroOutput if pdf else _MacroOutput

    def finalize(value):
        if not isinstance(value, Markup) or type(value) is own_macros:
            return value
        if isinstance(value, JsonScript) or is_sanitised(value, pdf=pdf):
            return value
        return Markup(clean_html(str(value), pdf=pdf))

    return finalize


def issue_label(issue: Issue, lang: str) -> str:
    """``v. 12 n. 1`` in the interface language."""
    t = i18n.strings(lang)
    parts = []
    if issue.volume:
        parts.append(f"{t['volume']} {issue.volume}")
    if issue.number and issue.number.lower() == "ahead":
        parts.append(t["ahead_of_print"])
    elif issue.number:
        parts.append(f"{t['number']} {issue.number}")
    if issue.supplement:
        parts.append(f"{t['supplement']} {issue.supplement}")
    return " ".join(parts) or issue.folder


def pages_of(article) -> str | None:
    if article.fpage and article.lpage and article.fpage != article.lpage:
        return f"{article.fpage}–{article.lpage}"
    return article.fpage or article.elocation_id


def _base(content: SiteContent, page: str, lang: str, folder: str | None = None) -> dict:
    collection = content.collection
    default = collection.default_language
    ctx = {
        "collection": collection,
        "lang": lang,
        "t": i18n.strings(lang),
        "root": urls.root_of(page),
        "page": page,
        "canonical": urls.absolute(collection.base_url, page),
        "home_page": urls.lang_page("", lang, default),
        "search_page": urls.search_page(lang, default),
        "alternates": [],
        "switch": [],
    }
    if folder is not None:
        variants = [
            (code, urls.lang_page(folder, code, default)) for code in i18n.INTERFACE_LANGUAGES
        ]
        ctx["alternates"] = [(code, urls.absolute(collection.base_url, p)) for code, p in variants]
        ctx["switch"] = [
            (code, i18n.NATIVE_NAMES[code], None if code == lang else urls.relative(page, p))
            for code, p in variants
        ]
    return ctx


def collection_page(content: SiteContent, lang: str) -> tuple[str, str]:
    page = urls.lang_page("", lang, content.collection.default_language)
    entries = [
        _journal_entry(j, lang, content)
        for j in sorted(content.journals, key=lambda j: j.title.casefold())
    ]
    subjects: dict[str, list] = defaultdict(list)
    names: dict[str, labels.Label] = {}
    for j, entry in zip(
        sorted(content.journals, key=lambda j: j.title.casefold()), entries, strict=True
    ):
        for subject in j.subject_areas or ("",):
            shown = (
                labels.subject(subject, lang, j, content.collection)
                if subject
                else labels.Label(i18n.strings(lang)["no_subject"])
            )
            names.setdefault(shown.text, shown)
            subjects[shown.text].append(entry)
    ctx = _base(content, page, lang, "")
    ordered = sorted(subjects.items(), key=lambda kv: kv[0].casefold())
    ctx.update(journals=entries, subjects=[(names[k], v) for k, v in ordered])
    ctx["latest_issues"] = latest_issues(content, lang)
    ctx["description"] = _describe(
        f"{ctx['t']['journals']}: " + "; ".join(j.title for j in content.journals)
    )
    return page, environment().get_template("collection.html").render(ctx)


def latest_issues(content: SiteContent, lang: str, limit: int = 6) -> list[dict]:
    """The collection's newest issues (each journal's, newest first), for the home page."""
    default = content.collection.default_language
    titles = {j.acronym: j.title for j in content.journals}
    newest = sorted(
        content.issues, key=lambda i: (i.year, i.month or 0, i.order or 0, i.folder), reverse=True
    )
    return [
        {
            "journal": titles.get(issue.journal_acronym, issue.journal_acronym),
            "label": issue_label(issue, lang),
            "year": issue.year,
            "href": urls.lang_page(urls.issue_dir(issue), lang, default),
        }
        for issue in newest[:limit]
    ]


def _journal_entry(journal: Journal, lang: str, content: SiteContent) -> dict:
    href = urls.lang_page(urls.journal_dir(journal), lang, content.collection.default_language)
    return {"title": journal.title, "href": href, "issn": journal.issn}


def journal_brand(content: SiteContent, journal: Journal, lang: str) -> dict:
    """What every page of a journal shows of it: colour, logo, title link and its own pages' menu."""
    default = content.collection.default_language
    return {
        "brand": {
            "colour": journal.colour,
            "logo": urls.journal_logo(journal),
            "title": journal.title,
            "href": urls.lang_page(urls.journal_dir(journal), lang, default),
            "menu": [
                (
                    i18n.strings(lang)[journal_pages.PAGES[slug]],
                    urls.lang_page(urls.journal_text(journal, slug), lang, default),
                )
                for slug in journal_pages.available(journal)
            ],
        }
    }


def journal_page(
    content: SiteContent, journal: Journal, lang: str, counts: dict[str, int] | None = None
) -> tuple[str, str]:
    """The journal's home page; ``counts``: each issue's number of articles (by folder), when
    ``content`` holds only some of them (its latest ones at least)."""
    folder = urls.journal_dir(journal)
    default = content.collection.default_language
    page = urls.lang_page(folder, lang, default)
    years: dict[int, list] = defaultdict(list)
    issues = content.journal_issues(journal)
    for issue in issues:
        href = urls.lang_page(urls.issue_dir(issue), lang, default)
        count = (
            len(content.issue_articles(issue)) if counts is None else counts.get(issue.folder, 0)
        )
        years[issue.year].append(
            {"label": issue_label(issue, lang), "href": href, "count": count, "issue": issue}
        )
    ctx = _base(content, page, lang, folder)
    about = journal.about.get(lang) or next(iter(journal.about.values()), "")
    ctx.update(journal_brand(content, journal, lang))
    ctx["description"] = _describe(about or journal.title)
    ctx.update(
        journal=journal,
        about=about,
        years=sorted(years.items(), reverse=True),
        current=years[issues[0].year][0] if issues else None,
        latest=latest_articles(content, journal, lang),
        feed=urls.feed(journal),
        stats=urls.citation_stats(journal, lang, default),
    )
    return page, environment().get_template("journal.html").render(ctx)


def latest_articles(content: SiteContent, journal: Journal, lang: str, limit: int = 8) -> list:
    """The journal's most recently published articles (continuous publication), newest first."""
    mine = [a for a in content.articles if a.source.journal.acronym == journal.acronym]
    mine.sort(
        key=lambda i: (
            i.summary.pub_date.sort_key() if i.summary.pub_date else (0, 0, 0),
            i.source.path.name,
        ),
        reverse=True,
    )
    out = []
    for item in mine[:limit]:
        a = item.summary
        title_lang = lang if lang in a.titles else (a.language or "")
        out.append(
            {
                "title": a.titles.get(title_lang) or next(iter(a.titles.values()), ""),
                "lang": title_lang,
                "href": urls.fulltext(item, lang if lang in a.languages else a.language or ""),
                "issue": issue_label(item.source.issue, lang),
                "date": a.pub_date.iso() if a.pub_date else "",
            }
        )
    return out


def journal_text_page(
    content: SiteContent, journal: Journal, slug: str, lang: str
) -> tuple[str, str] | None:
    """About, editorial board or instructions to authors from the journal's Markdown file."""
    shown = journal_pages.text(journal, slug, lang)
    if shown is None:
        return None
    folder = urls.journal_text(journal, slug)
    page = urls.lang_page(folder, lang, content.collection.default_language)
    ctx = _base(content, page, lang, folder)
    ctx.update(journal_brand(content, journal, lang))
    ctx.update(
        journal=journal,
        heading=ctx["t"][journal_pages.PAGES[slug]],
        description=_describe(f"{ctx['t'][journal_pages.PAGES[slug]]}: {journal.title}"),
        text=shown,
        text_language=i18n.language_name(shown.lang, lang),
        journal_href=urls.lang_page(
            urls.journal_dir(journal), lang, content.collection.default_language
        ),
    )
    return page, environment().get_template("journal_text.html").render(ctx)


def issue_page(content: SiteContent, issue: Issue, lang: str, pdf: bool) -> tuple[str, str]:
    folder = urls.issue_dir(issue)
    default = content.collection.default_language
    page = urls.lang_page(folder, lang, default)
    journal = next(j for j in content.journals if j.acronym == issue.journal_acronym)
    sections: dict[int | str, tuple[labels.Label, list]] = {}
    for item in content.issue_articles(issue):
        a = item.summary
        key = labels.section_key(a.section, issue, journal)
        if key not in sections:
            shown = labels.section(a.section, lang, issue, journal, a.language)
            sections[key] = (shown or labels.Label(i18n.strings(lang)["section_none"]), [])
        sections[key][1].append(_toc_entry(item, pdf))
    ctx = _base(content, page, lang, folder)
    ctx.update(journal_brand(content, journal, lang))
    ordered = content.journal_issues(journal)  # newest first
    at = next(i for i, x in enumerate(ordered) if x.folder == issue.folder)
    neighbours = {"previous": ordered[at + 1] if at + 1 < len(ordered) else None,
                  "next": ordered[at - 1] if at > 0 else None}  # fmt: skip
    ctx.update(
        issue_nav=[
            (
                ctx["t"][f"{kind}_issue"],
                issue_label(other, lang),
                urls.lang_page(urls.issue_dir(other), lang, default),
                kind,
            )
            for kind, other in neighbours.items()
            if other is not None
        ],
    )
    titles = [e["title"] for entries in sections.values() for e in entries[1]]
    ctx["description"] = _describe(
        f"{journal.title}, {issue_label(issue, lang)} ({issue.year}): " + "; ".join(titles)
    )
    ctx.update(
        journal=journal,
        issue=issue,
        issue_label=issue_label(issue, lang),
        journal_href=urls.lang_page(urls.journal_dir(journal), lang, default),
        sections=list(sections.values()),
        lang_names={code: i18n.language_name(code, lang) for code in i18n.INTERFACE_LANGUAGES},
    )
    return page, environment().get_template("issue.html").render(ctx)


def _toc_entry(item: PublishedArticle, pdf: bool) -> dict:
    a = item.summary
    langs = list(a.languages) or [a.language or ""]
    return {
        "title": a.titles.get(a.language or "")
        or next(iter(a.titles.values()), item.source.path.stem),
        "lang": a.language or "",
        "authors": "; ".join(c.display_name for c in a.authors),
        "pages": pages_of(a),
        "fulltext": [(code, urls.fulltext(item, code)) for code in langs],
        "abstracts": [(code, urls.abstract(item, code)) for code in a.abstracts],
        "pdfs": [(code, urls.pdf(item, code)) for code in langs] if pdf else [],
    }


def article_common(
    view: ArticleView, content: SiteContent, lang: str, page: str, pdf: bool
) -> dict:
    """Context shared by the full-text and abstract pages of one language."""
    item, a = view.item, view.article
    ilang = i18n.interface_language(lang)
    journal, issue = item.source.journal, item.source.issue
    default = content.collection.default_language
    ctx = _base(content, page, ilang)
    ctx.update(journal_brand(content, journal, ilang))
    ctx["lang"] = lang or ilang
    v = view.versions.get(lang) or next(iter(view.versions.values()))
    base = content.collection.base_url
    page_urls = {
        "fulltext": urls.absolute(
            base, urls.fulltext(item, lang if lang in view.versions else v.lang)
        ),
        "abstract": urls.absolute(base, urls.abstract(item, lang))
        if lang in view.abstract_langs
        else None,
        "pdf": urls.absolute(base, urls.pdf(item, v.lang)) if pdf else None,
        "xml": urls.absolute(base, urls.download(item, ".xml")),
    }
    langs = [
        (
            code,
            i18n.NATIVE_NAMES.get(code, code),
            None if code == lang else urls.relative(page, urls.fulltext(item, code)),
        )
        for code in view.versions
    ]
    ctx.update(
        view=view,
        a=a,
        v=v,
        journal=journal,
        issue=issue,
        issue_label=issue_label(issue, ilang),
        journal_href=urls.lang_page(urls.journal_dir(journal), ilang, default),
        issue_href=urls.lang_page(urls.issue_dir(issue), ilang, default),
        pages=pages_of(a),
        article_type=i18n.article_type_name(a.article_type, ilang),
        section=labels.section(a.section, ilang, issue, journal, a.language),
        licence_name=labels.licence(a.license.url if a.license else journal.license, ilang),
        languages=langs,
        abstract_heading={
            code: i18n.strings(i18n.interface_language(code))["abstract"]
            for code in view.abstract_langs
        },
        keyword_heading={
            code: i18n.strings(i18n.interface_language(code))["keywords"] for code, _ in v.keywords
        },
        description=_describe(_abstract_text(a, lang) or v.title),
        highwire=meta.highwire(view, lang, journal, page_urls),
        dublin_core=meta.dublin_core(view, lang, journal, ctx["canonical"]),
        json_ld=meta.json_ld(view, lang, journal, ctx["canonical"], page_urls["pdf"]),
        alternates=[
            (code, urls.absolute(base, urls.fulltext(item, code))) for code in view.versions
        ],
    )
    return ctx


def fulltext_page(
    view: ArticleView, content: SiteContent, lang: str, pdf: bool, cites: dict, *, lilacs=True
) -> tuple[str, str]:
    item, a = view.item, view.article
    page = urls.fulltext(item, lang)
    ctx = article_common(view, content, lang, page, pdf)
    t = ctx["t"]
    v = ctx["v"]
    history = [
        (t.get(kind, kind), date.iso())
        for kind, date in sorted(a.history.items(), key=lambda kv: kv[1].sort_key())
    ]
    if a.pub_date:
        history.append((t["published"], a.pub_date.iso()))
    downloads = []
    if pdf:
        downloads += [
            (
                f"PDF ({i18n.language_name(code, i18n.interface_language(lang))})",
                urls.relative(page, urls.pdf(item, code)),
                "application/pdf",
            )
            for code in view.versions
        ]
    downloads += [
        (t["xml"], urls.relative(page, urls.download(item, ".xml")), "application/xml"),
        (
            t["ris"],
            urls.relative(page, urls.download(item, ".ris")),
            "application/x-research-info-systems",
        ),
        (t["bibtex"], urls.relative(page, urls.download(item, ".bib")), "application/x-bibtex"),
    ]
    if lilacs:  # no link to a record that was not written
        downloads.append(
            (t["lilacs"], urls.relative(page, urls.download(item, ".lilacs.iso")), None)
        )
    license_url = a.license.url if a.license else item.source.journal.license
    shown = [e for e in v.abstracts if e[0] == lang] or v.abstracts[:1]
    ilang = i18n.interface_language(lang)
    ctx.update(
        shown_abstracts=shown,
        # typed abstracts (key points...) of the shown language, and those no abstract page shows
        shown_other_abstracts=[
            e
            for e in v.other_abstracts
            if e[0] == (shown[0][0] if shown else lang) or e[0] not in view.abstract_langs
        ],
        abstract_links=[
            (code, i18n.language_name(code, ilang), urls.relative(page, urls.abstract(item, code)))
            for code, _h, _html in v.abstracts
            if not shown or code != shown[0][0]
        ],
    )
    ctx.update(
        outline=outline(v, t),
        share=share_links(ctx["canonical"], v.title, t),
        accesses=item.accesses,
        similar=[(title, urls.relative(page, href), tl) for title, href, tl in item.similar],
        article_nav=[
            (t[f"{kind}_article"], entry[0], urls.relative(page, entry[1]), kind, entry[2])
            for kind, entry in zip(
                ("previous", "next"), item.neighbours or (None, None), strict=True
            )
            if entry is not None
        ],
    )
    ctx.update(
        history=history,
        downloads=downloads,
        how_to_cite=cites,
        back_heading={kind: t[_BACK_KINDS.get(kind, "notes")] for kind, _h, _c in v.back},
        license_url=license_url,
        license_text=licence_text(view, lang),
        cited_by=[(label, _internal(content, page, url)) for label, url in cited_by(item)],
    )
    return page, environment().get_template("article.html").render(ctx)


def abstract_page(view: ArticleView, content: SiteContent, lang: str, pdf: bool) -> tuple[str, str]:
    item = view.item
    page = urls.abstract(item, lang)
    ctx = article_common(view, content, lang, page, pdf)
    v = ctx["v"]
    ctx["abstract"] = [entry for entry in v.abstracts if entry[0] == lang]
    ctx["other_abstracts"] = [entry for entry in v.other_abstracts if entry[0] == lang]
    ctx["fulltext_href"] = urls.relative(page, urls.fulltext(item, v.lang))
    ctx["aff_page"] = ctx["fulltext_href"]  # the affiliations are listed on the full text
    ctx["pdf_href"] = urls.relative(page, urls.pdf(item, v.lang)) if pdf else None
    return page, environment().get_template("abstract.html").render(ctx)


_OUTLINE = re.compile(r'<section id="([^"]+)" class="sec[^"]*"><h2>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")


def outline(v, t: dict) -> list[tuple[str, str]]:
    """The page's own outline: its top-level headed sections, then references and how to cite."""
    entries = [
        (anchor, " ".join(unescape(_TAG.sub("", text)).split()))
        for anchor, text in _OUTLINE.findall(v.body)
    ]
    if v.references:
        entries.append(("refs-h", t["references"]))
    entries.append(("cite-h", t["how_to_cite"]))
    return [(anchor, text) for anchor, text in entries if text]


def share_links(url: str, title: str, t: dict) -> list[tuple[str, str]]:
    """Plain links to share the page (no third-party script is loaded)."""
    u, ti = quote(url, safe=""), quote(title, safe="")
    return [
        (t["share_email"], f"mailto:?subject={ti}&body={u}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={ti}%20{u}"),
        ("Mastodon", f"https://mastodonshare.com/?text={ti}&url={u}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("X", f"https://x.com/intent/post?text={ti}&url={u}"),
    ]


def _describe(text: str, limit: int = 300) -> str:
    """A page's meta description: the text on one line, cut at a word near ``limit``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def _abstract_text(a, lang: str) -> str:
    found = a.abstracts.get(lang) or a.abstracts.get(a.language or "")
    return found.text if found is not None and found.text else ""


def licence_text(view: ArticleView, lang: str) -> str | None:
    """The article's licence statement in the page's language, when the article gives one."""
    from ..model.front import read_license

    root = view.item.tree.getroot() if hasattr(view.item.tree, "getroot") else view.item.tree
    meta_el = root.find("front/article-meta") if root is not None else None
    found = read_license(meta_el, lang) if meta_el is not None else None
    if found is None or not found.text:
        return None
    same = (found.lang or view.article.language or "").lower() == lang.lower()
    return found.text if same else None


def redirect_page(content: SiteContent, page: str, target: str, title: str) -> str:
    lang = content.collection.default_language
    ctx = {
        "lang": lang,
        "t": i18n.strings(lang),
        "title": title,
        "href": urls.relative(page, target),
        "canonical": urls.absolute(content.collection.base_url, target),
    }
    return environment().get_template("redirect.html").render(ctx)


def article_xml(item: PublishedArticle) -> bytes:
    """The canonical SciELO PS XML download, made inert (``sanitise.make_inert``) on a copy."""
    tree = item.tree if isinstance(item.tree, etree._ElementTree) else etree.ElementTree(item.tree)
    tree = copy.deepcopy(tree)
    make_inert(tree.getroot())
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def lilacs_record(item: PublishedArticle, content: SiteContent) -> bytes:
    """The article's LILACS record (ISO 2709, UTF-8), with the collection's codes and URLs."""
    config = config_from(dict(content.collection.lilacs), content.collection.base_url)
    source = item.source
    return article_record_bytes(item.article, "iso", "utf-8", journal=source.journal, issue=source.issue,
                                tree=item.tree, config=config)  # fmt: skip


def _internal(content: SiteContent, page: str, url: str) -> str:
    """A link to a page of this site as a relative URL (navigation works on any host)."""
    base = content.collection.base_url
    return urls.relative(page, url[len(base) :]) if base and url.startswith(base) else url


def cited_by(item: PublishedArticle) -> list[tuple[str, str]]:
    """(title, URL) of the collection's articles citing this one (the build's links stage)."""
    return [(entry.title or entry.citing_pid, entry.url) for entry in item.cited_by]


def how_to_cite(view: ArticleView, content: SiteContent) -> dict[str, str]:
    """ABNT, Vancouver and APA for the article (main language), computed once per article."""
    a, journal = view.article, view.item.source.journal
    if not a.journal_title or not a.journal_abbrev_title:
        a = dataclasses.replace(
            a,
            journal_title=a.journal_title or journal.title,
            journal_abbrev_title=a.journal_abbrev_title or journal.abbrev_title,
        )
    cites = styles.how_to_cite(a, i18n.interface_language(a.language))
    return {style: sanitised(html) for style, html in cites.items()}


def sitemap(content: SiteContent) -> str:
    base = content.collection.base_url
    rows = []
    for item in content.articles:
        a = item.summary
        date = a.pub_date
        lastmod = f"<lastmod>{date.iso()}</lastmod>" if date and date.month and date.day else ""
        for lang in a.languages or (a.language or "",):
            rows.append(
                f"<url><loc>{xml_escape(urls.absolute(base, urls.fulltext(item, lang)))}</loc>{lastmod}</url>"
            )
    for journal in content.journals:
        rows.append(
            f"<url><loc>{xml_escape(urls.absolute(base, urls.journal_dir(journal)))}</loc></url>"
        )
    for issue in content.issues:
        rows.append(
            f"<url><loc>{xml_escape(urls.absolute(base, urls.issue_dir(issue)))}</loc></url>"
        )
    body = "\n".join([f"<url><loc>{xml_escape(base)}</loc></url>", *rows])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n'
    )


def atom_feed(content: SiteContent, journal: Journal) -> str:
    base = content.collection.base_url
    items = [a for a in content.articles if a.source.journal.acronym == journal.acronym]
    items.sort(
        key=lambda i: (
            i.summary.pub_date.sort_key() if i.summary.pub_date else (0, 0, 0),
            i.source.path.name,
        ),
        reverse=True,
    )
    items = items[:50]
    updated = _atom_date(items[0]) if items else "1970-01-01T00:00:00Z"
    entries = "".join(_atom_entry(base, item) for item in items)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{xml_escape(journal.title)}</title>"
        f"<id>{xml_escape(urls.absolute(base, urls.journal_dir(journal)))}</id>"
        f'<link rel="self" href="{xml_escape(urls.absolute(base, urls.feed(journal)))}"/>'
        f'<link href="{xml_escape(urls.absolute(base, urls.journal_dir(journal)))}"/>'
        f"<updated>{updated}</updated>{entries}</feed>\n"
    )


def _atom_date(item: PublishedArticle) -> str:
    d = item.summary.pub_date
    if d is None:
        return "1970-01-01T00:00:00Z"
    return f"{d.year:04d}-{d.month or 1:02d}-{d.day or 1:02d}T00:00:00Z"


def _atom_entry(base: str, item: PublishedArticle) -> str:
    a = item.summary
    lang = a.language or ""
    link = urls.absolute(base, urls.fulltext(item, lang))
    ident = f"https://doi.org/{a.doi}" if a.doi else link
    authors = "".join(
        f"<author><name>{xml_escape(c.display_name)}</name></author>" for c in a.authors
    )
    summary = a.abstracts[lang].text if lang in a.abstracts else ""
    title = a.titles.get(lang) or next(iter(a.titles.values()), "")
    return (
        f"<entry><title>{xml_escape(title)}</title><id>{xml_escape(ident)}</id>"
        f'<link href="{xml_escape(link)}"/><updated>{_atom_date(item)}</updated>{authors}'
        f'<summary xml:lang="{escape(lang)}">{xml_escape(summary)}</summary></entry>'
    )
