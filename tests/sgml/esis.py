"""Test helpers: onsgmls ESIS output and our lxml trees, both as flat comparable event lists."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from scielo_pub.dtd.entities import sdata_to_unicode
from scielo_pub.markup.sgml import COL, STRAY

HAS_ONSGMLS = shutil.which("onsgmls") is not None
_ESC = re.compile(r"\\(n|\\|\||#(\d+);|\d{3})")
_MSG = re.compile(r"^onsgmls:(.*?):(\d+):(\d+):([EX]):", re.M)


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        g = m.group(1)
        if g == "n":
            return "\n"
        if g.startswith("#"):
            return chr(int(m.group(2)))
        if g.isdigit():
            return chr(int(g, 8))
        return "" if g == "|" else "\\"

    text = re.sub(
        r"\\\|(\[[^\]]*\])\\\|", lambda m: sdata_to_unicode(m.group(1)) or m.group(1), text
    )
    return _ESC.sub(one, text)


def _merge(events: list[tuple], exact: bool = False) -> list[tuple]:
    out: list[tuple] = []
    for ev in events:
        if ev[0] == "-" and out and out[-1][0] == "-":
            out[-1] = ("-", out[-1][1] + ev[1])
        else:
            out.append(ev)
    if exact:  # record ends and spaces as they are: SGML's RE rules are compared too
        return [e for e in out if e[0] != "-" or e[1]]
    return [
        ("-", " ".join(e[1].split())) if e[0] == "-" else e
        for e in out
        if e[0] != "-" or e[1].split()
    ]


def esis_events(esis: str, exact: bool = False) -> list[tuple]:
    events, attrs = [], {}
    for line in esis.splitlines():
        kind, rest = line[:1], line[1:]
        if kind == "A":
            name, typ, *value = rest.split(" ", 2)
            if typ != "IMPLIED":
                val = value[0] if value else ""
                attrs[name.lower()] = val.lower() if typ == "TOKEN" else _unescape(val)
        elif kind == "(":
            events.append(("(", rest.lower(), tuple(sorted(attrs.items()))))
            attrs = {}
        elif kind == ")":
            events.append((")", rest.lower()))
        elif kind == "-":
            events.append(("-", _unescape(rest)))
    return _merge(events, exact)


def tree_events(tree, exact: bool = False) -> list[tuple]:
    events: list[tuple] = []

    def walk(el) -> None:
        if el.tag == STRAY:
            events.append(("-", el.text or ""))
        elif isinstance(el.tag, str):
            attrs = {k: v for k, v in el.attrib.items() if k != COL}
            events.append(("(", el.tag, tuple(sorted((k, v.lower()) for k, v in attrs.items()))))
            events.append(("-", el.text or ""))
            for child in el:
                walk(child)
            events.append((")", el.tag))
        events.append(("-", el.tail or ""))

    walk(tree.getroot())
    return _merge(events, exact)


def lower_cdata(events: list[tuple]) -> list[tuple]:
    """Attribute values compared case-insensitively (ESIS folds token values to upper case)."""
    return [
        (e[0], e[1], tuple((k, v.lower()) for k, v in e[2])) if e[0] == "(" else e for e in events
    ]


def run_onsgmls(
    files: list[Path], catalog: Path, cwd: Path, exact: bool = False
) -> tuple[list[tuple], list[tuple[str, int]]]:
    """ESIS events and (file name, line) of each E/X message."""
    proc = subprocess.run(
        ["onsgmls", "-E0", "-c", str(catalog), *map(str, files)], capture_output=True, text=True,
        encoding="latin-1", cwd=cwd, timeout=60, check=False,
    )  # fmt: skip
    errors = [(Path(m.group(1)).name, int(m.group(2))) for m in _MSG.finditer(proc.stderr)]
    return lower_cdata(esis_events(proc.stdout, exact)), errors
