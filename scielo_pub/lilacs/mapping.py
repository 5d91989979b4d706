"""A canonical Article (plus its journal, issue and JATS tree when known) in, a LILACS ``Sas`` record out.

Field choices follow FIELDS.md and MAPPING.md §4 (SciELO ISIS -> LILACS). What the model does not
carry (season of the issue date, DeCS primary/secondary marks, an ISSN of no known type, a journal
title given only as an NLM abbreviation) is read from the article's JATS tree. Language tags keep
their primary subtag (``pt-BR`` -> ``pt``) and SciELO's ahead-of-print placeholders (volume, issue or
page ``00``) are not values. The record is built as data; whether it may enter LILACS is decided by
:mod:`.rules`, and why a core field is absent by :mod:`.coverage`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..model import Abstract, Affiliation, Article, Contributor, Issue, Journal, PartialDate
from ..model.calendar import MONTH_ABBREVIATIONS
from .config import LilacsConfig
from .isis import IsisRecord, build_field

#: Constant fields of a LILACS journal-article record (FIELDS.md; all 53 real records).
CONSTANTS = ((5, "S"), (6, "as"), (9, "a"), (110, "s"), (113, "p"))
LILACS_LANGS = ("pt", "es", "en", "fr")
ROLE_CODES = {"editor": "edt", "compiler": "com", "coordinator": "coord", "organizer": "org"}
SUFFIXES = {"jr": "Junior", "júnior": "Junior", "junior": "Junior", "fº": "Filho", "f°": "Filho",
            "filho": "Filho", "neto": "Neto", "sobrinho": "Sobrinho", "sobr": "Sobrinho"}  # fmt: skip
MONTHS_PT = MONTH_ABBREVIATIONS["pt"]
MONTH_KEYS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}  # fmt: skip
MONTH_KEYS.update(
    {"fev": 2, "abr": 4, "mai": 5, "ago": 8, "set": 9, "out": 10, "dez": 12, "ene": 1, "dic": 12}
)
#: Tag for the SciELO PID (the tag SciELO ISIS article records use).
PID_TAG = 880
LICENSE_TAG = 540
DOI_TAG = 724


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """An article with what surrounds it: journal and issue (from the collection), tree, file stem."""

    article: Article
    journal: Journal | None = None
    issue: Issue | None = None
    tree: etree._Element | None = None
    stem: str = "article"

    @classmethod
    def of(cls, article: Article, journal=None, issue=None, tree=None) -> ArticleContext:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        stem = Path(article.source_path).stem if article.source_path else (article.pid or "article")
        return cls(article, journal, issue, root, stem)


def record_id(ctx: ArticleContext) -> str:
    """The record id (v2): the SciELO PID when tagged, else the DOI, else the file stem."""
    return ctx.article.pid or ctx.article.doi or ctx.stem


def article_record(ctx: ArticleContext, config: LilacsConfig) -> IsisRecord:
    """The LILACS analytic record of one article (LILACS-Express flagging happens in :mod:`.export`)."""
    a = ctx.article
    fields: list[tuple[int, str]] = [(1, config.center), (2, record_id(ctx))]
    fields += [(4, db) for db in config.databases]
    # v904: the databases that index the record (FI-Admin's indexed_database), required to publish.
    fields += [(904, db) for db in config.databases]
    fields += CONSTANTS[:2]
    fields += [(8, url) for url in electronic_addresses(ctx, config)]
    fields.append(CONSTANTS[2])
    lone = a.affiliations if not any(c.affiliation_ids for c in a.contributors) else ()
    fields += [(10, person_field(c, a.affiliations, lone)) for c in a.contributors if _is_person(c)]
    fields += [(11, corporate_field(c)) for c in a.contributors if c.collab and _is_author(c)]
    fields += title_fields(a)
    fields += [(14, pages) for pages in [pages_field(a)] if pages]
    fields += serial_fields(ctx)
    fields += [
        (38, f"^b{kind}") for kind, n in (("ilus", a.counts.fig), ("tab", a.counts.table)) if n
    ]
    fields += [(40, lang) for lang in text_languages(a)]
    fields += date_fields(ctx)
    fields += [(72, str(len(a.references)))] if a.references else []
    fields += [
        (83, build_field(abstract_text(ab), i=lilacs_lang(lang)))
        for lang, ab in a.abstracts.items()
        if ab.text
    ]
    fields += keyword_fields(ctx)
    fields += [(98, "FONTE")]
    fields += CONSTANTS[3:]
    fields += [(LICENSE_TAG, lic)] if (lic := license_text(ctx)) else []
    fields += [(DOI_TAG, a.doi)] if a.doi else []
    fields += [(PID_TAG, a.pid)] if a.pid else []
    return IsisRecord(tuple((tag, value) for tag, value in fields if value))


def clean(text: str | None, *, period: bool = True) -> str:
    """Whitespace squashed, ``^`` (the ISIS subfield mark) replaced; a final period dropped if ``period``."""
    text = " ".join((text or "").replace("^", "\u02c6").split())
    if period and text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def abstract_text(ab: Abstract) -> str:
    """v83 body: a structured abstract as ``Objective: ... Methods: ...``."""
    if not ab.sections:
        return clean(ab.text, period=False)
    parts = [f"{clean(s.title).rstrip(':')}: {s.text}" if s.title else s.text for s in ab.sections]
    return clean(" ".join(parts), period=False)


def _is_author(c: Contributor) -> bool:
    return c.role in ("author", *ROLE_CODES)


def _is_person(c: Contributor) -> bool:
    return not c.collab and bool(c.surname or c.given_names) and _is_author(c)


def lilacs_lang(code: str | None) -> str:
    """A language tag as LILACS writes it: the primary subtag (``pt-BR`` -> ``pt``)."""
    return (code or "").split("-")[0].split("_")[0].strip().lower()


def text_languages(a: Article) -> list[str]:
    """v40: the languages of the text (main, then translations), else those of the titles."""
    langs = [lilacs_lang(lang) for lang in a.languages] or [lilacs_lang(k) for k in a.titles]
    return list(dict.fromkeys(lang for lang in langs if lang))


def given(value: str | None) -> str | None:
    """``None`` for SciELO's ahead-of-print placeholders (volume, issue or page ``0``/``00``)."""
    if value is None or value.strip("0 ") == "":
        return None
    return value


