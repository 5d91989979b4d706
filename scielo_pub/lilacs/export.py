"""Articles (with journal, issue and tree) in, LILACS records with their quality findings out.

A record that breaks a LILACS rule is still exported: ``LILACSEXPRESS`` is added to v4 (as FI-Admin does
for records in process) and every reason becomes a diagnostic, so nothing is dropped silently.
Optional extras: one serial-level (``S``) record per issue, and the cited references as their own records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import Diagnostic, Severity
from ..model import Article, Issue, Journal
from .config import LilacsConfig
from .coverage import missing_fields, reference_notes
from .isis import IsisRecord
from .mapping import (
    ArticleContext,
    article_record,
    date_fields,
    issue_number,
    license_text,
    serial_fields,
)
from .references import reference_records
from .rules import Finding, check_record

EXPRESS = "LILACSEXPRESS"


@dataclass(frozen=True, slots=True)
class ArticleExport:
    """The analytic record of one article, why it is LILACS-Express (if it is), and its citation records."""

    context: ArticleContext
    record: IsisRecord
    findings: tuple[Finding, ...] = ()
    references: tuple[IsisRecord, ...] = ()
    #: Why some citation records carry only the printed reference.
    reference_notes: tuple[str, ...] = ()

    @property
    def express(self) -> bool:
        return bool(self.findings)

    def diagnostics(self) -> list[Diagnostic]:
        """One warning per finding, positioned at the article's source file."""
        path = self.context.article.source_path or self.record.first(2)
        return [
            Diagnostic(path, 0, 0, Severity.WARNING,
                       f"LILACS record {self.record.first(2)} exported as LILACS-Express: {f.message}",
                       f"lilacs-rule-{f.rule}", kind="rule",
                       advice="Fix the article's markup, or let a LILACS centre complete the record.")
            for f in self.findings
        ] + [
            Diagnostic(path, 0, 0, Severity.INFO, note, "lilacs-reference-fields", kind="rule")
            for note in self.reference_notes
        ]  # fmt: skip


def export_article(
    ctx: ArticleContext, config: LilacsConfig, *, with_references: bool = False
) -> ArticleExport:
    """Map, check and (if needed) flag one article."""
    record = article_record(ctx, config)
    missing = missing_fields(ctx, record)
    explained = {f.tag for f in missing} | ({10} if any(f.tag == 10 for f in missing) else set())
    checked = [
        f
        for f in check_record(record, require_decs=config.require_decs)
        if not (f.rule in ("mandatory", "1") and f.tag in explained)
    ]
    findings = tuple(missing + checked)
    if findings and EXPRESS not in record.values(4):
        record = _add_database(record, EXPRESS)
    refs = tuple(reference_records(ctx)) if with_references else ()
    notes = tuple(note for _ref, note in reference_notes(ctx)) if with_references else ()
    return ArticleExport(ctx, record, findings, refs, notes)


def _add_database(record: IsisRecord, code: str) -> IsisRecord:
    fields = list(record.fields)
    last = max((i for i, (tag, _) in enumerate(fields) if tag == 4), default=1)
    fields.insert(last + 1, (4, code))
    return IsisRecord(tuple(fields), record.status)


def serial_record(ctx: ArticleContext, config: LilacsConfig) -> IsisRecord:
    """The serial-level (``S``, source) record of the article's issue: journal, volume, issue, ISSN, dates."""
    a, issue = ctx.article, ctx.issue
    journal = ctx.journal.acronym if ctx.journal else (a.journal_acronym or "")
    folder = (
        issue.folder
        if issue
        else "".join(f"{k}{v}" for k, v in (("v", a.volume), ("n", a.issue)) if v)
    )
    fields = [
        (1, config.center),
        (2, f"{journal}-{folder}".strip("-")),
        *[(4, d) for d in config.databases],
    ]
    fields += [(5, "S"), (9, "a")]
    fields += serial_fields(ctx)
    if issue is not None and issue.number is not None:
        fields = [
            (t, issue_number(issue.number, issue.supplement or None) if t == 32 else v)
            for t, v in fields
        ]
    fields += date_fields(ctx) + [(110, "s"), (113, "p"), (540, license_text(ctx))]
    return IsisRecord(tuple((t, v) for t, v in fields if v))


@dataclass(slots=True)
class Export:
    """Records of a whole export, in file order, and what to tell the user."""

    records: list[IsisRecord] = field(default_factory=list)
    articles: list[ArticleExport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def export_articles(
    contexts: Iterable[ArticleContext],
    config: LilacsConfig,
    *,
    with_references: bool = False,
    with_serials: bool = False,
) -> Export:
    """Records for many articles; a serial record precedes the first article of each issue if asked."""
    out = Export()
    seen: set[str] = set()
    for ctx in contexts:
        item = export_article(ctx, config, with_references=with_references)
        if with_serials:
            serial = serial_record(ctx, config)
            if serial.first(2) not in seen:
                seen.add(serial.first(2))
                out.records.append(serial)
        out.records.append(item.record)
        out.records.extend(item.references)
        out.articles.append(item)
        out.diagnostics.extend(item.diagnostics())
    return out


def context_for(article: Article, journal: Journal | None = None, issue: Issue | None = None,
                tree=None) -> ArticleContext:  # fmt: skip
    """An ArticleContext, for callers that hold the parts."""
    return ArticleContext.of(article, journal, issue, tree)
