"""Plain values in, typed records out: the frozen dataclasses every stage after reading works with.

The model is derived from the canonical SciELO PS (JATS) tree and never holds more than the tree says:
absent values are ``None`` (or empty tuples/dicts), never invented defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as journals print it: the year always, month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True, slots=True)
class Affiliation:
    """An institution a contributor is affiliated with, normalised as SciELO PS tags it."""

    id: str | None
    label: str | None = None
    institution: str | None = None
    divisions: tuple[str, ...] = ()
    city: str | None = None
    state: str | None = None
    country: str | None = None
    #: ISO 3166-1 alpha-2 code from ``country/@country``.
    country_code: str | None = None
    #: The affiliation as printed in the original (``institution[@content-type='original']``).
    original: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Contributor:
    """A person (or a group, ``collab``) who contributed to an article."""

    surname: str | None
    given_names: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    collab: str | None = None
    #: ``contrib/@contrib-type``: author, editor, translator, reviewer...
    role: str = "author"
    orcid: str | None = None
    affiliation_ids: tuple[str, ...] = ()
    corresponding: bool = False
    email: str | None = None
    #: The contributor is tagged ``<anonymous/>`` (an anonymised reviewer): no name to show.
    anonymous: bool = False

    @property
    def display_name(self) -> str:
        if self.collab:
            return self.collab
        return " ".join(p for p in (self.given_names, self.surname, self.suffix) if p)


@dataclass(frozen=True, slots=True)
class AbstractSection:
    """One titled part of a structured abstract (Objective, Methods, ...)."""

    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Abstract:
    """An abstract in one language; ``sections`` is non-empty for structured abstracts."""

    lang: str
    text: str
    title: str | None = None
    sections: tuple[AbstractSection, ...] = ()
    #: ``abstract/@abstract-type`` (graphical, key-points...) when it is not the main abstract.
    abstract_type: str | None = None


@dataclass(frozen=True, slots=True)
class KeywordGroup:
    """Keywords in one language; ``vocabulary`` is e.g. ``decs`` when the group is DeCS."""

    lang: str
    keywords: tuple[str, ...]
    vocabulary: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Funding:
    """A funding source and its award numbers."""

    source: str
    award_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class License:
    url: str | None
    license_type: str | None = None
    text: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    """Object counts: figures, tables, equations, references, pages."""

    fig: int | None = None
    table: int | None = None
    equation: int | None = None
    ref: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class RefAuthor:
    surname: str | None
    given_names: str | None = None
    collab: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A cited work: the structured fields of ``element-citation`` plus the printed form."""

    id: str | None
    label: str | None = None
    publication_type: str | None = None
    authors: tuple[RefAuthor, ...] = ()
    editors: tuple[RefAuthor, ...] = ()
    article_title: str | None = None
    chapter_title: str | None = None
    source: str | None = None
    year: str | None = None
    volume: str | None = None
    issue: str | None = None
    fpage: str | None = None
    lpage: str | None = None
    elocation_id: str | None = None
    edition: str | None = None
    publisher_name: str | None = None
    publisher_loc: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    access_date: str | None = None
    comment: str | None = None
    #: The reference as printed (``mixed-citation`` text, punctuation kept).
    mixed_citation: str | None = None
    supplement: str | None = None
    #: Month (or season) of the cited work, as tagged.
    month: str | None = None
    conf_name: str | None = None
    conf_date: str | None = None
    conf_loc: str | None = None
    #: ``size`` (number of pages of a book, length of a medium) as tagged.
    size: str | None = None
    series: str | None = None
    pmcid: str | None = None
    #: The author list ends in ``etal`` (more authors than listed).
    etal: bool = False


