"""Article files in, a one-issue SiteContent out: render articles on their own (editor preview, tests).

When an article sits in a collection folder (``issue.toml`` beside it, ``journal.toml`` two levels up)
those records are used; otherwise the journal and issue are taken from the article's own metadata.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..collection import (
    ArticleSource,
    PublishedArticle,
    SiteContent,
    _issue_factory,
    _journal_from,
    _parse_toml,
)
from ..errors import Diagnostic, ScieloPubError
from ..markup.readers import ReadOptions
from ..model import Article, Collection, Issue, Journal, article_from_tree


@dataclass(frozen=True)
class Loaded:
    content: SiteContent
    diagnostics: tuple[Diagnostic, ...]


def load_articles(
    paths: list[Path], options: ReadOptions | None = None, *, refuse_errors: bool = False
) -> Loaded:
    """Read, check and model ``paths`` (``publish.process``, as the build does); unreadable
    articles, and with ``refuse_errors`` (the ``render`` command) those the build would refuse,
    become diagnostics and are left out."""
    diagnostics: list[Diagnostic] = []
    published: list[PublishedArticle] = []
    journals: dict[str, Journal] = {}
    issues: dict[tuple[str, str], Issue] = {}
    for path in paths:
        item = _load_one(Path(path), options or ReadOptions(), diagnostics, refuse_errors)
        if item is None:
            continue
        journals.setdefault(item.source.journal.acronym, item.source.journal)
        issues.setdefault(
            (item.source.journal.acronym, item.source.issue.folder), item.source.issue
        )
        published.append(item)
    collection = Collection(
        acronym="preview", name={"pt": "Pré-visualização", "es": "Vista previa", "en": "Preview"}
    )
    content = SiteContent(
        collection, tuple(journals.values()), tuple(issues.values()), tuple(published)
    )
    return Loaded(content, tuple(diagnostics))


def _load_one(
    path: Path, options: ReadOptions, diagnostics: list[Diagnostic], refuse_errors: bool
) -> PublishedArticle | None:
    from ..publish import command_config, process

    dtd = options.dtd if isinstance(options.dtd, str) else None
    config = command_config(path, dtd=dtd, catalog=options.catalog, encoding=options.encoding)
    result = process(path, config)
    diagnostics.extend(result.diagnostics)
    if result.tree is None or result.tree.getroot().tag != "article":
        return None
    if refuse_errors and not result.ok:
        return None
    article = result.article or article_from_tree(result.tree, path=str(path))
    journal, issue = _records(path, article)
    digest = hashlib.sha256(result.data).hexdigest()
    return PublishedArticle(article, result.tree, ArticleSource(path, journal, issue), digest)


def _records(path: Path, article: Article) -> tuple[Journal, Issue]:
    journal = _journal_from_folder(path) or _journal_from_article(article)
    issue = _issue_from_folder(path, journal) or _issue_from_article(path, article, journal)
    return journal, issue


def _journal_from_folder(path: Path) -> Journal | None:
    toml = path.parent.parent.parent / "journal.toml"
    if not toml.is_file():
        return None
    try:
        return _journal_from(_parse_toml(toml), toml.parent)
    except (ScieloPubError, KeyError, TypeError, ValueError):
        return None


def _issue_from_folder(path: Path, journal: Journal) -> Issue | None:
    toml = path.parent / "issue.toml"
    if not toml.is_file():
        return None
    try:
        return _issue_factory(journal, path.parent)(_parse_toml(toml))
    except (ScieloPubError, KeyError, TypeError, ValueError):
        return None


def _journal_from_article(article: Article) -> Journal:
    acronym = article.journal_acronym or _slug(
        article.journal_abbrev_title or article.journal_title or "journal"
    )
    return Journal(
        acronym=_slug(acronym),
        title=article.journal_title or acronym,
        abbrev_title=article.journal_abbrev_title,
        issn_print=article.issn_print,
        issn_electronic=article.issn_electronic,
        publisher=article.publisher,
        languages=article.languages,
    )


def _issue_from_article(path: Path, article: Article, journal: Journal) -> Issue:
    date = article.pub_date
    parts = [
        f"v{article.volume}" if article.volume else "",
        f"n{article.issue}" if article.issue else "",
    ]
    folder = _slug("".join(parts) or (str(date.year) if date else "issue"))
    return Issue(
        journal_acronym=journal.acronym,
        folder=folder,
        year=date.year if date else 0,
        volume=article.volume,
        number=article.issue,
        supplement=article.supplement,
        path=path.parent,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "x"
