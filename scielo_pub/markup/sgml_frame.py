"""An element's name, declaration, content state and lxml element in, the record of one open element
(``Frame``) the SGML instance parser keeps on its stack out."""

from __future__ import annotations


class Frame:
    """One open element."""

    __slots__ = (
        "name",
        "decl",
        "content",
        "mixed",
        "state",
        "el",
        "incl",
        "excl",
        "in_pcdata",
        "offset",
        "included",
        "net",
        "srmap",
    )

    def __init__(self, name, decl, state, el, incl, excl, offset, included) -> None:
        self.setup(name, decl, state, el, incl, excl, offset, included)

    def setup(self, name, decl, state, el, incl, excl, offset, included) -> None:
        """``__init__``'s work (``new_frame`` calls it on an object made without ``__init__``)."""
        self.name, self.decl, self.state, self.el = name, decl, state, el
        #: The declaration's content type and whether it is mixed, read in every step.
        self.content, self.mixed = decl.content, decl.mixed
        self.incl, self.excl, self.offset, self.included = incl, excl, offset, included
        self.in_pcdata = False
        self.net = False
        #: The current short reference map (delimiter -> entity name), None for the empty map.
        self.srmap: dict[str, str] | None = None


def new_frame(name, decl, state, el, incl, excl, offset, included) -> Frame:
    """``Frame(...)``, which compiled skips the generic call of a type (its argument tuple)."""
    frame = Frame.__new__(Frame)
    frame.setup(name, decl, state, el, incl, excl, offset, included)
    return frame
