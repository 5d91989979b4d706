"""A built collection (``SiteContent``) in, the collection store brought up to date out (the *store* stage).

Upserts keyed by stable identities (journal acronym, journal + issue folder, article ``ident``). An
article's ``updated`` stamp moves only when the digest of what the store shows of it changes (its XML,
LILACS record, metadata and landing page); an article missing from this build is marked ``deleted``
(never dropped) and one that comes back is restored, both with the build's stamp. Which articles
are written is decided by ``store.changes``: the store's record of its live articles is read in
one query and compared with the build's input and link digests (``store.inputs``) as sets, so an
article whose digests are the recorded ones costs no statement nor Python object of its own: it
is not turned into rows again, its model and identifier are not read. The others' records are
made and written 200 at a time; their links (reference matches, citation graph) by
``store.links``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, insert, select, update

from ..citations.collection_links import article_key
from ..citations.normalise import fold
from ..collection import PublishedArticle, SiteContent
from ..errors import Diagnostic
from ..index_data import passing
from ..model import Article, Collection, Issue, Journal
from ..model.export import article_to_json, reference_to_json
from ..render import urls
from . import changes
from . import schema as s
from .engine import driver_rows
from .inputs import InputDigests, input_digest, relative_source, xml_text
from .links import write_links
from .rebuild_schema import article_inputs, issue_inputs
from .search import search_documents

__all__ = ["ArticleRecord", "InputDigests", "StoreReport", "article_record", "input_digest",
           "write_store"]  # fmt: skip

#: Articles whose records are made and written together (the records of the whole collection are
#: never held at once).
_BATCH = 200

#: Child tables rewritten when an article changes, children first.
_CHILDREN = (
    s.article_texts,
    s.article_languages,
    s.article_keywords,
    s.contributors,
    s.affiliations,
    search_documents,
)


@dataclass
class StoreReport:
    """How many articles were added, changed, left as they were, withdrawn and brought back."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    restored: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"store: {self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.deleted} withdrawn, {self.restored} restored"
        )


@dataclass(frozen=True)
class ArticleRecord:
    """Everything the store keeps of one article: its ``articles`` row and its child rows."""

    ident: str
    #: (journal acronym, issue folder)
    issue_key: tuple[str, str]
    row: dict
    children: dict[str, list[dict]]
    references: list[dict]
    search: dict
    #: Accepted database records per reference id, and the collection's articles citing this one.
    matches: dict = field(default_factory=dict)
    cited_by: tuple = ()
    #: ``input_digest`` of the article (set by the store write, empty when made alone).
    input_digest: str = ""


def stamp(now: datetime | None = None) -> datetime:
    """A build stamp: naive UTC, whole seconds."""
    now = now or datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    return now.replace(microsecond=0)


def write_store(
    engine: Engine,
    content: SiteContent,
    *,
    now: datetime | None = None,
    digests: InputDigests | None = None,
) -> StoreReport:
    """Bring the store at ``engine`` up to date with ``content``; one transaction. ``digests``:
    the build's input digests, when an earlier stage computed them already."""
    when = stamp(now)
    report = StoreReport()
    digests = digests or InputDigests(content.collection)
    articles = content.articles
    keys = digests.many(articles)
    with engine.begin() as conn:
        _write_collection(conn, content.collection, when)
        journal_ids = _write_journals(conn, content.journals, when)
        journals = {j.acronym: (journal_ids[j.acronym], j) for j in content.journals}
        issue_ids = _write_issues(conn, content.issues, journals, when, digests)
        work = changes.plan(conn, articles, keys, changes.link_digests(articles), _ident)
        report.diagnostics += work.diagnostics
        report.unchanged += work.unchanged
        ids = dict(work.ids)  # position -> id of every article whose links are compared
        for batch in _chunks(work.todo, _BATCH):  # records made and written a batch at a time
            records = [
                dataclasses.replace(article_record(articles[n], content.collection),
                                    input_digest=keys[n])
                for n in batch
            ]  # fmt: skip
            known = _known_articles(conn, [r.ident for r in records])
            done = _write_articles(conn, records, journal_ids, issue_ids, when, report, known)
            _save_inputs(conn, records, done)
            ids.update((n, done[r.ident]) for n, r in zip(batch, records, strict=True))
        rewritten = {ids[n] for n in work.todo}
        gone = _mark_deleted(conn, sorted(work.stale - rewritten), when, report)
        write_links(conn, [(ids[n], articles[n]) for n in work.linked], rewritten, gone)
    return report


