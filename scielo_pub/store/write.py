"""A built collection (``SiteContent``) in, the collection store brought up to date out (the *store* stage).

Upserts keyed by stable identities (journal acronym, journal + issue folder, article ``ident``). An
article's ``updated`` stamp moves only when the digest of what the store shows of it changes (its XML,
LILACS record, metadata and landing page); an article missing from this build is marked ``deleted``
(never dropped) and one that comes back is restored, both with the build's stamp. An article whose
input digest is the stored one is not turned into rows again (nor is its model read): the live
articles' ids, identifiers, input digests and link digests are read in one query. Reference
matches and the citation graph are written per article: an article's matches when their digest
(``citations.link_state``) differs from the stored one or its rows were rewritten, the citations of
an article when its cited-by list's digest differs; compared, made and written 500 articles at a
time, the entries of the links' views read without being kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from lxml import etree
from sqlalchemy import Connection, Engine, delete, insert, select, update

from ..citations.collection_links import article_key
from ..citations.normalise import fold
from ..collection import PublishedArticle, SiteContent
from ..errors import Diagnostic, Severity
from ..index_data import passing
from ..model import Article, Collection, Issue, Journal
from ..model.export import article_to_json, reference_to_json
from ..render import urls
from . import schema as s
from .rebuild_schema import article_inputs, article_links
from .search import search_documents

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
    with engine.begin() as conn:
        _write_collection(conn, content.collection, when)
        journal_ids = _write_journals(conn, content.journals, when)
        issue_ids = _write_issues(conn, content.issues, journal_ids, when)
        stored = _Stored.read(conn)
        reused, todo, links = _records(content, report, stored.inputs, digests)
        ids: dict[str, int] = {}
        for batch in _chunks(todo, _BATCH):  # records made and written a batch at a time
            records = [
                dataclasses.replace(article_record(item, content.collection), input_digest=digest)
                for item, digest in batch
            ]
            known = _known_articles(conn, [r.ident for r in records])
            done = _write_articles(conn, records, journal_ids, issue_ids, when, report, known)
            _save_inputs(conn, records, done)
            ids.update(done)
        rewritten = set(ids.values())
        ids.update(reused)
        report.unchanged += len(reused)
        gone = _mark_deleted(conn, set(ids.values()), when, report, stored.live)
        _write_links(conn, links, ids, rewritten, gone, stored.links)
    return report


@dataclass
class _Stored:
    """What the store recorded of its live articles, read in one query: ``input digest -> (id,
    ident)``, every live id, and ``id -> (matches digest, cited-by digest)``."""

    inputs: dict[str, tuple[int, str]]
    live: list[int]
    links: dict[int, tuple[str, str]]

    @classmethod
    def read(cls, conn: Connection) -> _Stored:
        a, i, k = s.articles, article_inputs, article_links
        rows = conn.execute(
            select(a.c.id, a.c.ident, i.c.input_digest, k.c.matches_digest, k.c.cited_digest)
            .select_from(
                a.outerjoin(i, i.c.article_id == a.c.id).outerjoin(k, k.c.article_id == a.c.id)
            )
            .where(a.c.deleted.is_(False))
        ).all()  # fetched at once: iterating a result fetches its rows one by one
        inputs, live, links = {}, [], {}
        for id_, ident, digest, matches, cited in rows:
            live.append(id_)
            if digest is not None:
                inputs[digest] = (id_, ident)
            if matches is not None:
                links[id_] = (matches, cited)
        return cls(inputs, live, links)


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


def _write_issues(conn: Connection, issues: Iterable[Issue], journal_ids: dict, when: datetime):
    t = s.issues
    known = {
        (r.journal_id, r.folder): r
        for r in conn.execute(select(t.c.id, t.c.journal_id, t.c.folder, t.c.digest))
    }
    ids: dict[tuple[str, str], int] = {}
    for issue in issues:
        journal_id = journal_ids[issue.journal_acronym]
        row = {**issue_row(issue), "journal_id": journal_id}
        old = known.get((journal_id, issue.folder))
        if old is None:
            new_id = conn.execute(
                insert(t).values(**row, created=when, updated=when).returning(t.c.id)
            ).scalar_one()
        else:
            new_id = old.id
            if old.digest != row["digest"]:
                conn.execute(update(t).where(t.c.id == old.id).values(**row, updated=when))
        ids[(issue.journal_acronym, issue.folder)] = new_id
    return ids


# -- articles --------------------------------------------------------------------------------------


def _records(
    content: SiteContent,
    report: StoreReport,
    known: dict[str, tuple[int, str]],
    digests: InputDigests,
) -> tuple[dict[str, int], list[tuple[PublishedArticle, str]], list[tuple[str, PublishedArticle]]]:
    """Articles whose inputs are as stored (``ident -> id``; their models are not read), the others
    with their input digest (their records are made a batch at a time), and every article with its
    identifier; an identifier met twice is reported and its second article left out."""
    reused: dict[str, int] = {}
    todo: list[tuple[PublishedArticle, str]] = []
    links: list[tuple[str, PublishedArticle]] = []
    seen: dict[str, str] = {}
    for item in content.articles:
        digest = digests.of(item)
        hit = known.get(digest)
        ident = hit[1] if hit is not None else _ident(item)
        if ident in seen:
            report.diagnostics.append(_duplicate(item, ident, seen[ident]))
            continue
        seen[ident] = str(item.source.path)
        links.append((ident, item))
        if hit is not None:
            reused[ident] = hit[0]
            continue
        todo.append((item, digest))
    return reused, todo, links


def _ident(item: PublishedArticle) -> str:
    """As the store keys an article (its index data read without being kept on it)."""
    return article_key(passing(item)) or f"path:{urls.article_dir(item)}"


def _duplicate(item: PublishedArticle, ident: str, first: str) -> Diagnostic:
    return Diagnostic(
        str(item.source.path), 1, 1, Severity.ERROR,
        f"{ident} is also the identifier of {first}; only the first is kept in the store",
        "store.duplicate", "package",
        "Give each article its own PID (article-id[@specific-use='scielo-v2']).",
    )  # fmt: skip


def input_digest(item: PublishedArticle, collection: Collection) -> str:
    """A digest of everything an article's rows are made from (not its links, written apart)."""
    return InputDigests(collection).of(item)


