"""Short reference delimiter strings in, their canonical SGMLREF names and a regular expression out.

ISO 8879 figure 4 lists the 32 short references of the reference concrete syntax (``SHORTREF
SGMLREF``). ``B`` stands for one or more blanks (SPACE or TAB); record starts (RS) are the starts of lines after a newline
and record ends (RE) are the newlines of the normalised text.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The SGMLREF short reference delimiters, each written in its canonical ISO 8879 form.
SGMLREF_SHORTREFS: tuple[str, ...] = (
    "&#TAB;", "&#RE;", "&#RS;", "&#RS;B", "&#RS;&#RE;", "&#RS;B&#RE;", "B&#RE;", "&#SPACE;", "BB",
    '"', "#", "%", "'", "(", ")", "*", "+", ",", "-", "--", ":", ";", "=", "@", "[", "]", "^", "_",
    "{", "|", "}", "~",
)  # fmt: skip

_REF = re.compile(r"&#([A-Za-z]+|[0-9]+);?")
_NUMERIC = {"9": "TAB", "32": "SPACE", "13": "RE", "10": "RS"}
_PIECES = {"&#RS;": "(?<=\\n)", "&#RE;": "\\n", "&#TAB;": "\\t", "&#SPACE;": " ", "B": "[ \\t]+"}
_SPLIT = re.compile(r"&#[A-Z]+;|B|.", re.S)


def canonical_shortref(literal: str) -> str:
    """A SHORTREF literal (``"&#RS;B"``, ``"&#9;"``, ``" "``) in its canonical form."""

    def one(m: re.Match) -> str:
        ref = m.group(1).upper()
        return f"&#{_NUMERIC.get(ref, ref)};"

    text = _REF.sub(one, literal)
    return text.replace("\t", "&#TAB;").replace(" ", "&#SPACE;")


def _pattern(delim: str) -> str:
    if delim == "BB":
        return "[ \\t]{2,}"
    return "".join(_PIECES.get(p, re.escape(p)) for p in _SPLIT.findall(delim))


def _rank(delim: str) -> tuple[int, bool, bool]:
    """Longer delimiters first (RS counts as a character), so the first alternative that matches is the longest."""
    pieces = _SPLIT.findall(delim)
    return (-len(pieces), "&#RS;" not in pieces, "&#RE;" not in pieces)


#: The delimiters longest first: the order in which ``shortref_finder`` tries them.
SHORTREF_ORDER: tuple[str, ...] = tuple(sorted(SGMLREF_SHORTREFS, key=_rank))


@lru_cache(maxsize=64)
def shortref_finder(base: str, *, zero_width: bool = True) -> re.Pattern:
    """``base`` (a content pattern) plus every SGMLREF short reference ``SHORTREF_ORDER[i]`` as group ``sr_<i>``.

    Short references that start with RS come before ``base`` (RS is the character before the
    line's first one); ``zero_width=False`` leaves out a bare RS already handled at this position.
    """
    alts = [
        (d, f"(?P<sr_{i}>{_pattern(d)})")
        for i, d in enumerate(SHORTREF_ORDER)
        if zero_width or d != "&#RS;"
    ]
    first = [a for d, a in alts if d.startswith("&#RS;")]
    rest = [a for d, a in alts if not d.startswith("&#RS;")]
    return re.compile("|".join([*first, base, *rest]))
