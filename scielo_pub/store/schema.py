"""Nothing in, the collection store's tables out: one SQLAlchemy Core ``metadata`` for SQLite and PostgreSQL.

The build writes these tables (``store.write``); the served app, OAI-PMH, the API, usage and indicators
read them. Other parts add their own tables to the same ``metadata`` (``store/<part>_schema.py``) so one
``metadata.create_all`` makes every table. Names here are stable: rename nothing, add columns freely.

Conventions:

- every table has an integer ``id`` primary key; links between tables are ``<table>_id`` foreign keys;
- stamps (``created``, ``updated``, ``deleted_at``) are naive UTC datetimes truncated to seconds, set by
  the build that wrote the row (``updated`` moves only when the article's content digest changes);
- lists and maps that are read whole (titles per language, subject areas) are JSON text columns;
  what is searched or filtered on has a column (or a child table) of its own;
- an article that leaves the collection is never dropped: ``deleted`` becomes true, ``deleted_at`` and
  ``updated`` get the build's stamp, so OAI-PMH can report it (``deletedRecord=persistent``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: The collection the store holds (one row): what OAI-PMH ``Identify`` and the site's headers name.
collections = Table(
    "collections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("acronym", String(64), nullable=False, unique=True),
    #: {lang: name}
    Column("name", JSON, nullable=False),
    Column("publisher", Text),
    Column("base_url", Text, nullable=False),
    Column("default_language", String(8), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
)

journals = Table(
    "journals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("acronym", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("abbrev_title", Text),
    #: [str]: titles the journal had before (``former_titles`` in journal.toml); the serials
    #: registry matches cited sources against them too.
    Column("former_titles", JSON, nullable=False, default=list),
    Column("issn_print", String(9)),
    Column("issn_electronic", String(9)),
    #: The linking ISSN (``issn_l`` in journal.toml), else the electronic ISSN, else the print one.
    Column("issn_l", String(9)),
    Column("publisher", Text),
    Column("publisher_city", Text),
    Column("publisher_country", Text),
    #: [str] as journal.toml lists them; also one row each in ``journal_subjects``.
    Column("subject_areas", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("license", Text),
    #: {lang: text}
    Column("about", JSON, nullable=False),
    #: Site path of the journal's home page (``j/<acronym>/``).
    Column("landing_path", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
)

journal_subjects = Table(
    "journal_subjects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("journal_id", Integer, ForeignKey("journals.id", ondelete="CASCADE"), nullable=False),
    Column("subject", Text, nullable=False),
    UniqueConstraint("journal_id", "subject", name="uq_journal_subjects"),
    Index("ix_journal_subjects_subject", "subject"),
)

issues = Table(
    "issues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("journal_id", Integer, ForeignKey("journals.id", ondelete="CASCADE"), nullable=False),
    #: The issue's folder name in the collection (unique within its journal).
    Column("folder", Text, nullable=False),
    #: ``v12n1``-style label used in URLs and OAI set names.
    Column("label", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("volume", Text),
    Column("number", Text),
    Column("supplement", Text),
    Column("month", Integer),
    Column("sort_order", Integer),
    #: [str] table-of-contents sections in order.
    Column("sections", JSON, nullable=False),
    Column("landing_path", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    UniqueConstraint("journal_id", "folder", name="uq_issues_journal_folder"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    #: Stable identity across builds: PID v2 when tagged, else PID v3, else DOI, else ``path:<site path>``.
    Column("ident", String(255), nullable=False, unique=True),
    Column("pid", String(32)),
    Column("pid_v3", String(32)),
    #: Lower-cased DOI.
    Column("doi", String(255)),
    Column("journal_id", Integer, ForeignKey("journals.id"), nullable=False),
    Column("issue_id", Integer, ForeignKey("issues.id"), nullable=False),
    #: Copied from the journal and issue, for set filters and facets without joins.
    Column("journal_acronym", String(64), nullable=False),
    Column("issue_label", Text, nullable=False),
    Column("year", Integer),
    Column("article_type", String(64)),
    #: Main language (ISO 639-1).
    Column("language", String(8)),
    #: [lang] main language first, then translations.
    Column("languages", JSON, nullable=False),
    Column("section", Text),
    Column("volume", Text),
    Column("issue_number", Text),
    Column("supplement", Text),
    Column("fpage", String(32)),
    Column("lpage", String(32)),
    Column("elocation_id", String(64)),
    Column("toc_order", String(32)),
    #: Publication date as ISO ``YYYY[-MM[-DD]]``, and padded to ``YYYY-MM-DD`` for sorting.
    Column("pub_date", String(10)),
    Column("pub_date_sort", String(10)),
    #: Title in the main language.
    Column("title", Text),
    Column("license", Text),
    #: The canonical SciELO PS XML of the article (OAI-PMH ``jats``).
    Column("xml", Text, nullable=False),
    #: The LILACS record as JSON (``{"mfn", "status", "fields": [{"tag", "text", "subfields"}]}``,
    #: the lilacs JSON Lines format) when the build could make one.
    Column("lilacs_json", Text),
    #: The article as ``scielo-pub inspect --json`` prints it (docs/INSPECT_JSON.md), without ``source``.
    Column("model_json", JSON, nullable=False),
    #: Site path of the landing page (full text in the main language).
    Column("landing_path", Text, nullable=False),
    #: The collection file the article was read from, relative to the collection folder.
    Column("source_path", Text),
    #: Hash of everything the stored record shows; ``updated`` moves only when it changes.
    Column("digest", String(64), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("deleted_at", DateTime),
    Index("ix_articles_updated_id", "updated", "id"),
    Index("ix_articles_journal_updated", "journal_acronym", "updated", "id"),
    Index("ix_articles_issue", "issue_id"),
    Index("ix_articles_pid", "pid"),
    Index("ix_articles_pid_v3", "pid_v3"),
    Index("ix_articles_doi", "doi"),
    Index("ix_articles_year", "year"),
    Index("ix_articles_pub_date", "pub_date_sort", "id"),
    #: The live (or withdrawn) articles' ids without reading their rows, whose big columns come
    #: before ``deleted`` (the store stage reads every live article's digests through it).
    Index("ix_articles_deleted", "deleted", "id"),
)

#: Title, abstract and keywords per language (one row per language the article has any of them in).
article_texts = Table(
    "article_texts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("title", Text),
    Column("abstract", Text),
    #: [{"title", "text"}] sections of a structured abstract.
    Column("abstract_sections", JSON, nullable=False),
    #: [str] author keywords in this language.
    Column("keywords", JSON, nullable=False),
    UniqueConstraint("article_id", "lang", name="uq_article_texts"),
)

#: Every language the article can be read in (main and translations), for the language facet.
article_languages = Table(
    "article_languages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(8), nullable=False),
    UniqueConstraint("article_id", "lang", name="uq_article_languages"),
    Index("ix_article_languages_lang", "lang"),
)

#: One row per keyword, for subject browsing and facets.
article_keywords = Table(
    "article_keywords",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("position", Integer, nullable=False),
    Column("keyword", Text, nullable=False),
    Column("vocabulary", String(32)),
    Index("ix_article_keywords_article", "article_id"),
    Index("ix_article_keywords_keyword", "keyword"),
)

contributors = Table(
    "contributors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("role", String(32), nullable=False),
    Column("surname", Text),
    Column("given_names", Text),
    Column("collab", Text),
    Column("display_name", Text, nullable=False),
    Column("orcid", String(64)),
    Column("corresponding", Boolean, nullable=False, default=False),
    #: [str] ids of ``affiliations.aff_id`` rows of the same article.
    Column("affiliation_ids", JSON, nullable=False),
    Index("ix_contributors_article", "article_id", "position"),
    Index("ix_contributors_orcid", "orcid"),
)

affiliations = Table(
    "affiliations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("aff_id", String(64)),
    Column("institution", Text),
    Column("divisions", JSON, nullable=False),
    Column("city", Text),
    Column("state", Text),
    Column("country", Text),
    Column("country_code", String(2)),
    Column("original", Text),
    Index("ix_affiliations_article", "article_id", "position"),
    Index("ix_affiliations_country", "country_code"),
)

#: Cited references with their parsed fields (the name avoids the SQL keyword REFERENCES).
article_references = Table(
    "article_references",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    #: ``ref/@id``, else ``#<position>`` (the key the links stage uses).
    Column("ref_id", String(64), nullable=False),
    Column("label", Text),
    Column("publication_type", String(32)),
    #: [{"surname", "given_names", "collab"?}]
    Column("authors", JSON, nullable=False),
    Column("article_title", Text),
    Column("chapter_title", Text),
    Column("source", Text),
    Column("year", String(16)),
    Column("volume", Text),
    Column("issue", Text),
    Column("fpage", Text),
    Column("lpage", Text),
    Column("elocation_id", Text),
    Column("edition", Text),
    Column("publisher_name", Text),
    Column("publisher_loc", Text),
    Column("doi", Text),
    Column("pmid", String(16)),
    Column("url", Text),
    Column("mixed_citation", Text),
    UniqueConstraint("article_id", "ref_id", name="uq_article_references"),
    Index("ix_article_references_doi", "doi"),
)

#: Database records a reference was matched to by the build's links stage (accepted matches only).
reference_matches = Table(
    "reference_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "reference_id",
        Integer,
        ForeignKey("article_references.id", ondelete="CASCADE"),
        nullable=False,
    ),
    #: ``scielo`` (this collection), ``lilacs``, ``medline``, ``crossref``.
    Column("db", String(16), nullable=False),
    Column("ext_id", String(255), nullable=False),
    #: The matched article of this collection when ``db`` is ``scielo``.
    Column("target_article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("doi", Text),
    Column("pmid", String(16)),
    Column("title", Text),
    Column("source", Text),
    Column("year", String(16)),
    Column("url", Text),
    UniqueConstraint("reference_id", "db", "ext_id", name="uq_reference_matches"),
    Index("ix_reference_matches_target", "target_article_id"),
)

#: The collection's citation graph: article ``citing`` cites article ``cited`` through reference ``ref_id``.
citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "citing_article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("ref_id", String(64), nullable=False),
    Column(
        "cited_article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("score", Float),
    UniqueConstraint("citing_article_id", "ref_id", "cited_article_id", name="uq_citations"),
    Index("ix_citations_cited", "cited_article_id"),
)

CORE_TABLES = (
    collections,
    journals,
    journal_subjects,
    issues,
    articles,
    article_texts,
    article_languages,
    article_keywords,
    contributors,
    affiliations,
    article_references,
    reference_matches,
    citations,
)