class InputDigests:
    """Input digests of one collection's articles (:func:`input_digest`), the parts articles share
    (collection settings, journal and issue settings, code) made once: a journal's record is
    ``repr``-ed once, not once per issue; each article's digest is made once per build (kept by
    its ``ArticleSource``, which the stages' copies of the article share, and its content digest)
    and read by the links, usage and store stages alike."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.settings = repr(_without_path(collection))
        root = collection.path
        self.prefix = str(root) + os.sep if root is not None else None
        #: ``id(journal) -> (journal, its repr without its path)``
        self._journals: dict[int, tuple[object, str]] = {}
        #: ``(id(journal), id(issue)) -> (journal, issue, digest of both, settings and code)``
        self._shared: dict[tuple[int, int], tuple[object, object, str]] = {}
        #: ``id(source) -> [source, relative path, content digest, input digest]`` of the articles
        #: met so far (``_held``).
        self._made: dict[int, list] = {}

    def _context(self, journal: object, issue: object) -> str:
        hit = self._shared.get((id(journal), id(issue)))
        if hit is None or hit[0] is not journal or hit[1] is not issue:
            known = self._journals.get(id(journal))
            if known is None or known[0] is not journal:
                known = self._journals[id(journal)] = (journal, repr(_without_path(journal)))
            parts = (known[1], repr(_without_path(issue)), self.settings, _code())
            digest = hashlib.sha256(repr(parts).encode()).hexdigest()
            hit = self._shared[(id(journal), id(issue))] = (journal, issue, digest)
        return hit[2]

    def source(self, item: PublishedArticle) -> str:
        """The article's source path, relative to the collection (``/``-separated)."""
        return self._held(item)[1]

    def _held(self, item: PublishedArticle) -> list:
        """``[source, relative path, content digest, input digest]`` of the article's source (the
        digests None until made)."""
        src = item.source
        hit = self._made.get(id(src))
        if hit is None or hit[0] is not src:
            text = str(src.path)
            if self.prefix is not None and text.startswith(self.prefix) and ".." not in text:
                rel = text[len(self.prefix) :].replace(os.sep, "/")
            else:
                rel = _relative_source(item, self.collection)
            hit = self._made[id(src)] = [src, rel, None, None]
        return hit

    def of(self, item: PublishedArticle) -> str:
        digest = item.digest
        hit = self._held(item)
        if digest and hit[2] == digest:
            return hit[3]
        own = digest or hashlib.sha256(_xml(item.tree).encode()).hexdigest()
        context = self._context(item.source.journal, item.source.issue)
        made = hashlib.sha256(f"{own}\0{context}\0{hit[1]}".encode()).hexdigest()
        if digest:
            hit[2], hit[3] = digest, made
        return made


