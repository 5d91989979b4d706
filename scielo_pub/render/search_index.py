"""Site content in, the static site's own search out: a sharded JSON index and the search pages.

A plain web server cannot answer ``/search?q=``, so the build writes ``search/index.html`` (and
``index.<lang>.html``): a form, our own script (``static/search.js``; no script from any article,
results are built with ``textContent``) and a plain-HTML list of the journals and their current
tables of contents for readers without JavaScript. The script reads the index under
``search/index/``:

* ``meta.json``: ``{"version", "docs", "chunk", "prefix", "shards"}`` (``shards``: the prefixes that
  have a terms file, so no word asks for a file that is not there);
* ``terms/<key>.json``: for the words that begin with one three-character prefix (a two-character
  word has a file of its own; ``key`` is the prefix when it is ASCII letters or digits, else ``x``
  and its code points in hex joined by ``-``),
  ``{"word": [[ids whose title has it], [ids whose authors, journal or year have it]]}``;
* ``docs/<n>.json``: the records ``n * chunk`` to ``(n + 1) * chunk - 1``, each
  ``{"t": {lang: title}, "l": main language, "v": full-text languages, "a": authors, "j": journal,
  "y": year, "u": the article's folder}``, oldest first (ties rank the newest first; a new issue
  changes the last ``docs`` file and the terms files of its words only).

Words are folded the same way here and in the script: Unicode NFKD, combining marks dropped, case
lower-cased, split on anything but letters and digits; words of one character are not indexed. A query
finds the articles that have every one of its words (a word also finds longer words it begins);
titles weigh three times the other fields. The site writer makes each file a task of its own, so a
build rewrites only the files whose text changed. When the app serves the site, ``/search`` is answered by
its own full search (``site.search``) at the same paths.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from ..collection import PublishedArticle, SiteContent
from . import i18n, pages, urls

FOLDER = "search/index/"
CHUNK = 200
#: Words shorter than this are not indexed.
SHORTEST = 2
#: Words are filed by their first PREFIX characters (shorter words by the whole word).
PREFIX = 3
VERSION = 1
_WORD = re.compile(r"[^\W_]+")
_ASCII_KEY = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """``text`` without accents and case: ``Saúde`` -> ``saude`` (as ``search.js`` folds: NFKD,
    nonspacing marks dropped, lower case)."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        new = set(decomposed) - _SEEN  # each character's category looked up once per process
        for c in new:
            if unicodedata.category(c) == "Mn":
                _MARKS[ord(c)] = None
        _SEEN.update(new)
        decomposed = decomposed.translate(_MARKS)
    return decomposed.lower()


#: Nonspacing marks met so far (a ``str.translate`` table deleting them), and every character met.
_MARKS: dict[int, None] = {}
_SEEN: set[str] = set()


def words(text: str) -> list[str]:
    """The folded words of ``text`` of two characters or more."""
    return [w for w in _WORD.findall(fold(text)) if len(w) >= SHORTEST]


def shard_prefix(word: str) -> str:
    """The prefix a word is filed under: its first three characters (a two-character word: itself)."""
    return word[:PREFIX]


def shard_key(prefix: str) -> str:
    """The terms file name of a prefix: the prefix when ASCII letters and digits, else ``x`` and
    its code points in hex joined by ``-`` (never a plain prefix: those have no ``-``)."""
    if _ASCII_KEY.fullmatch(prefix):
        return prefix
    return "x" + "-".join(f"{ord(c):x}" for c in prefix)


def _order(content: SiteContent) -> list[PublishedArticle]:
    """Oldest first: a new issue's articles take the next ids, so the files of the index that
    hold none of their words stay as they are."""

    def date(item: PublishedArticle):
        when = item.summary.pub_date
        return (when.sort_key() if when else (0, 0, 0), urls.article_dir(item))

    return sorted(content.articles, key=date)


def record(item: PublishedArticle) -> dict:
    a = item.summary
    date = a.pub_date
    return {
        "t": {lang: title for lang, title in a.titles.items() if title},
        "l": a.language or "",
        "v": list(a.languages),
        "a": "; ".join(c.display_name for c in a.authors),
        "j": item.source.journal.title,
        "y": date.year if date and date.year else None,
        "u": urls.article_dir(item),
    }


def index_files(content: SiteContent) -> Iterator[tuple[str, str]]:
    """The index's files, as ``(site path, JSON text)``."""
    docs = [record(item) for item in _order(content)]
    terms: dict[str, dict[str, tuple[set[int], set[int]]]] = defaultdict(dict)
    for n, doc in enumerate(docs):
        fields = (
            " ".join(doc["t"].values()),
            " ".join((doc["a"], doc["j"], str(doc["y"] or ""))),
        )
        for slot, text in enumerate(fields):
            for word in words(text):
                entry = terms[shard_prefix(word)].setdefault(word, (set(), set()))
                entry[slot].add(n)
    meta = {"version": VERSION, "docs": len(docs), "chunk": CHUNK, "prefix": PREFIX,
            "shards": sorted(terms)}  # fmt: skip
    yield FOLDER + "meta.json", _json(meta)
    for key in sorted(terms):
        shard = {w: [sorted(t), sorted(o - t)] for w, (t, o) in sorted(terms[key].items())}
        yield f"{FOLDER}terms/{shard_key(key)}.json", _json(shard)
    for start in range(0, len(docs), CHUNK):
        yield f"{FOLDER}docs/{start // CHUNK}.json", _json(docs[start : start + CHUNK])


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_page(content: SiteContent, lang: str) -> tuple[str, str]:
    """The static search page in the interface language ``lang``."""
    default = content.collection.default_language
    page = urls.search_page(lang, default)
    ctx = pages._base(content, page, lang, "search/")
    browse = []
    for journal in sorted(content.journals, key=lambda j: j.title.casefold()):
        issues = content.journal_issues(journal)
        current = issues[0] if issues else None
        browse.append(
            {
                "title": journal.title,
                "href": urls.lang_page(urls.journal_dir(journal), lang, default),
                "current": (
                    (
                        pages.issue_label(current, lang),
                        current.year,
                        urls.lang_page(urls.issue_dir(current), lang, default),
                    )
                    if current
                    else None
                ),
            }
        )
    ctx.update(browse=browse, index=FOLDER, total=len(content.articles),
               lang_names=i18n.NATIVE_NAMES)  # fmt: skip
    return page, pages.environment().get_template("search.html").render(ctx)


def files(content: SiteContent) -> list[tuple[str, str]]:
    """The search pages in every interface language and the index."""
    out = [search_page(content, lang) for lang in i18n.INTERFACE_LANGUAGES]
    return [*out, *index_files(content)]
