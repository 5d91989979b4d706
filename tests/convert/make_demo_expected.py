"""Demo Markup articles in, tests/convert/demo_expected.json out: the metadata each ``.sgm`` states.

Run once when an XML article of the demo is replaced by its Markup version, while the XML is
still there: the expected values are read from the SGML source (OpenSP + XPath, see
markup_facts.py) and, as evidence, compared with the model of the XML article being replaced;
fields that differ are listed (with both values) under ``differences_from_replaced_xml``.

Run: .venv/bin/python -m tests.convert.make_demo_expected [REPLACED_DIR]
(REPLACED_DIR: a copy of the journals/ tree holding the replaced XML files, when they are gone)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lxml import etree

from scielo_pub.model import article_from_tree

from .markup_facts import facts, model_facts

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "collections" / "demo" / "journals"
OUT = Path(__file__).with_name("demo_expected.json")


def encoding_of(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def differences(expected: dict, actual: dict) -> dict:
    out = {}
    for key, value in expected.items():
        other = actual.get(key)
        if isinstance(value, dict) and isinstance(other, dict):
            other = {k: other.get(k) for k in value}
        if value != other:
            out[key] = {"sgml": value, "xml": other}
    return out


def main() -> None:
    replaced = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO
    old = json.loads(OUT.read_text(encoding="utf-8")) if OUT.is_file() else {}
    for sgm in sorted(DEMO.glob("*/issues/*/*.sgm")):
        key = str(sgm.relative_to(DEMO))
        data = sgm.read_bytes()
        entry = {"encoding": encoding_of(data), "expected": facts(data, encoding_of(data))}
        xml = (replaced / key).with_suffix(".xml")
        if xml.is_file():
            model = model_facts(article_from_tree(etree.parse(str(xml))))
            entry["differences_from_replaced_xml"] = differences(entry["expected"], model)
        elif key in old:
            entry["differences_from_replaced_xml"] = old[key].get("differences_from_replaced_xml")
        old[key] = entry
    OUT.write_text(
        json.dumps(old, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT} ({len(old)} articles)")


if __name__ == "__main__":
    main()
