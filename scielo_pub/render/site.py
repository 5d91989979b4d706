"""Site content in, an HTML site on disk out (the *outputs* stage; first, plain version)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..collection import PublishedArticle, SiteContent


@dataclass(frozen=True)
class WriteReport:
    written: tuple[Path, ...]


def environment() -> Environment:
    return Environment(
        loader=PackageLoader("scielo_pub.render", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def article_url(item: PublishedArticle) -> str:
    src = item.source
    return f"j/{src.journal.acronym}/{src.issue.folder}/{src.path.stem}.html"


def write_site(content: SiteContent, out: Path, *, jobs: int = 1) -> WriteReport:
    """Write collection index, journal pages, issue TOCs and one page per article."""
    env = environment()
    written: list[Path] = []
    ctx = {"collection": content.collection, "content": content, "article_url": article_url}
    written.append(_write(out / "index.html", env.get_template("collection.html").render(ctx)))
    for journal in content.journals:
        issues = content.journal_issues(journal)
        page = env.get_template("journal.html").render(ctx, journal=journal, issues=issues)
        written.append(_write(out / "j" / journal.acronym / "index.html", page))
    for issue in content.issues:
        items = content.issue_articles(issue)
        page = env.get_template("issue.html").render(ctx, issue=issue, items=items)
        written.append(
            _write(out / "j" / issue.journal_acronym / issue.folder / "index.html", page)
        )
    for item in content.articles:
        page = env.get_template("article.html").render(ctx, item=item, a=item.article)
        written.append(_write(out / article_url(item), page))
    return WriteReport(tuple(written))


def _write(path: Path, text: str) -> Path:
    """Write atomically: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return path
