"""A freshly converted JATS tree in, the same tree with unique ids and resolvable cross-references out."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from .scielo_common import Ctx

#: JATS element -> xref ref-type, to fill in a missing ref-type from the target
TARGET_TYPES = {
    "aff": "aff",
    "corresp": "corresp",
    "fig": "fig",
    "fig-group": "fig",
    "table-wrap": "table",
    "disp-formula": "disp-formula",
    "fn": "fn",
    "app": "app",
    "ref": "bibr",
    "boxed-text": "boxed-text",
    "supplementary-material": "supplementary-material",
    "def-list": "list",
    "list": "list",
    "sec": "sec",
    "sub-article": "other",
}


def tidy(article: etree._Element, ctx: Ctx) -> None:
    """Make ids unique and drop cross-references to ids that do not exist (with diagnostics)."""
    targets = _unique_ids(article, ctx)
    for xref in list(article.iter("xref")):
        _resolve(xref, targets, ctx)


def _unique_ids(article: etree._Element, ctx: Ctx) -> dict[str, str]:
    seen: Counter[str] = Counter()
    targets: dict[str, str] = {}
    for node in article.iter():
        value = node.get("id") if isinstance(node.tag, str) else None
        if not value:
            continue
        seen[value] += 1
        if seen[value] > 1:
            new = f"{value}-{seen[value]}"
            node.set("id", new)
            ctx.warn(
                None,
                f"id {value!r} is used more than once; renamed to {new!r}",
                "sgml-duplicate-id",
                "Give every tagged element its own id.",
            )
            value = new
        targets[value] = TARGET_TYPES.get(node.tag, "other")
    return targets


def _resolve(xref: etree._Element, targets: dict[str, str], ctx: Ctx) -> None:
    rids = (xref.get("rid") or "").split()
    good = [r for r in rids if r in targets]
    if good:
        xref.set("rid", " ".join(good))
        if not xref.get("ref-type"):
            xref.set("ref-type", targets[good[0]])
        return
    if rids:
        ctx.warn(
            None,
            f"cross-reference to {' '.join(rids)!r}, which no element carries",
            "sgml-xref-target",
            "Check the rid of the [xref]; it must be the id of an element.",
        )
    _unwrap(xref)


def _unwrap(node: etree._Element) -> None:
    """Replace an element by its content."""
    parent = node.getparent()
    if parent is None:
        return
    index = parent.index(node)
    text = node.text or ""
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    children = list(node)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last_tail = node.tail or ""
    parent.remove(node)
    if children:
        children[-1].tail = (children[-1].tail or "") + last_tail
    elif index == 0:
        parent.text = (parent.text or "") + last_tail
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + last_tail
