"""Cited references: parse printed strings, index bibliographic databases, match, link, cited-by.

Public entry points: :func:`parse` (printed reference -> fields), :class:`BiblioDB` (the index,
a SQLite file or PostgreSQL), :class:`Matcher` (blocking + explained scoring),
:func:`reference_links` and :func:`cited_by` (used by the renderer), :func:`build_citation_graph`.
"""

from __future__ import annotations

from .db import BiblioDB, Record
from .links import (
    CitedBy,
    Link,
    build_citation_graph,
    cited_by,
    complete_reference,
    reference_links,
)
from .match import Matcher, MatchResult
from .parse import parse

__all__ = [
    "BiblioDB",
    "CitedBy",
    "Link",
    "MatchResult",
    "Matcher",
    "Record",
    "build_citation_graph",
    "cited_by",
    "complete_reference",
    "parse",
    "reference_links",
]
