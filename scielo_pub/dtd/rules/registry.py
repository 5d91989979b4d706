"""Rule definitions in, a registry out: each publication rule has an id, a severity, messages in
English, Portuguese and Spanish, advice in the same languages, and a check function.

A check function takes a ``RuleContext`` and yields ``Finding``s: the element (for its position) and
the values the message template needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from ...errors import Severity
from ...model import Article

LANGUAGES = ("en", "pt", "es")


@dataclass(frozen=True)
class Finding:
    """One place where a rule does not hold; ``params`` fill the message template."""

    element: etree._Element | None
    params: dict[str, object] = field(default_factory=dict)
    line: int | None = None


@dataclass
class RuleContext:
    """What a check sees: the canonical tree, its root, and the Article model built from it."""

    tree: etree._ElementTree
    article: Article
    path: str = "<input>"

    @cached_property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @cached_property
    def ids(self) -> dict[str, etree._Element]:
        """Every ``@id`` in the document (first occurrence wins)."""
        out: dict[str, etree._Element] = {}
        for el in self.root.iter(tag=etree.Element):
            value = el.get("id")
            if value and value not in out:
                out[value] = el
        return out

    @cached_property
    def referenced(self) -> dict[str, set[str]]:
        """``rid`` tokens of every ``xref``, per ``ref-type``."""
        out: dict[str, set[str]] = {}
        for xref in self.root.iter("xref"):
            for rid in (xref.get("rid") or "").split():
                out.setdefault(xref.get("ref-type") or "", set()).add(rid)
        return out

    @cached_property
    def all_referenced(self) -> set[str]:
        out: set[str] = set()
        for ids in self.referenced.values():
            out |= ids
        return out

    def at(self, path: str) -> etree._Element:
        """The element at ``path`` under the root, or the root itself (where to point a finding)."""
        found = self.root.find(path)
        return found if found is not None else self.root

    @cached_property
    def meta(self) -> etree._Element:
        found = self.root.find("front/article-meta")
        return found if found is not None else etree.Element("article-meta")

    @cached_property
    def journal_meta(self) -> etree._Element:
        found = self.root.find("front/journal-meta")
        return found if found is not None else etree.Element("journal-meta")

    @cached_property
    def elements(self) -> list[etree._Element]:
        """Every element in document order (computed once; several rules walk all of them)."""
        return list(self.root.iter(tag=etree.Element))


Check = Callable[[RuleContext], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A publication rule: the id editors see, its default severity, its words and its check."""

    id: str
    severity: Severity
    topic: str
    message: dict[str, str]
    advice: dict[str, str]
    check: Check

    def text(self, lang: str, finding: Finding) -> tuple[str, str]:
        """The message and advice in ``lang`` (English when that language is missing)."""
        message = self.message.get(lang) or self.message["en"]
        advice = self.advice.get(lang) or self.advice["en"]
        try:
            return message.format(**finding.params), advice.format(**finding.params)
        except (KeyError, IndexError, ValueError):
            return message, advice


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: str,
    *,
    topic: str,
    en: str,
    pt: str,
    es: str,
    advice_en: str,
    advice_pt: str,
    advice_es: str,
) -> Callable[[Check], Check]:
    """Register the decorated check as rule ``rule_id`` (ids are unique)."""

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(
            rule_id,
            Severity.parse(severity),
            topic,
            {"en": en, "pt": pt, "es": es},
            {"en": advice_en, "pt": advice_pt, "es": advice_es},
            check,
        )
        return check

    return register