def person_name(c: Contributor) -> str:
    """``Surname Suffix, Given names`` (LILACS: suffixes spelt out, a space after every period)."""
    surname = clean(c.surname)
    if c.suffix:
        suffix = clean(c.suffix)
        surname = f"{surname} {SUFFIXES.get(suffix.lower().rstrip('.'), suffix)}"
    given = re.sub(r"\.(?=\S)", ". ", clean(c.given_names))
    return f"{surname}, {given}" if surname and given else surname or given


def person_field(c: Contributor, affiliations: tuple[Affiliation, ...], lone: tuple = ()) -> str:
    """v10: name, affiliation levels ``^1 ^2 ^3``, ``^c`` city, ``^p`` country, ``^r`` role, ``^k`` ORCID.

    ``lone``: the article's affiliations when no contributor points at one; a single one applies to all.
    """
    aff = next((a for a in affiliations if a.id and a.id in c.affiliation_ids), None)
    if aff is None and len(lone) == 1:
        aff = lone[0]
    return build_field(
        person_name(c), **affiliation_subfields(aff), r=ROLE_CODES.get(c.role), k=c.orcid
    )


def affiliation_subfields(aff: Affiliation | None) -> dict[str, str]:
    """``^1`` institution, ``^2`` first division, ``^3`` the others, city, country; ``^1s.af`` when none."""
    if aff is None or not (aff.institution or aff.original):
        return {"_1": "s.af"}
    divisions = [clean(d) for d in aff.divisions if d]
    return {
        "_1": clean(aff.institution or _first_part(aff.original)),
        "_2": divisions[0] if divisions else "",
        "_3": ". ".join(divisions[1:]),
        "c": clean(aff.city),
        "p": clean(aff.country) or (aff.country_code or ""),
    }


