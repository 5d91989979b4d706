"""Hostile collections for tests: demo articles with an injection vector placed in every part.

``hostile_collection`` copies the demo's ``rsd`` journal configuration and, per vector, one issue
folder holding an SGML and an XML article (from two small demo templates) with the vector placed in
the title, an abstract, the body, a table cell, a caption, a footnote and a reference.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .vectors import Vector

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "collections" / "demo"
ISSUE = DEMO / "journals" / "rsd" / "issues" / "v12n2"
SGML_TEMPLATE = ISSUE / "2764-5010-rsd-12-02-e00203.sgm"
XML_TEMPLATE = ISSUE / "2764-5010-rsd-12-02-0051.xml"

#: Where a vector goes: (part, pattern after whose first match it is inserted).
SGML_PLACES = (
    ("title", r"\[title language=pt\]"),
    ("abstract", r"\[xmlabstr language=pt\].*?\[p\]"),
    ("body", r"\[xmlbody\].*?\[p\]"),
    ("table", r"\[td\]"),
    ("caption", r"\[figgrp id=f1\].*?\[caption\]"),
    ("footnote", r"\[fn id=fnx1 fntype=conflict\]"),
    ("reference", r"\[acitat\]"),
)
XML_PLACES = (
    ("title", r"<article-title>"),
    ("abstract", r"<abstract>.*?<p>"),
    ("body", r"<body>.*?<p>"),
    ("table", r"<td>"),
    ("caption", r"<caption>\s*<title>"),
    ("footnote", r'<fn fn-type="conflict">\s*<p>'),
    ("reference", r"<mixed-citation>"),
)


def place(text: str, places, fragment: str, parts: tuple[str, ...]) -> str:
    """``text`` with ``fragment`` inserted after the first match of each pattern of ``parts``."""
    for n, (part, pattern) in enumerate(places):
        if part not in parts:
            continue
        match = re.search(pattern, text, re.S)
        if match is None:
            raise AssertionError(f"the template has no {part} ({pattern})")
        piece = fragment.replace("@ID@", f"x{n}")
        text = text[: match.end()] + piece + text[match.end() :]
    return text


def _renumber(text: str, n: int) -> str:
    """Distinct identifiers per copy (DOI, PID, order) so copies do not collide."""
    text = re.sub(r"10\.5555/rsd\.2025\.12\.2\.(\d+)", rf"10.5555/rsd.2025.12.{n + 10}.\1", text)
    return re.sub(r"S2764-5010202500020", f"S2764-5010202500{n + 10:02d}0", text)


def hostile_collection(tmp: Path, vectors: list[Vector]) -> dict[str, Path]:
    """A collection under ``tmp``; returns vector name -> its issue folder."""
    root = tmp / "hostile"
    journal = root / "journals" / "rsd"
    journal.mkdir(parents=True)
    shutil.copy(DEMO / "collection.toml", root / "collection.toml")
    shutil.copy(DEMO / "journals" / "rsd" / "journal.toml", journal / "journal.toml")
    sgml = SGML_TEMPLATE.read_text(encoding="utf-8")
    xml = XML_TEMPLATE.read_text(encoding="utf-8")
    folders = {}
    for n, vector in enumerate(vectors, 1):
        folder = journal / "issues" / f"v12n{n + 10}"
        folder.mkdir(parents=True)
        issue = (ISSUE / "issue.toml").read_text(encoding="utf-8")
        (folder / "issue.toml").write_text(issue.replace('number = "2"', f'number = "{n + 10}"'))
        for image in ISSUE.glob("*.png"):
            shutil.copy(image, folder / image.name)
        sgml_text = _renumber(place(sgml, SGML_PLACES, vector.sgml, vector.places), n).replace(
            "issueno=2", f"issueno={n + 10}"
        )
        xml_text = _renumber(place(xml, XML_PLACES, vector.xml, vector.places), n)
        xml_text = xml_text.replace("<issue>2</issue>", f"<issue>{n + 10}</issue>")
        (folder / SGML_TEMPLATE.name).write_text(sgml_text, encoding="utf-8")
        (folder / XML_TEMPLATE.name).write_text(xml_text, encoding="utf-8")
        folders[vector.name] = folder
    return folders
