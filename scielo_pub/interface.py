"""A requested language and a table of (pt, es, en) strings in, the interface language and its strings out.

The site, the served pages, the citation statistics and the editors' workspace each keep their own
table of strings; this module is the one place that says which languages the interface speaks and
how a table is read in one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("pt", "es", "en")
NATIVE = {"pt": "Português", "es": "Español", "en": "English"}


def pick(lang: str | None, default: str = "pt") -> str:
    """The interface language: ``lang`` when the interface speaks it, else ``default`` (else English)."""
    if lang in LANGUAGES:
        return lang
    return default if default in LANGUAGES else "en"


def column(table: Mapping[str, tuple[str, ...]], lang: str) -> dict[str, str]:
    """Every string of ``table`` in the interface language ``lang`` (one of ``LANGUAGES``)."""
    i = LANGUAGES.index(lang)
    return {key: values[i] for key, values in table.items()}