# -- collection, journals, issues -----------------------------------------------------------------


def _digest(value: object) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _write_collection(conn: Connection, c: Collection, when: datetime) -> None:
    row = {"acronym": c.acronym, "name": dict(c.name), "publisher": c.publisher,
           "base_url": c.base_url, "default_language": c.default_language}  # fmt: skip
    existing = conn.execute(select(s.collections.c.id)).scalars().all()
    if existing:
        conn.execute(update(s.collections).where(s.collections.c.id == existing[0]).values(**row))
    else:
        conn.execute(insert(s.collections).values(**row, created=when, updated=when))


def _former_titles(j: Journal) -> list[str]:
    """``former_titles`` of journal.toml (a list of strings, or one string)."""
    value = j.extra.get("former_titles") or ()
    values = [value] if isinstance(value, str) else value
    return [str(v).strip() for v in values if str(v).strip()]


def journal_row(j: Journal) -> dict:
    """The ``journals`` row of a journal (without id and stamps)."""
    row = {
        "acronym": j.acronym, "title": j.title, "abbrev_title": j.abbrev_title,
        "former_titles": _former_titles(j),
        "issn_print": j.issn_print, "issn_electronic": j.issn_electronic,
        "issn_l": str(j.extra.get("issn_l") or j.issn_electronic or j.issn_print or "") or None,
        "publisher": j.publisher, "publisher_city": j.publisher_city,
        "publisher_country": j.publisher_country, "subject_areas": list(j.subject_areas),
        "languages": list(j.languages), "license": j.license, "about": dict(j.about),
        "landing_path": urls.journal_dir(j),
    }  # fmt: skip
    return {**row, "digest": _digest(row)}


def _write_journals(conn: Connection, journals: Iterable[Journal], when: datetime) -> dict:
    t = s.journals
    known = {r.acronym: r for r in conn.execute(select(t.c.id, t.c.acronym, t.c.digest))}
    listed = set(conn.execute(select(s.journal_subjects.c.journal_id).distinct()).scalars())
    ids: dict[str, int] = {}
    for journal in journals:
        row = journal_row(journal)
        old = known.get(journal.acronym)
        if old is None:
            ids[journal.acronym] = conn.execute(
                insert(t).values(**row, created=when, updated=when).returning(t.c.id)
            ).scalar_one()
        else:
            ids[journal.acronym] = old.id
            if old.digest == row["digest"] and (old.id in listed or not journal.subject_areas):
                continue  # its subjects too (the row holds them)
            conn.execute(update(t).where(t.c.id == old.id).values(**row, updated=when))
        _write_subjects(conn, ids[journal.acronym], journal.subject_areas)
    return ids


def _write_subjects(conn: Connection, journal_id: int, subjects: Iterable[str]) -> None:
    t = s.journal_subjects
    conn.execute(delete(t).where(t.c.journal_id == journal_id))
    rows = [{"journal_id": journal_id, "subject": x} for x in dict.fromkeys(subjects)]
    if rows:
        conn.execute(insert(t), rows)


def issue_row(issue: Issue) -> dict:
    """The ``issues`` row of an issue (without id, journal id and stamps)."""
    row = {
        "folder": issue.folder, "label": issue.label, "year": issue.year, "volume": issue.volume,
        "number": issue.number, "supplement": issue.supplement, "month": issue.month,
        "sort_order": issue.order, "sections": list(issue.sections),
        "landing_path": urls.issue_dir(issue),
    }  # fmt: skip
    return {**row, "digest": _digest(row)}