def _without_path(value: object) -> object:
    return dataclasses.replace(value, path=None) if hasattr(value, "path") else value  # type: ignore[type-var]


@lru_cache(maxsize=1)
def _code() -> str:
    """A digest of scielo-pub's code: a new release rewrites every article's rows."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def known_inputs(conn: Connection) -> dict[str, tuple[int, str]]:
    """``input digest -> (id, ident)`` of the live articles, in one query."""
    a, i = s.articles, article_inputs
    rows = conn.execute(
        select(a.c.ident, a.c.id, i.c.input_digest)
        .join(i, i.c.article_id == a.c.id)
        .where(a.c.deleted.is_(False))
    )
    return {digest: (id_, ident) for ident, id_, digest in rows}


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
    model["source"] = _relative_source(item, collection)
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
        "license": a.license.url if a.license else None, "xml": _xml(item.tree),
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


def _relative_source(item: PublishedArticle, collection: Collection) -> str:
    path = item.source.path
    if collection.path is not None:
        try:
            return path.resolve().relative_to(collection.path.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _xml(tree) -> str:
    if not isinstance(tree, etree._ElementTree):
        tree = etree.ElementTree(tree)
    return etree.tostring(tree, encoding="unicode")


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
    conn: Connection,
    present: set[int],
    when: datetime,
    report: StoreReport,
    live: list[int] | None = None,
) -> list[int]:
    """Articles of the store that this build did not publish become deleted records (not
    searched); their ids (``live``: the live articles' ids, when read already)."""
    t = s.articles
    if live is None:
        live = conn.execute(select(t.c.id).where(t.c.deleted.is_(False))).scalars().all()
    gone = [i for i in live if i not in present]
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


#: Articles whose links are compared, and whose match and citation rows are made and written,
#: together (the rows of the whole collection are never held at once).
_LINKS_BATCH = 500


def _write_links(
    conn: Connection,
    articles: list[tuple[str, PublishedArticle]],
    ids: dict[str, int],
    rewritten: set[int],
    gone: list[int],
    known: dict[int, tuple[str, str]] | None = None,
) -> None:
    """Bring the reference matches and the citation graph up to date: an article's matches are
    written again when their digest changed or its rows were (its references are new rows), the
    citations of a cited article when its cited-by list's digest changed; the links of articles
    withdrawn now go. The recorded digests are read in one query; the articles are compared, and
    their rows made and written, ``_LINKS_BATCH`` at a time (the links of an unchanged article
    are neither read nor made; ``known``: the recorded digests, when read already)."""
    t = article_links.c
    if known is None:
        known = dict(
            (r[0], (r[1], r[2]))
            for r in conn.execute(select(t.article_id, t.matches_digest, t.cited_digest))
        )
    _drop_links(conn, gone, [], [])
    for batch in _chunks(articles, _LINKS_BATCH):
        matched, cited, states = _changed_links(batch, ids, known, rewritten)
        if states:
            _drop_links(conn, [], [i for i, _ in matched], [i for i, _ in cited])
            _insert_matches(conn, matched, ids)
            _insert_citations(conn, cited, ids)
            conn.execute(insert(article_links), states)


def _changed_links(
    batch: list[tuple[str, PublishedArticle]],
    ids: dict[str, int],
    known: dict[int, tuple[str, str]],
    rewritten: set[int],
) -> tuple[list[tuple[int, object]], list[tuple[int, object]], list[dict]]:
    """Of ``batch``, the articles whose match rows (``(id, matches)``) and whose citations
    (``(id, cited-by)``) are written again, and their new link digests."""
    from ..citations.link_state import cited_by_digest, matches_digest

    matched, cited, states = [], [], []
    for ident, item in batch:
        article_id = ids[ident]
        m = getattr(item.matches, "digest", None) or matches_digest(item.matches)
        c = getattr(item.cited_by, "digest", None) or cited_by_digest(item.cited_by)
        old = known.get(article_id)
        if old == (m, c) and article_id not in rewritten:
            continue
        if old is None or old[0] != m or article_id in rewritten:
            matched.append((article_id, item.matches))
        if old is None or old[1] != c:
            cited.append((article_id, item.cited_by))
        states.append({"article_id": article_id, "matches_digest": m, "cited_digest": c})
    return matched, cited, states


def _insert_citations(
    conn: Connection, articles: list[tuple[int, object]], ids: dict[str, int]
) -> None:
    """The ``citations`` rows citing ``articles`` (``(id, cited-by list)``; a list held by a
    view is read from the index, not kept)."""
    from ..citations.link_state import entries

    graph = {}
    for article_id, cited_by in articles:
        for entry in entries(cited_by):
            citing = ids.get(entry.citing_pid)
            if citing is not None:
                key = (citing, entry.ref_id, article_id)
                graph[key] = {"citing_article_id": citing, "ref_id": entry.ref_id,
                              "cited_article_id": article_id, "score": entry.score}  # fmt: skip
    for chunk in _chunks(list(graph.values()), 1000):
        conn.execute(insert(s.citations), chunk)


def _drop_links(conn: Connection, gone: list[int], matched: list[int], cited: list[int]) -> None:
    """Delete the match rows of ``matched`` and withdrawn articles, the citations of ``cited`` and
    withdrawn articles (citing or cited), and their link digests; matches of withdrawn articles
    no longer point at them (as a store written afresh has them)."""
    refs, g, t = s.article_references, s.citations, article_links
    for chunk in _chunks(sorted({*gone, *matched}), 500):
        ref_ids = select(refs.c.id).where(refs.c.article_id.in_(chunk))
        conn.execute(
            delete(s.reference_matches).where(s.reference_matches.c.reference_id.in_(ref_ids))
        )
    for chunk in _chunks(sorted({*gone, *cited}), 500):
        conn.execute(delete(g).where(g.c.cited_article_id.in_(chunk)))
    for chunk in _chunks(gone, 500):
        conn.execute(delete(g).where(g.c.citing_article_id.in_(chunk)))
        matched_gone = s.reference_matches.c.target_article_id.in_(chunk)
        conn.execute(update(s.reference_matches).where(matched_gone).values(target_article_id=None))
    for chunk in _chunks(sorted({*gone, *matched, *cited}), 500):
        conn.execute(delete(t).where(t.c.article_id.in_(chunk)))


def _insert_matches(
    conn: Connection, articles: list[tuple[int, object]], ids: dict[str, int]
) -> None:
    """The ``reference_matches`` rows of ``articles`` (``(id, matches)``; matches held by a view
    are read from the index, not kept)."""
    from ..citations.link_state import entries

    refs = s.article_references
    rows = []
    for chunk in _chunks(articles, 500):
        ref_ids = {
            (r.article_id, r.ref_id): r.id
            for r in conn.execute(
                select(refs.c.id, refs.c.article_id, refs.c.ref_id).where(
                    refs.c.article_id.in_([i for i, _ in chunk])
                )
            )
        }
        for article_id, matches in chunk:
            for ref_id, found in entries(matches).items():
                reference_id = ref_ids.get((article_id, ref_id))
                if reference_id is None:
                    continue
                for record in {(r.db, r.ext_id): r for r in found}.values():
                    target = ids.get(record.ext_id) if record.db == "scielo" else None
                    rows.append({
                        "reference_id": reference_id, "db": record.db, "ext_id": record.ext_id,
                        "target_article_id": target, "doi": record.doi, "pmid": record.pmid,
                        "title": record.title, "source": record.source, "year": record.year,
                        "url": record.url,
                    })  # fmt: skip
    for chunk in _chunks(rows, 1000):
        conn.execute(insert(s.reference_matches), chunk)
