"""Python's html.entities table in, dtds/entities/iso-8879.ent (SDATA declarations) out.

The ISO 8879 public entity sets (ISOlat1, ISOnum, ISOpub, ...) name the same characters as HTML
does; HTML inherited the names from them. This script writes one declaration file holding every
HTML character entity whose name fits SciELO's NAMELEN of 8; the catalog maps each ISO public
identifier to it, and SGML keeps the first declaration of a name, so including it several times
is harmless. Values are SDATA "[name]" (the ISO convention); scielo_pub's parser maps the names
to Unicode itself.

Run: python dtds/tools/make_entities.py
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from pathlib import Path

NAMELEN = 8
OUT = Path(__file__).resolve().parent.parent / "entities" / "iso-8879.ent"


def entity_names() -> list[str]:
    """Names of HTML character entities that are valid SGML names of at most NAMELEN chars."""
    names = {key[:-1] for key in html.entities.html5 if key.endswith(";")}
    ok = [n for n in names if len(n) <= NAMELEN and re.fullmatch(r"[A-Za-z][A-Za-z0-9.-]*", n)]
    return sorted(ok, key=lambda n: (n.lower(), n))


def describe(name: str) -> str:
    """A short comment naming the character(s) of an entity."""
    text = html.entities.html5[name + ";"]
    parts = [unicodedata.name(ch, f"U+{ord(ch):04X}").lower() for ch in text]
    return " + ".join(parts).replace("--", "- -")


def render() -> str:
    lines = [
        "<!-- iso-8879.ent: written by dtds/tools/make_entities.py from Python's",
        "     html.entities table. Character entities of the ISO 8879 sets, as SDATA. -->",
    ]
    for name in entity_names():
        lines.append(f'<!ENTITY {name:<8} SDATA "[{name:<6}]" -- {describe(name)} -->')
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.write_text(render(), encoding="ascii")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
