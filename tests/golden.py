"""The demo site's HTML structure, as one golden JSON file; ``python -m tests.golden refresh`` rewrites it.

The structure of a page is its element outline without text: for every element, ``tag.class`` and its
children's outlines, with runs of equal siblings folded to ``tag.class*N``. Body text, URLs and
metadata values are left out, so wording changes do not touch the golden copy; structural ones do.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "demo_structure.json"
_SKIP = frozenset({"script", "math", "svg"})


def outline(el) -> list:
    """Nested ``[label, children]`` lists; equal consecutive siblings are counted, not repeated."""
    items: list = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        label = child.tag + "".join(f".{c}" for c in sorted((child.get("class") or "").split()))
        if child.tag == "meta":
            label += f"[{child.get('name') or child.get('charset') and 'charset' or child.get('http-equiv') or ''}]"
        node = [label] if child.tag in _SKIP else [label, outline(child)]
        if items and items[-1][0].split("*")[0] == label and items[-1][1:] == node[1:]:
            base, _star, count = items[-1][0].partition("*")
            items[-1][0] = f"{base}*{int(count or 1) + 1}"
        else:
            items.append(node)
    return items


def site_structure(site: Path) -> dict[str, list]:
    pages = sorted(p for p in site.rglob("*.html"))
    return {
        p.relative_to(site).as_posix(): outline(lxml.html.parse(str(p)).getroot()) for p in pages
    }


def build_demo(out: Path) -> Path:
    """The demo site exactly as ``scielo-pub build collections/demo --no-pdf`` writes it."""
    sys.path.insert(0, str(ROOT))
    from scielo_pub.build import build

    report = build(ROOT / "collections" / "demo", out, jobs=1, pdf=False)
    if report.failed:
        raise RuntimeError(f"demo articles failed to build: {report.failed}")
    return out


def current() -> dict[str, list]:
    with tempfile.TemporaryDirectory() as tmp:
        return site_structure(build_demo(Path(tmp)))


def refresh() -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    data = current()
    GOLDEN.write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{GOLDEN.relative_to(ROOT)}: {len(data)} pages")


if __name__ == "__main__":
    if sys.argv[1:] != ["refresh"]:
        sys.exit("usage: python -m tests.golden refresh")
    refresh()
