"""lxml elements in, clean strings out: the text helpers the model builders share."""

from __future__ import annotations

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Elements whose text is not part of the running text they sit in (footnote marks, labels of cross-refs).
SKIP_IN_TEXT = frozenset({"xref", "fn"})


#: What ``text_of`` looks for below a mixed-content element before reading it in one call.
_DEFAULT_WALK = (*SKIP_IN_TEXT, etree.Entity)


def squash(text: str | None) -> str | None:
    """Collapse white space; empty strings become ``None``."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def collapse(text: str | None) -> str | None:
    """``squash`` for the text of one node, skipping the split when nothing would change.

    A printable string holds no white space but U+0020, so without doubled, leading or trailing
    spaces it is already collapsed.
    """
    if not text:
        return None
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return " ".join(text.split()) or None


def text_of(el: etree._Element | None, skip: frozenset[str] = SKIP_IN_TEXT) -> str | None:
    """The element's text with white space collapsed, leaving out ``skip`` descendants (tails kept)."""
    if el is None:
        return None
    if not len(el):  # a leaf: the common case, ``collapse`` inlined
        text = el.text
        if not text:
            return None
        elif text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
            return text  # already collapsed (see ``collapse``)
        else:
            return " ".join(text.split()) or None
    if not skip:
        return " ".join(_joined_text(el).split()) or None
    walk = _DEFAULT_WALK if skip is SKIP_IN_TEXT else (*skip, etree.Entity)
    if next(el.iterdescendants(*walk), None) is None:  # nothing to skip, no entity: one call
        return " ".join(_text_only(el).split()) or None
    if next(el.iterdescendants(*skip), None) is None:
        return " ".join("".join(el.itertext()).split()) or None
    parts: list[str] = []
    _collect(el, skip, parts)
    return squash("".join(parts))


def plain_text(el: etree._Element, entities: bool = True) -> str | None:
    """All the element's text, white space collapsed, nothing left out (``text_of`` with no skip).

    ``entities=False`` promises that no entity reference node is left below ``el``.
    """
    if not len(el):
        return collapse(el.text)
    if entities:
        return " ".join(_joined_text(el).split()) or None
    return " ".join(_text_only(el).split()) or None


def _joined_text(el: etree._Element) -> str:
    """``"".join(el.itertext())``, in one lxml call when no entity reference is left in ``el``."""
    if next(el.iter(etree.Entity), None) is None:
        return _text_only(el)
    return "".join(el.itertext())


def _text_only(el: etree._Element) -> str:
    """``"".join(el.itertext())`` for an element with no entity reference below it."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _collect(el: etree._Element, skip: frozenset[str], parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in skip:
            _collect(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


def child_text(el: etree._Element | None, tag: str) -> str | None:
    """Text of the first ``tag`` child of ``el``."""
    if el is not None:
        for child in el.iterchildren(tag):
            return text_of(child)
    return None


def path_text(el: etree._Element | None, parent: str, tag: str) -> str | None:
    """Text of the first ``tag`` child of any ``parent`` child (the path ``parent/tag``)."""
    if el is not None:
        for middle in el.iterchildren(parent):
            for child in middle.iterchildren(tag):
                return text_of(child)
    return None


def lang_of(el: etree._Element, default: str | None = None) -> str | None:
    """``xml:lang`` of the element, lower-cased, or ``default``."""
    lang = el.get(XML_LANG)
    return lang.strip().lower() if lang and lang.strip() else default


def to_int(text: str | None) -> int | None:
    if text is None:
        return None
    digits = text.strip()
    return int(digits) if digits.isdigit() else None
