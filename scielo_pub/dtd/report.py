"""A ValidationReport in, the text and JSON reports out (the HTML one is in ``report_html``).

Text: ``path:line:col: severity: message [code]`` grouped per article, advice indented below each
problem, then a summary. JSON: the stable document described in docs/VALIDATION.md
(``schema = "scielo-pub/validation/1"``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import Diagnostic, Severity
from .validate import ValidationReport, ValidationResult

SCHEMA = "scielo-pub/validation/1"


@dataclass(frozen=True)
class Group:
    """The problems of one file (an article, or a package-level file such as an image)."""

    path: str
    result: ValidationResult | None
    diagnostics: tuple[Diagnostic, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)


def groups(report: ValidationReport) -> list[Group]:
    """One group per article (package problems about it included), then one per other file."""
    extra: dict[str, list[Diagnostic]] = {}
    for diag in report.diagnostics:
        extra.setdefault(diag.path, []).append(diag)
    out = []
    for result in report.results:
        diags = list(result.diagnostics) + extra.pop(result.path, [])
        diags.sort(key=lambda d: (d.line, d.column))
        out.append(Group(result.path, result, tuple(diags)))
    out += [Group(path, None, tuple(diags)) for path, diags in extra.items()]
    return out


def totals(report: ValidationReport) -> dict[str, int]:
    every = report.all_diagnostics
    return {
        "articles": len(report.results),
        "errors": sum(1 for d in every if d.is_error),
        "warnings": sum(1 for d in every if d.severity == Severity.WARNING),
        "info": sum(1 for d in every if d.severity == Severity.INFO),
    }


def to_text(report: ValidationReport, *, advice: bool = True) -> str:
    """The compiler-style text report."""
    lines: list[str] = []
    for group in groups(report):
        lines.append(
            f"== {group.path}: {group.errors} errors, {group.count(Severity.WARNING)} warnings, "
            f"{group.count(Severity.INFO)} info"
        )
        for diag in group.diagnostics:
            lines.append(diag.format())
            if advice and diag.advice:
                lines.append(f"    advice: {diag.advice}")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _summary(report: ValidationReport) -> str:
    t = totals(report)
    failing = [g.path for g in groups(report) if g.result is not None and g.errors]
    text = (
        f"checked {t['articles']} articles: {t['errors']} errors, {t['warnings']} warnings, "
        f"{t['info']} info; {len(failing)} articles have errors and would not be published"
    )
    if report.unreadable:
        text += "; some input could not be read at all"
    return text


def to_json_data(report: ValidationReport) -> dict:
    """The JSON report as Python data (see docs/VALIDATION.md for the schema)."""
    t = totals(report)
    articles, others = [], []
    for group in groups(report):
        problems = [diag.to_json() for diag in group.diagnostics]
        if group.result is None:
            others.append({"file": group.path, "problems": problems})
            continue
        articles.append(
            {
                "file": group.path,
                "ok": group.result.tree is not None and group.errors == 0,
                "structure_checked": group.result.structure_checked,
                "errors": group.errors,
                "warnings": group.count(Severity.WARNING),
                "info": group.count(Severity.INFO),
                "problems": problems,
            }
        )
    return {
        "schema": SCHEMA,
        "summary": {
            **t,
            "articles_with_errors": [a["file"] for a in articles if a["errors"]],
            "unreadable_input": report.unreadable,
            "exit_status": report.exit_code,
        },
        "articles": articles,
        "files": others,
    }


def to_json(report: ValidationReport) -> str:
    return json.dumps(to_json_data(report), ensure_ascii=False, indent=2) + "\n"
