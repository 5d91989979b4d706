"""A search string as readers type it in, a checked query tree out (or a ``QueryError`` saying what is wrong).

The language is IAH's, in the words of today's search boxes::

    saude mental                 both words (AND is implied)
    dengue OR zika               either
    dengue NOT zika              the first without the second (also ``dengue -zika``)
    "saude mental"               the phrase
    vacin*                       words that start with vacin
    au:silva ti:(dengue OR zika) a word or group limited to one field
    (a OR b) AND c               grouping

Fields: ``all`` (the default), ``au`` author, ``ti`` title, ``ab`` abstract, ``kw`` keywords, ``af``
affiliation (institution, city, country), ``journal``, ``year``, ``type`` (article type), ``lang``,
``doi`` and ``pid`` (both look in the identifiers). Words are folded like the index (case and accents
do not matter: ``saude`` finds ``Saúde``). A ``NOT`` needs something positive beside it; a query that
only excludes, or ``a OR NOT b``, is refused with a message, because neither engine can rank it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..citations.normalise import fold
from ..errors import ScieloPubError

#: Field names readers may type, and the index field each one searches.
FIELD_ALIASES = {
    "all": "all", "au": "au", "author": "au", "ti": "ti", "title": "ti", "ab": "ab",
    "abstract": "ab", "kw": "kw", "keyword": "kw", "keywords": "kw", "subject": "kw", "af": "af",
    "affiliation": "af", "journal": "journal", "ta": "journal", "year": "year", "py": "year",
    "type": "type", "lang": "lang", "la": "lang", "language": "lang", "doi": "ids", "pid": "ids",
    "ids": "ids",
}  # fmt: skip

MAX_LENGTH = 1000
MAX_TERMS = 64
MAX_DEPTH = 16


class QueryError(ScieloPubError):
    """A query that cannot be run; the message says why and where, for the reader (HTTP 400)."""

    category = "query"


@dataclass(frozen=True, slots=True)
class Term:
    """Words to find in ``field`` (an index field or ``all``): one word, or a phrase of several."""

    field: str
    words: tuple[str, ...]
    #: The last word is a prefix (``vacin*``).
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class And:
    """Every ``positive`` part, and none of the ``negative`` ones."""

    positive: tuple[Node, ...]
    negative: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Node, ...]


Node = Term | And | Or

_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<quote>")(?P<phrase>[^"]*)(?P<close>"?)'
    r"|(?P<field>[A-Za-z]+):(?=\S)|(?P<minus>-)(?=[\w\"(])|(?P<word>[^\s()\"]+))"
)
_KINDS = ("lp", "rp", "quote", "field", "minus", "word")
_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    value: str
    #: 1-based character position in the query.
    pos: int


def _tokens(text: str) -> list[_Tok]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - every character matches one alternative
            raise QueryError(f"cannot read the query at character {pos + 1}")
        kind = next(k for k in _KINDS if m.group(k) is not None)
        start = m.start(kind) + 1
        value = m.group(kind)
        if kind == "quote":
            if not m.group("close"):
                raise QueryError(
                    f"the phrase that starts at character {start} has no closing quote"
                )
            kind, value = "phrase", m.group("phrase")
        elif kind == "word" and value in _OPERATORS:
            kind = _OPERATORS[value]
        out.append(_Tok(kind, value, start))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[_Tok], default_field: str) -> None:
        self.tokens, self.i, self.default = tokens, 0, default_field
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_expr(self.default, 0)
        tok = self.peek()
        if tok is not None:
            raise QueryError(f"unexpected ')' at character {tok.pos}; check the parentheses")
        return node

    def or_expr(self, field: str, depth: int) -> Node:
        parts = [self.and_expr(field, depth)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            parts.append(self.and_expr(field, depth))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self, field: str, depth: int) -> Node:
        items: list[tuple[bool, Node]] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "rp"):
            negate = False
            if tok.kind == "AND":
                self.take()
                tok = self.peek()
                if tok is None or tok.kind in ("OR", "rp", "AND"):
                    raise QueryError(
                        f"AND at character {self.tokens[self.i - 1].pos} needs a term after it"
                    )
            if tok.kind in ("NOT", "minus"):
                self.take()
                negate = True
            items.append((negate, self.unary(field, depth)))
        if not items:
            where = f"at character {tok.pos}" if tok is not None else "at the end"
            raise QueryError(f"a term is missing {where}")
        return _combine(items)

    def unary(self, field: str, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise QueryError(f"parentheses nest deeper than {MAX_DEPTH} levels")
        tok = self.peek()
        if tok is None:
            raise QueryError("the query ends where a term was expected")
        if tok.kind == "field":
            self.take()
            name = tok.value.lower()
            if name not in FIELD_ALIASES:
                known = ", ".join(sorted(set(FIELD_ALIASES) - {"ids"}))
                raise QueryError(
                    f"unknown field '{tok.value}' at character {tok.pos}; use one of {known}"
                )
            return self.unary(FIELD_ALIASES[name], depth)
        if tok.kind == "lp":
            self.take()
            node = self.or_expr(field, depth + 1)
            close = self.peek()
            if close is None or close.kind != "rp":
                raise QueryError(f"the '(' at character {tok.pos} is never closed")
            self.take()
            return node
        if tok.kind in ("word", "phrase"):
            self.take()
            return self.term(tok, field)
        raise QueryError(f"'{tok.value}' at character {tok.pos} needs a term after it")

    def term(self, tok: _Tok, field: str) -> Node:
        raw = tok.value
        prefix = raw.endswith("*")
        words = tuple(fold(raw.rstrip("*")).split())
        if not words:
            raise QueryError(
                f"'{raw}' at character {tok.pos} has no letters or digits to search for"
            )
        if prefix and len(words[-1]) < 2:
            raise QueryError(f"'{raw}' at character {tok.pos}: give at least 2 letters before '*'")
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"the query has more than {MAX_TERMS} terms; make it shorter")
        return Term(field, words, prefix)


def _combine(items: list[tuple[bool, Node]]) -> Node:
    positive = tuple(node for negate, node in items if not negate)
    negative = tuple(node for negate, node in items if negate)
    if not negative and len(positive) == 1:
        return positive[0]
    return And(positive, negative)


def parse_query(text: str, default_field: str = "all") -> Node:
    """The query tree of ``text``; ``default_field`` is searched by words without a ``field:``."""
    field = FIELD_ALIASES.get((default_field or "all").lower())
    if field is None:
        raise QueryError(f"unknown field '{default_field}'; use one of au, ti, ab, kw, af, all")
    text = text or ""
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is longer than {MAX_LENGTH} characters")
    tokens = _tokens(text)
    if not tokens:
        raise QueryError("the query is empty; type a word to search for")
    node = _Parser(tokens, field).parse()
    _check(node)
    return node


def _check(node: Node) -> None:
    """Refuse what cannot be ranked: only negatives, or a negative inside OR."""
    if isinstance(node, And):
        if not node.positive:
            raise QueryError("a query cannot only exclude (NOT ...); add a word to search for")
        for part in (*node.positive, *node.negative):
            _check(part)
    elif isinstance(node, Or):
        for part in node.parts:
            if isinstance(part, And) and not part.positive:
                raise QueryError("OR NOT is not supported; write 'a NOT b' or '(a OR b) NOT c'")
            _check(part)


def terms(node: Node, negated: bool = False) -> list[Term]:
    """The query's positive terms, for ranking."""
    if isinstance(node, Term):
        return [] if negated else [node]
    if isinstance(node, Or):
        return [t for p in node.parts for t in terms(p, negated)]
    return [t for p in node.positive for t in terms(p, negated)]
