"""Test helpers around OpenSP (onsgmls/osx): SGML files in, messages or an lxml tree out.

Test-only: the product never runs OpenSP; it is the independent referee for our DTDs and the
stand-in parser for the converter tests until scielo_pub's own SGML engine is ready.
"""

from __future__ import annotations

import html.entities
import os
import re
import shutil
import subprocess
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
OUR_DTDS = ROOT / "dtds"
OUR_CATALOG = OUR_DTDS / "catalog"
HAVE_OPENSP = bool(shutil.which("onsgmls") and shutil.which("osx"))

_MSG = re.compile(
    r"^o(?:nsgmls|sx):(?P<file>[^:]*):(?P<line>\d+):(?P<col>\d+):(?P<kind>[A-Z]): (?P<msg>.*)$"
)
_SDATA = re.compile(r"\[([A-Za-z][A-Za-z0-9]*) *\]")


def run_onsgmls(
    files: list[Path], catalog: Path, *, env: dict[str, str] | None = None
) -> list[str]:
    """Error (E) and ID (X) messages of onsgmls, as ``line:col:kind: message``."""
    full_env = {**os.environ, "SGML_CATALOG_FILES": str(catalog), **(env or {})}
    proc = subprocess.run(
        ["onsgmls", "-s", *map(str, files)], capture_output=True, text=True, env=full_env
    )
    return _messages(proc.stderr, kinds="EX")


def run_onsgmls_warnings(files: list[Path], catalog: Path) -> list[str]:
    """Every message of ``onsgmls -wall`` (warnings, quantity and DTD problems included)."""
    env = {**os.environ, "SGML_CATALOG_FILES": str(catalog)}
    proc = subprocess.run(
        ["onsgmls", "-wall", "-s", *map(str, files)], capture_output=True, text=True, env=env
    )
    return _messages(proc.stderr, kinds="EXWQ")


def _messages(stderr: str, *, kinds: str) -> list[str]:
    out = []
    for line in stderr.splitlines():
        match = _MSG.match(line)
        if match and match["kind"] in kinds:
            out.append(f"{match['line']}:{match['col']}:{match['kind']}: {match['msg']}")
    return out


def osx_tree(data: bytes, *, doctype: str, encoding: str = "latin-1") -> etree._Element:
    """Parse bracket-tagged SGML with osx and our DTDs; the tree shape our engine also produces.

    Names are lower-cased; SDATA entities come back as the character they name.
    """
    text = data.decode(encoding)
    prolog = f"<!DOCTYPE {doctype} SYSTEM>\n"
    env = {
        **os.environ,
        "SGML_CATALOG_FILES": str(OUR_CATALOG),
        "SP_CHARSET_FIXED": "YES",
        "SP_ENCODING": "UTF-8",
    }
    decl = OUR_DTDS / "scielo-utf8.dcl"
    proc = subprocess.run(
        ["osx", "-xlower", "-xempty", str(decl), "/dev/stdin"],
        input=(prolog + text).encode("utf-8"),
        capture_output=True,
        env=env,
    )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(proc.stdout, parser)
    for node in root.iter():
        node.text = _sdata(node.text)
        node.tail = _sdata(node.tail)
    return root


def _sdata(text: str | None) -> str | None:
    if not text:
        return text
    return _SDATA.sub(lambda m: html.entities.html5.get(m[1] + ";", m[0]), text)