def _write_issues(
    conn: Connection,
    issues: Iterable[Issue],
    journals: dict[str, tuple[int, Journal]],
    when: datetime,
    digests: InputDigests,
) -> dict[tuple[str, str], int]:
    """Insert new issues and rewrite changed ones; ``(journal acronym, folder) -> id``. An issue
    whose inputs (its journal's and its own settings, the code: ``InputDigests.context``, made
    for its articles already) are the recorded ones is not turned into a row again."""
    t, k = s.issues, issue_inputs
    rows = driver_rows(conn, select(t.c.journal_id, t.c.folder, t.c.id, t.c.digest, k.c.input_digest)
                       .select_from(t.outerjoin(k, k.c.issue_id == t.c.id)))  # fmt: skip
    known = {(r[0], r[1]): r[2:] for r in rows}
    ids: dict[tuple[str, str], int] = {}
    made: dict[int, str] = {}
    for issue in issues:
        journal_id, journal = journals[issue.journal_acronym]
        inputs = digests.context(journal, issue)
        old = known.get((journal_id, issue.folder))
        if old is not None and old[2] == inputs:
            ids[(issue.journal_acronym, issue.folder)] = old[0]
            continue
        row = {**issue_row(issue), "journal_id": journal_id}
        if old is None:
            new_id = conn.execute(
                insert(t).values(**row, created=when, updated=when).returning(t.c.id)
            ).scalar_one()
        else:
            new_id = old[0]
            if old[1] != row["digest"]:
                conn.execute(update(t).where(t.c.id == new_id).values(**row, updated=when))
        ids[(issue.journal_acronym, issue.folder)] = made_id = new_id
        made[made_id] = inputs
    for chunk in _chunks(sorted(made), 500):
        conn.execute(delete(k).where(k.c.issue_id.in_(chunk)))
        conn.execute(insert(k), [{"issue_id": i, "input_digest": made[i]} for i in chunk])
    return ids


# -- articles --------------------------------------------------------------------------------------


def _ident(item: PublishedArticle) -> str:
    """As the store keys an article (its index data read without being kept on it)."""
    return article_key(passing(item)) or f"path:{urls.article_dir(item)}"


def _save_inputs(conn: Connection, records: list[ArticleRecord], ids: dict[str, int]) -> None:
    rows = [{"article_id": ids[r.ident], "input_digest": r.input_digest} for r in records]
    for chunk in _chunks(rows, 500):
        ids_chunk = [r["article_id"] for r in chunk]
        conn.execute(delete(article_inputs).where(article_inputs.c.article_id.in_(ids_chunk)))
        conn.execute(insert(article_inputs), chunk)


def article_record(item: PublishedArticle, collection: Collection) -> ArticleRecord:
    """What the store keeps of one published article (pure: no database needed)."""
    a = item.article
    landing = urls.fulltext(item, a.language or "")
    ident = article_key(a) or f"path:{urls.article_dir(item)}"
    model = article_to_json(a)
    model["source"] = relative_source(item, collection)
    date = a.pub_date
    row = {
        "ident": ident, "pid": a.pid, "pid_v3": a.pid_v3, "doi": a.doi.lower() if a.doi else None,
        "journal_acronym": item.source.journal.acronym, "issue_label": item.source.issue.label,
        "year": date.year if date else item.source.issue.year, "article_type": a.article_type,
        "language": a.language, "languages": list(a.languages), "section": a.section,
        "volume": a.volume or item.source.issue.volume,
        "issue_number": a.issue or item.source.issue.number,
        "supplement": a.supplement or item.source.issue.supplement, "fpage": a.fpage,
        "lpage": a.lpage, "elocation_id": a.elocation_id, "toc_order": a.order,
        "pub_date": date.iso() if date else None,
        "pub_date_sort": f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}" if date else None,
        "title": a.titles.get(a.language or "") or next(iter(a.titles.values()), None),
        "license": a.license.url if a.license else None, "xml": xml_text(item.tree),
        "lilacs_json": lilacs_json(item, collection), "model_json": model,
        "landing_path": landing, "source_path": model["source"],
    }  # fmt: skip
    children = _children(a)
    references = _references(a)
    search = document(item)
    row["digest"] = _digest([row, children, references])
    issue_key = (item.source.journal.acronym, item.source.issue.folder)
    return ArticleRecord(
        ident, issue_key, row, children, references, search, item.matches, item.cited_by
    )


