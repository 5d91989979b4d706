"""A canonical tree and its Article in, rule diagnostics out: the publication-rule catalogue.

Rules live in topic modules (``meta``, ``contrib``, ``dates``, ``xrefs``, ``abstracts``,
``objects``, ``refs``, ``text``) and register themselves with ``@rule``. A journal can raise, lower
or turn off any rule (``[rules]`` in journal.toml: ``"rule-id" = "error"|"warning"|"info"|"off"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from html import escape as _html_escape

from lxml import etree

from ...errors import Diagnostic, Severity
from ...model import Article
from . import abstracts, contrib, dates, meta, objects, refs, text, xrefs  # noqa: F401
from .registry import LANGUAGES, RULES, Finding, Rule, RuleContext, rule

__all__ = [
    "LANGUAGES",
    "RULES",
    "Finding",
    "Rule",
    "RuleContext",
    "apply_to_checks",
    "check_overrides",
    "rule",
    "run_rules",
]

SEVERITY_WORDS = {"error", "warning", "info", "off"}


def check_overrides(overrides: Mapping[str, str], *, path: str) -> list[Diagnostic]:
    """Diagnostics for ``[rules]`` entries that name no rule or no severity."""
    out = []
    for rule_id, value in overrides.items():
        if rule_id not in RULES and "." not in rule_id:
            out.append(_config(path, f"journal.toml [rules] names unknown rule '{rule_id}'"))
        elif str(value).strip().lower() not in SEVERITY_WORDS:
            out.append(
                _config(path, f"journal.toml [rules] gives '{rule_id}' the unknown level '{value}'")
            )
    return out


def _config(path: str, message: str) -> Diagnostic:
    return Diagnostic(
        path, 1, 1, Severity.WARNING, message, "config.rules", "rule",
        "Use a rule id from docs/VALIDATION.md and one of error, warning, info, off.",
    )  # fmt: skip


def apply_to_checks(
    diagnostics: list[Diagnostic], overrides: Mapping[str, str]
) -> list[Diagnostic]:
    """Journal overrides for check codes that are not rules (``dtd.unresolved``, ``package.*``)."""
    if not overrides:
        return diagnostics
    out = []
    for diag in diagnostics:
        value = str(overrides.get(diag.code, "")).strip().lower()
        if diag.kind == "rule" or value not in SEVERITY_WORDS:
            out.append(diag)
        elif value != "off":
            out.append(replace(diag, severity=Severity.parse(value)))
    return out


def severity_for(rule_obj: Rule, overrides: Mapping[str, str]) -> Severity | None:
    """The rule's severity after the journal's override; ``None`` when turned off."""
    value = str(overrides.get(rule_obj.id, "")).strip().lower()
    if value == "off":
        return None
    if value in ("error", "warning", "info"):
        return Severity.parse(value)
    return rule_obj.severity


def run_rules(
    tree: etree._ElementTree,
    article: Article,
    *,
    path: str,
    locator,
    lang: str = "en",
    overrides: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Run every rule that is not turned off; messages and advice in ``lang``."""
    ctx = RuleContext(tree, article, path)
    out: list[Diagnostic] = []
    for rule_obj in RULES.values():
        severity = severity_for(rule_obj, overrides or {})
        if severity is None:
            continue
        try:
            findings = list(rule_obj.check(ctx))
        except Exception as exc:  # a broken rule must not stop the others
            out.append(_crashed(path, rule_obj, exc))
            continue
        for finding in findings:
            out.append(_diagnostic(rule_obj, finding, severity, path, locator, lang))
    return out


def _diagnostic(rule_obj, finding: Finding, severity, path, locator, lang) -> Diagnostic:
    message, advice = rule_obj.text(lang, finding)
    line, column = _position(finding, locator)
    return Diagnostic(path, line, column, severity, message, rule_obj.id, "rule", advice)


def _position(finding: Finding, locator) -> tuple[int, int]:
    el = finding.element
    if finding.line is not None:
        value = _html_escape(str(finding.params.get("value", "")), quote=False)
        found = locator.line_text(finding.line).find(value) if value else -1
        return finding.line, found + 1 if found >= 0 else 1
    if el is None or not el.sourceline:
        return 1, 1
    return locator.position(el)


def _crashed(path: str, rule_obj: Rule, exc: Exception) -> Diagnostic:
    return Diagnostic(
        path, 1, 1, Severity.WARNING,
        f"rule {rule_obj.id} could not run on this article ({type(exc).__name__}: {exc})",
        "rule.crashed", "rule", "Report this to the scielo-pub developers with the article.",
    )  # fmt: skip
