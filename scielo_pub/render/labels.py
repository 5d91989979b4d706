"""Names configured in several languages in, the one a page shows in its language out.

Issue sections (``issue.toml``/``journal.toml``), subject areas (``journal.toml``, ``collection.toml``,
else SciELO's eight thematic areas) and Creative Commons licences. When the collection gives no name
in the page's language the name is shown as configured, marked with its own language and the class
``untranslated`` (a visible fallback, never a silent mix of languages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from ..collection import section_groups, section_index
from ..model import Collection, Issue, Journal
from . import i18n


@dataclass(frozen=True)
class Label:
    """A name to show: its text and, when it is not in the page's language, the language it is in."""

    text: str
    #: ``None`` when the text is in the page's language; else its language (``""`` when unknown).
    fallback: str | None = None

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        if self.fallback is None:
            return escape(self.text)
        lang = f' lang="{escape(self.fallback)}"' if self.fallback else ""
        return f'<span class="untranslated"{lang}>{escape(self.text)}</span>'


def _pick(names: dict[str, str], lang: str, fallback_lang: str | None) -> Label:
    if names.get(lang):
        return Label(names[lang])
    for code in (fallback_lang or "", "en", *names):
        if names.get(code):
            return Label(names[code], code)
    return Label("", "")


def section(
    name: str | None, lang: str, issue: Issue, journal: Journal | None, name_lang: str | None = None
) -> Label | None:
    """The section ``name`` (as an article tags it, in ``name_lang``) in the page language ``lang``."""
    if not name:
        return None
    groups = section_groups(issue, journal)
    at = section_index(groups, name)
    names = groups[at] if at is not None else {}
    if names.get(lang):
        return Label(names[lang])
    return Label(name, name_lang or "")


def section_key(name: str | None, issue: Issue, journal: Journal | None) -> int | str:
    """What groups articles of one section in a table of contents, whatever language they tag it in."""
    at = section_index(section_groups(issue, journal), name)
    return at if at is not None else (name or "")


def subject(name: str, lang: str, journal: Journal, collection: Collection) -> Label:
    """A subject area in ``lang``: the journal's names, the collection's, SciELO's thematic areas."""
    for names in (
        journal.subject_names.get(name),
        collection.subject_names.get(name),
        i18n.subject_area_names(name),
    ):
        if names and names.get(lang):
            return Label(names[lang])
    return Label(name, "en")


_CC = re.compile(
    r"creativecommons\.org/(?:licenses/(?P<kind>[a-z-]+)/(?P<version>[\d.]+)|publicdomain/zero/1\.0)"
)


def licence(url: str | None, lang: str) -> Label | None:
    """A Creative Commons licence URL as its name in ``lang`` (``CC BY 4.0`` with words), else None."""
    if not url:
        return None
    match = _CC.search(url)
    if match is None:
        return None
    if match.group("kind") is None:
        return Label(i18n.cc_name("zero", "1.0", lang))
    return Label(i18n.cc_name(match.group("kind"), match.group("version"), lang))


def markup(value) -> Markup:
    """Jinja filter: a ``Label`` (or plain text) as HTML."""
    if isinstance(value, Label):
        return Markup(value.__html__())
    return Markup(escape(str(value or "")))
