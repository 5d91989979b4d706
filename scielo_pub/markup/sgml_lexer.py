"""An SGML declaration in, compiled regular expressions that find markup in document text out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scielo_pub.dtd.declaration import SgmlDeclaration

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _probe() -> None:
    """An empty function: compiled by Cython (``setup.py``, no binding) it has no ``__code__``."""


#: Whether this module is the compiled one (then ``xml_safe`` looks for bad characters by a loop
#: over the string, faster than the regex's character class; both find the same characters).
COMPILED = not hasattr(_probe, "__code__")


def xml_safe(text: str) -> str:
    """Text without characters XML cannot hold (replaced by U+FFFD)."""
    if not (_has_bad_chars(text) if COMPILED else _XML_BAD.search(text)):
        return text
    return _XML_BAD.sub("\ufffd", text)


def _has_bad_chars(text: str) -> bool:
    """Whether ``text`` holds a character of ``_XML_BAD`` (the compiled module's test)."""
    for ch in text:
        code = ord(ch)
        if code < 0x20:
            if code != 0x09 and code != 0x0A and code != 0x0D:
                return True
        elif 0xD800 <= code <= 0xDFFF or code == 0xFFFE or code == 0xFFFF:
            return True
    return False


@dataclass(frozen=True)
class Lexer:
    """Regexes for one delimiter set: content markup, CDATA/RCDATA ends, names and tag parts."""

    content: re.Pattern
    cdata: re.Pattern
    rcdata: re.Pattern
    name: re.Pattern
    nmtoken: re.Pattern
    space: re.Pattern
    stago: str
    etago: str
    tagc: str
    vi: str
    lit: str
    lita: str
    refc: str
    unquoted: re.Pattern
    comment_end: re.Pattern
    #: A whole start tag in its common form (``name`` then ``attr=value`` pairs), for the fast path.
    stag_full: re.Pattern
    #: One ``attr=value`` pair inside ``stag_full``'s attribute group: name, quoted or unquoted value.
    attr_pair: re.Pattern
    #: A whole end tag ``ETAGO name TAGC`` (no space before TAGC is needed).
    etag_full: re.Pattern
    #: NET (null end tag) delimiter and the content/CDATA/RCDATA finders that also find it, used
    #: while a NET-enabling start tag (``<p/``) has an open element (SHORTTAG).
    net: str
    content_net: re.Pattern
    cdata_net: re.Pattern
    rcdata_net: re.Pattern
    #: ``content``/``cdata``/``rcdata`` that also match a whole common start tag (group ``stagf``:
    #: name ``sn``, attributes ``sa``) or end tag (``etagf``: name ``en``) in the same search,
    #: tried before the bare delimiters at the same position, for the document loop's fast path.
    #: ``fast_content`` also matches a whole element ``<name attrs>data</name>`` whose data holds
    #: no markup and no line break (group ``leaf``: name ``ln``, attributes ``la``, data ``ld``).
    fast_content: re.Pattern
    fast_cdata: re.Pattern
    fast_rcdata: re.Pattern


def lexer_for(decl: SgmlDeclaration) -> Lexer:
    """The (cached) lexer for a declaration's delimiters and naming rules."""
    return _build(tuple(sorted(decl.delimiters.items())), decl.name_chars, decl.name_start_chars)


@lru_cache(maxsize=16)
def _build(delims: tuple[tuple[str, str], ...], name_chars: str, name_start_chars: str) -> Lexer:
    d = dict(delims)
    e = {k: re.escape(v) for k, v in d.items()}
    extra = re.escape(name_chars)
    start_extra = re.escape(name_start_chars)
    ns = f"A-Za-z{start_extra}"
    name = re.compile(f"[{ns}][A-Za-z0-9{start_extra}{extra}]*")
    nmtoken = re.compile(f"[A-Za-z0-9{start_extra}{extra}]+")
    tag_open = f"(?=[{ns}]|{e['TAGC']})"
    etag = f"(?P<etag>{e['ETAGO']}){tag_open}"
    stag = f"(?P<stag>{e['STAGO']}){tag_open}"
    refs = f"|(?P<cref>{e['CRO']})(?=[0-9{ns}])|(?P<eref>{e['ERO']})(?=[{ns}])"
    mdo_pio = f"|(?P<mdo>{e['MDO']})(?=[{ns}]|{e['COM']}|{e['DSO']}|{e['MDC']})|(?P<pio>{e['PIO']})"
    msc = f"|(?P<msc>{e['MSC']}{e['MDC']})"
    content = re.compile(f"{etag}{mdo_pio}|{stag}{refs}{msc}")
    cdata = re.compile(etag)
    rcdata = re.compile(f"{etag}{refs}")
    unquoted = re.compile(f"[^\\s{e['LIT']}{e['LITA']}{re.escape(d['TAGC'][0])}]+")
    lit, lita = e["LIT"], e["LITA"]
    # the fast path leaves values holding NET or STAGO to attribute_value (``<p n=a/b>`` is NET-enabling)
    plain = f"[^\\s{e['LIT']}{e['LITA']}{re.escape(d['TAGC'][0] + d['NET'][0] + d['STAGO'][0])}]+"
    value = f"(?:{lit}([^{lit}]*){lit}|{lita}([^{lita}]*){lita}|({plain}))"
    pair = f"({nmtoken.pattern})\\s*{e['VI']}\\s*{value}"
    pair_nocap = re.sub(r"\((?!\?)", "(?:", pair)
    stag_full = re.compile(f"{e['STAGO']}({name.pattern})((?:\\s+{pair_nocap})*)\\s*{e['TAGC']}")
    etag_full = re.compile(f"{e['ETAGO']}({name.pattern})\\s*{e['TAGC']}")
    net = f"|(?P<net>{e['NET']})"
    attrs = f"(?:\\s+{pair_nocap})*"
    starts = "".join(
        sorted({d[k][0] for k in ("STAGO", "ETAGO", "MDO", "PIO", "CRO", "ERO", "MSC")})
    )
    # each alternative of the fast finders starts with its delimiter's first character outside
    # the group (only the whole match's start and end are used), so that the compiled pattern
    # begins with a character set or a literal and the regex engine skips data quickly
    # a name or a run of data never gives characters back (possessive): what follows them
    # (space, TAGC, an attribute, ETAGO) cannot begin with one of their characters
    name_p = f"{name.pattern}+"
    fetag = (
        _first(d["ETAGO"], "etagf", f"(?P<en>{name_p})\\s*{e['TAGC']}")
        + f"|{_first(d['ETAGO'], 'etag', '')}{tag_open}"
    )
    stagf = _first(d["STAGO"], "stagf", f"(?P<sn>{name_p})(?P<sa>{attrs})\\s*{e['TAGC']}")
    leaf = _first(
        d["STAGO"],
        "leaf",
        f"(?P<ln>{name_p})(?P<la>{attrs})\\s*{e['TAGC']}"
        f"(?P<ld>[^{re.escape(starts)}\\n]++){e['ETAGO']}(?P=ln)\\s*{e['TAGC']}",
    )
    fast_mdo_pio = (
        f"|{_first(d['MDO'], 'mdo', '')}(?=[{ns}]|{e['COM']}|{e['DSO']}|{e['MDC']})"
        f"|{_first(d['PIO'], 'pio', '')}"
    )
    fast_refs = (
        f"|{_first(d['CRO'], 'cref', '')}(?=[0-9{ns}])|{_first(d['ERO'], 'eref', '')}(?=[{ns}])"
    )
    fast_stag = f"{_first(d['STAGO'], 'stag', '')}{tag_open}"
    fast_msc = f"|{_first(d['MSC'] + d['MDC'], 'msc', '')}"
    return Lexer(
        content, cdata, rcdata, name, nmtoken, re.compile(r"\s*"), d["STAGO"], d["ETAGO"],
        d["TAGC"], d["VI"], d["LIT"], d["LITA"], d["REFC"], unquoted,
        re.compile(f"{e['COM']}|{e['MDC']}"), stag_full, re.compile(pair), etag_full,
        d["NET"], re.compile(content.pattern + net), re.compile(cdata.pattern + net),
        re.compile(rcdata.pattern + net),
        re.compile(f"{fetag}{fast_mdo_pio}|{leaf}|{stagf}|{fast_stag}{fast_refs}{fast_msc}"),
        re.compile(fetag), re.compile(f"{fetag}{fast_refs}"),
    )  # fmt: skip


def _first(delim: str, group: str, rest: str) -> str:
    """``delim`` then ``rest``, all but the delimiter's first character in the named group."""
    return f"{re.escape(delim[0])}(?P<{group}>{re.escape(delim[1:])}{rest})"