def _first_part(original: str | None) -> str:
    return (original or "").split(",")[0]


def corporate_field(c: Contributor) -> str:
    """v11: a group author, with ``^r`` for editor-like roles."""
    return build_field(clean(c.collab), r=ROLE_CODES.get(c.role))


def title_fields(a: Article) -> list[tuple[int, str]]:
    """v12 one per language (main language first); v13 is never invented (rule 8 reports it)."""
    return [
        (12, build_field(clean(title), i=lilacs_lang(lang)))
        for lang, title in a.titles.items()
        if title
    ]


def pages_field(a: Article) -> str:
    """v14: ``^f first ^l last``, or ``^e`` electronic location when there are no pages (an
    ahead-of-print ``00`` page is none)."""
    if given(a.fpage):
        return build_field(f=clean(a.fpage), l=clean(given(a.lpage)))
    return build_field(e=clean(a.elocation_id)) if a.elocation_id else ""


def serial_fields(ctx: ArticleContext) -> list[tuple[int, str]]:
    """v30 journal title (abbreviated), v31 volume, v32 issue (supplements appended), v35 ISSN."""
    a, j = ctx.article, ctx.journal
    title = (
        (j.abbrev_title if j else None)
        or a.journal_abbrev_title
        or (j.title if j else None)
        or a.journal_title
    )
    title = title or _tree_text(ctx.tree, _JOURNAL_TITLE_PATHS)
    issn = (j.issn_print or j.issn_electronic) if j else None
    issn = (
        issn
        or a.issn_print
        or a.issn_electronic
        or _tree_text(ctx.tree, ("front/journal-meta/issn",))
    )
    return [
        (30, clean(title)),
        (31, clean(given(a.volume) or (ctx.issue.volume if ctx.issue else None))),
        (32, issue_number(given(a.issue), a.supplement)),
        (35, issn or ""),
    ]


#: Where a journal title may sit when the model has none (any abbreviation, the NLM one).
_JOURNAL_TITLE_PATHS = (
    "front/journal-meta/journal-title-group/abbrev-journal-title",
    "front/journal-meta/abbrev-journal-title",
    "front/journal-meta/journal-title",
    "front/journal-meta/journal-id[@journal-id-type='nlm-ta']",
)


def _tree_text(root: etree._Element | None, paths: tuple[str, ...]) -> str | None:
    """The first non-empty text at ``paths`` (an ISSN of any type, a title of any kind)."""
    if root is None:
        return None
    for path in paths:
        for el in root.iterfind(path):
            text = " ".join("".join(el.itertext()).split())
            if text:
                return text
    return None


def issue_number(number: str | None, supplement: str | None) -> str:
    """v32: ``2``, ``2 supl 1``, ``supl 1``, ``2 supl`` (LILACS has no supplement field)."""
    parts = [clean(number)] if number else []
    if supplement is not None:
        suppl = clean(supplement)
        parts.append(f"supl {suppl}" if suppl and suppl != "0" else "supl")
    return " ".join(p for p in parts if p)


def issue_date(ctx: ArticleContext) -> tuple[PartialDate | None, str | None]:
    """The issue's date (collection date, else the issue folder's, else publication) and its season."""
    a, issue = ctx.article, ctx.issue
    date = a.pub_dates.get("collection")
    if date is None and issue is not None and issue.year:
        date = PartialDate(issue.year, issue.month)
    date = date or a.pub_date
    return date, _season(ctx.tree)


def _season(root: etree._Element | None) -> str | None:
    if root is None:
        return None
    for path in ("front/article-meta/pub-date[@date-type='collection']/season",
                 "front/article-meta/pub-date[@pub-type='collection']/season",
                 "front/article-meta/pub-date/season"):  # fmt: skip
        found = root.find(path)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return None