@dataclass(frozen=True, slots=True)
class SubArticle:
    """A ``sub-article``: a translation, a review, a reply..."""

    id: str | None
    article_type: str | None
    lang: str | None
    title: str | None = None
    contributors: tuple[Contributor, ...] = ()
    #: It is not a child of the article itself (e.g. a review's reply or translation).
    nested: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    """One article of an issue, as its canonical SciELO PS tree describes it."""

    #: SciELO PID v2 (``S`` + ISSN + year + issue order + article order) when tagged.
    pid: str | None
    pid_v3: str | None = None
    doi: str | None = None
    #: Order of the article in its issue (``article-id[@pub-id-type='other']``).
    order: str | None = None
    article_type: str | None = None
    language: str | None = None
    dtd_version: str | None = None
    sps_version: str | None = None
    section: str | None = None
    #: Article title per language (main language first, then trans-titles and translations).
    titles: dict[str, str] = field(default_factory=dict)
    contributors: tuple[Contributor, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    abstracts: dict[str, Abstract] = field(default_factory=dict)
    #: Other abstracts (graphical, key points) that are not the main one of their language.
    other_abstracts: tuple[Abstract, ...] = ()
    keyword_groups: tuple[KeywordGroup, ...] = ()
    history: dict[str, PartialDate] = field(default_factory=dict)
    pub_dates: dict[str, PartialDate] = field(default_factory=dict)
    journal_title: str | None = None
    journal_abbrev_title: str | None = None
    journal_acronym: str | None = None
    issn_print: str | None = None
    issn_electronic: str | None = None
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    supplement: str | None = None
    fpage: str | None = None
    lpage: str | None = None
    elocation_id: str | None = None
    license: License | None = None
    funding: tuple[Funding, ...] = ()
    #: Counts declared in ``article-meta/counts``.
    declared_counts: Counts = Counts()
    #: Counts of what the tree actually holds (main article and sub-articles).
    counts: Counts = Counts()
    sub_articles: tuple[SubArticle, ...] = ()
    references: tuple[Reference, ...] = ()
    #: Where the article was read from.
    source_path: str | None = None

    @property
    def keywords(self) -> dict[str, tuple[str, ...]]:
        """Author keywords per language (groups of one language merged, in order)."""
        out: dict[str, tuple[str, ...]] = {}
        for group in self.keyword_groups:
            out[group.lang] = out.get(group.lang, ()) + group.keywords
        return out

    @property
    def translations(self) -> tuple[str, ...]:
        """Languages of the sub-articles that are translations of this article (not of a review)."""
        return tuple(
            s.lang
            for s in self.sub_articles
            if s.article_type == "translation" and s.lang and not s.nested
        )

    @property
    def languages(self) -> tuple[str, ...]:
        """The main language followed by every translation's."""
        main = (self.language,) if self.language else ()
        return main + tuple(dict.fromkeys(lang for lang in self.translations if lang not in main))

    @property
    def issn(self) -> str | None:
        return self.issn_electronic or self.issn_print

    @property
    def pub_date(self) -> PartialDate | None:
        for kind in ("pub", "epub", "epub-ppub", "ppub", "collection"):
            if kind in self.pub_dates:
                return self.pub_dates[kind]
        return next(iter(self.pub_dates.values()), None)

    @property
    def authors(self) -> tuple[Contributor, ...]:
        return tuple(c for c in self.contributors if c.role == "author")


@dataclass(frozen=True, slots=True)
class Journal:
    """A journal of the collection, from its ``journal.toml``."""

    acronym: str
    title: str
    abbrev_title: str | None = None
    issn_print: str | None = None
    issn_electronic: str | None = None
    publisher: str | None = None
    publisher_city: str | None = None
    publisher_country: str | None = None
    subject_areas: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    license: str | None = None
    about: dict[str, str] = field(default_factory=dict)
    #: SGML DTD name (in ``dtds/``) or path for Markup articles.
    dtd: str | None = None
    xml_dtd_catalog: str | None = None
    xsd: str | None = None
    #: Per-rule severity overrides: rule id -> ``error``/``warning``/``info``/``off``.
    rules: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    #: The journal's sections, each named per language (``{"pt": "Artigos Originais", "en": ...}``).
    sections: tuple[dict[str, str], ...] = ()
    #: Subject areas named per language, as the journal configures them (name -> lang -> name).
    subject_names: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Logo file (relative to the journal folder) and brand colour (CSS colour) for its pages.
    logo: str | None = None
    colour: str | None = None
    #: The journal's folder (its Markdown pages live beside ``journal.toml``).
    path: Path | None = None

    @property
    def issn(self) -> str | None:
        return self.issn_electronic or self.issn_print


@dataclass(frozen=True, slots=True)
class Issue:
    """An issue of a journal, from its ``issue.toml`` and folder."""

    journal_acronym: str
    folder: str
    year: int
    volume: str | None = None
    number: str | None = None
    supplement: str | None = None
    month: int | None = None
    order: int | None = None
    sections: tuple[str, ...] = ()
    path: Path | None = None
    #: Per entry of ``sections``, its names per language when ``issue.toml`` gives them (else ``{}``).
    section_titles: tuple[dict[str, str], ...] = ()

    @property
    def label(self) -> str:
        """``v12n1``-style identifier used in URLs."""
        parts = []
        if self.volume:
            parts.append(f"v{self.volume}")
        if self.number:
            parts.append(f"n{self.number}")
        if self.supplement:
            parts.append(f"s{self.supplement}")
        return "".join(parts) or self.folder


@dataclass(frozen=True, slots=True)
class Collection:
    """A collection of journals, from its ``collection.toml``."""

    acronym: str
    name: dict[str, str]
    publisher: str | None = None
    base_url: str = "http://127.0.0.1:8000/"
    default_language: str = "pt"
    lilacs: dict[str, str] = field(default_factory=dict)
    #: Bibliographic databases to link references to: ``lilacs``, ``medline``, ``crossref`` -> files.
    citations: dict[str, Any] = field(default_factory=dict)
    #: Subject areas named per language (``[subject_areas."Health Sciences"]`` in collection.toml).
    subject_names: dict[str, dict[str, str]] = field(default_factory=dict)
    path: Path | None = None