def lilacs_json(item: PublishedArticle, collection: Collection) -> str | None:
    """The article's LILACS record as one JSON object, or None when the writer cannot make one."""
    from ..errors import ScieloPubError
    from ..lilacs import article_record_bytes, config_from

    source = item.source
    try:
        config = config_from(dict(collection.lilacs), collection.base_url)
        data = article_record_bytes(item.article, "json", "utf-8", journal=source.journal,
                                    issue=source.issue, tree=item.tree, config=config)  # fmt: skip
    except (ScieloPubError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return data.decode("utf-8").strip() or None


def _children(a: Article) -> dict[str, list[dict]]:
    texts = []
    keywords = a.keywords
    for lang in dict.fromkeys([*a.titles, *a.abstracts, *keywords]):
        abstract = a.abstracts.get(lang)
        texts.append({
            "lang": lang, "title": a.titles.get(lang),
            "abstract": abstract.text if abstract else None,
            "abstract_sections": [{"title": x.title, "text": x.text} for x in abstract.sections]
            if abstract else [],
            "keywords": list(keywords.get(lang, ())),
        })  # fmt: skip
    kwds = [
        {"lang": g.lang, "position": n, "keyword": k, "vocabulary": g.vocabulary}
        for n, (g, k) in enumerate((g, k) for g in a.keyword_groups for k in g.keywords)
    ]
    people = [
        {"position": n, "role": c.role, "surname": c.surname, "given_names": c.given_names,
         "collab": c.collab, "display_name": c.display_name, "orcid": c.orcid,
         "corresponding": c.corresponding, "affiliation_ids": list(c.affiliation_ids)}
        for n, c in enumerate(a.contributors)
    ]  # fmt: skip
    affs = [
        {"position": n, "aff_id": f.id, "institution": f.institution,
         "divisions": list(f.divisions), "city": f.city, "state": f.state, "country": f.country,
         "country_code": (f.country_code or "").upper()[:2] or None, "original": f.original}
        for n, f in enumerate(a.affiliations)
    ]  # fmt: skip
    langs = [
        {"lang": lang}
        for lang in dict.fromkeys(a.languages or ((a.language,) if a.language else ()))
    ]
    return {
        "article_texts": texts,
        "article_languages": langs,
        "article_keywords": kwds,
        "contributors": people,
        "affiliations": affs,
    }


def _references(a: Article) -> list[dict]:
    rows, seen = [], set()
    for number, ref in enumerate(a.references, 1):
        ref_id = ref.id or f"#{number}"
        if ref_id in seen:
            ref_id = f"{ref_id}#{number}"
        seen.add(ref_id)
        data = reference_to_json(ref)
        data.pop("id")
        rows.append({**data, "position": number, "ref_id": ref_id})
    return rows


def document(item: PublishedArticle) -> dict:
    """The article's row of ``search_documents``: every searchable field, folded."""
    a, journal = item.article, item.source.journal
    date = a.pub_date

    def text(values: Iterable[str | None]) -> str:
        return fold(" ".join(v for v in values if v))

    return {
        "au": text(c.display_name for c in a.contributors if c.role == "author"),
        "ti": text([*a.titles.values(), *(x.title for x in a.sub_articles)]),
        "ab": text(x.text for x in a.abstracts.values()),
        "kw": text(k for g in a.keyword_groups for k in g.keywords),
        "af": text(
            v
            for f in a.affiliations
            for v in (f.institution, *f.divisions, f.city, f.state, f.country, f.country_code)
        ),
        "journal": text(
            [
                journal.acronym,
                journal.title,
                journal.abbrev_title,
                journal.issn_print,
                journal.issn_electronic,
            ]
        ),  # fmt: skip
        "year": str(date.year if date else item.source.issue.year),
        "type": text([a.article_type]),
        "lang": text(a.languages or [a.language]),
        "ids": text([a.pid, a.pid_v3, a.doi]),
    }


def _write_articles(
    conn: Connection,
    records: list[ArticleRecord],
    journal_ids: dict,
    issue_ids: dict,
    when: datetime,
    report: StoreReport,
    known: dict | None = None,
) -> dict[str, int]:
    """Insert new articles, rewrite changed ones, restore withdrawn ones; ``ident -> id``
    (``known``: ``_known_articles`` read once for every batch)."""
    t = s.articles
    known = _known_articles(conn) if known is None else known
    ids: dict[str, int] = {}
    for rec in records:
        row = dict(rec.row)
        row["journal_id"] = journal_ids[row["journal_acronym"]]
        row["issue_id"] = issue_ids[rec.issue_key]
        old = known.get(rec.ident)
        if old is None:
            values = {**row, "created": when, "updated": when, "deleted": False}
            ids[rec.ident] = conn.execute(insert(t).values(**values).returning(t.c.id)).scalar_one()
            _insert_children(conn, ids[rec.ident], rec)
            report.added += 1
            continue
        ids[rec.ident] = old.id
        if old.digest != row["digest"]:
            conn.execute(update(t).where(t.c.id == old.id).values(
                **row, updated=when, deleted=False, deleted_at=None))  # fmt: skip
            _delete_children(conn, [old.id])
            _insert_children(conn, old.id, rec)
            report.changed += 1
        elif old.deleted:
            conn.execute(update(t).where(t.c.id == old.id).values(
                updated=when, deleted=False, deleted_at=None))  # fmt: skip
            conn.execute(delete(search_documents).where(search_documents.c.article_id == old.id))
            conn.execute(insert(search_documents).values(**rec.search, article_id=old.id))
            report.restored += 1
        else:
            report.unchanged += 1
    return ids


def _known_articles(conn: Connection, idents: list[str] | None = None) -> dict:
    """``ident -> (id, ident, digest, deleted)`` of the stored articles ``idents`` names (default:
    every one), live or withdrawn."""
    t = s.articles
    query = select(t.c.id, t.c.ident, t.c.digest, t.c.deleted)
    if idents is None:
        return {r.ident: r for r in conn.execute(query)}
    out = {}
    for chunk in _chunks(sorted(set(idents)), 500):
        out.update({r.ident: r for r in conn.execute(query.where(t.c.ident.in_(chunk)))})
    return out


def _delete_children(conn: Connection, article_ids: list[int]) -> None:
    refs = s.article_references
    ref_ids = select(refs.c.id).where(refs.c.article_id.in_(article_ids))
    conn.execute(delete(s.reference_matches).where(s.reference_matches.c.reference_id.in_(ref_ids)))
    conn.execute(delete(refs).where(refs.c.article_id.in_(article_ids)))
    for table in _CHILDREN:
        conn.execute(delete(table).where(table.c.article_id.in_(article_ids)))


def _insert_children(conn: Connection, article_id: int, rec: ArticleRecord) -> None:
    for name, rows in rec.children.items():
        if rows:
            conn.execute(
                insert(s.metadata.tables[name]), [{**r, "article_id": article_id} for r in rows]
            )
    if rec.references:
        conn.execute(
            insert(s.article_references), [{**r, "article_id": article_id} for r in rec.references]
        )
    conn.execute(insert(search_documents).values(**rec.search, article_id=article_id))


def _mark_deleted(
    conn: Connection, gone: list[int], when: datetime, report: StoreReport
) -> list[int]:
    """The articles ``gone`` (of the store, not published by this build) become deleted records
    (not searched); their ids."""
    t = s.articles
    for chunk in _chunks(gone, 500):
        conn.execute(
            update(t).where(t.c.id.in_(chunk)).values(deleted=True, deleted_at=when, updated=when)
        )
        # Search finds live articles only: the index row goes, the article's record stays.
        conn.execute(delete(search_documents).where(search_documents.c.article_id.in_(chunk)))
    report.deleted += len(gone)
    return gone


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