def date_fields(ctx: ArticleContext) -> list[tuple[int, str]]:
    """v64 the date as printed (``jan.-mar. 2025``, ``mar. 2025``, ``2025``), v65 ``YYYYMMDD`` (00 unknown)."""
    date, season = issue_date(ctx)
    if date is None:
        return []
    months = _season_months(season) if season else []
    first_month = months[0] if months else date.month
    if months:
        printed = "-".join(MONTHS_PT[m - 1] for m in months) + f" {date.year}"
    elif date.month:
        printed = f"{MONTHS_PT[date.month - 1]} {date.year}"
    else:
        printed = str(date.year)
    day = date.day if date.month and not months else None
    printed = f"{day} {printed}" if day else printed
    normalised = f"{date.year:04d}{first_month or 0:02d}{day or 0:02d}"
    return [(64, printed), (65, normalised)]


def _season_months(season: str) -> list[int]:
    keys = re.findall(r"[A-Za-zç]{3,}", season.lower())
    months = [MONTH_KEYS[k[:3]] for k in keys if k[:3] in MONTH_KEYS]
    return [months[0], months[-1]] if len(months) > 1 else months


def keyword_fields(ctx: ArticleContext) -> list[tuple[int, str]]:
    """v85 author keywords ``kw^ilang``; DeCS groups give v87 (primary) / v88 (secondary) ``^dTerm^squalifier``."""
    a = ctx.article
    out = [
        (85, build_field(clean(kw), i=lilacs_lang(g.lang)))
        for g in a.keyword_groups
        for kw in g.keywords
    ]
    return out + descriptor_fields(ctx)


def descriptor_fields(ctx: ArticleContext) -> list[tuple[int, str]]:
    """DeCS descriptors from the DeCS keyword group of one language (pt, es, en, then any)."""
    groups = [g for g in ctx.article.keyword_groups if (g.vocabulary or "").lower() == "decs"]
    if not groups:
        return []
    group = min(groups, key=lambda g: LILACS_LANGS.index(g.lang) if g.lang in LILACS_LANGS else 9)
    secondary = _secondary_terms(ctx.tree, group.lang)
    out = []
    for kw in group.keywords:
        term, _, qualifier = clean(kw).partition("/")
        tag = 88 if clean(kw) in secondary else 87
        out.append((tag, build_field(d=term.strip(), s=qualifier.strip())))
    return out


def _secondary_terms(root: etree._Element | None, lang: str) -> set[str]:
    """DeCS terms marked ``kwd/@content-type='secondary'`` in the tree (others are primary)."""
    if root is None:
        return set()
    found = set()
    for group in root.iter("kwd-group"):
        if (group.get("kwd-group-type") or group.get("vocab") or "").lower() != "decs":
            continue
        for kwd in group.iter("kwd"):
            if (kwd.get("content-type") or "").lower() == "secondary":
                found.add(clean("".join(kwd.itertext())))
    return found


def electronic_addresses(ctx: ArticleContext, config: LilacsConfig) -> list[str]:
    """v8: the article page and the PDF in each language (main, then translations),
    ``^u ^i ^q ^y`` (FI-Admin's current form)."""
    a = ctx.article
    values = {
        "base_url": config.base_url,
        "journal": (ctx.journal.acronym if ctx.journal else a.journal_acronym) or "journal",
        "issue": ctx.issue.folder if ctx.issue else _issue_label(a),
        "stem": ctx.stem,
        "pid": a.pid or ctx.stem,
    }
    fields = []
    for lang in a.languages or ("",):
        fields.append(
            build_field(u=config.html_url.format(**values, lang=lang), i=lang, q="html", y="TEXTO")
        )
        fields.append(
            build_field(u=config.pdf_url.format(**values, lang=lang), i=lang, q="pdf", y="PDF")
        )
    return fields


def _issue_label(a: Article) -> str:
    label = "".join(
        f"{k}{v}" for k, v in (("v", a.volume), ("n", a.issue), ("s", a.supplement)) if v
    )
    return label or "issue"


def license_text(ctx: ArticleContext) -> str:
    """v540: the article's licence URL (or type), else the journal's."""
    lic = ctx.article.license
    if lic is not None and (lic.url or lic.license_type):
        return lic.url or lic.license_type or ""
    return (ctx.journal.license if ctx.journal else None) or ""
