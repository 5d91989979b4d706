"""Record ends (RE) and starts (RS) of mixed content in, the line breaks that are data out (ISO 8879 7.6.1).

The rules are applied as OpenSP's ``OutputState`` applies them: the first RE after a start tag is
ignored, an RE is held back until data or a proper subelement follows (an end tag drops it), and
an RE that ends a line holding only markup (comments, processing instructions, inclusions) is
ignored. Included elements get a state of their own; proper subelements share their parent's.
"""

from __future__ import annotations

AFTER_START, AFTER_RS, AFTER_DATA, PENDING_RS, PENDING_MARKUP = range(5)


class RecordEnds:
    """The RE state of the open inclusion levels; ``emit`` receives each RE that is data."""

    __slots__ = ("state", "levels")

    def __init__(self) -> None:
        self.state = AFTER_START
        self.levels: list[int] = []

    @property
    def pending(self) -> bool:
        return self.state >= PENDING_RS

    def run(self, data: str) -> str:
        """The data of one run of mixed content, each newline an RE and each line start an RS."""
        if "\n" not in data:
            return self.data(data) if data else ""
        out: list[str] = []
        pieces = data.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                out.append(self.record_end())
                self.record_start()
            if piece:
                out.append(self.data(piece))
        return "".join(out)

    def data(self, text: str) -> str:
        held = "\n" if self.pending else ""
        self.state = AFTER_DATA
        return held + text

    def record_end(self) -> str:
        state = self.state
        if state == AFTER_START:
            self.state = AFTER_RS
            return ""
        if state == PENDING_RS:
            return "\n"  # the held RE is not the last one: it is data; this one is now held
        self.state = PENDING_RS  # from AFTER_RS/AFTER_DATA: hold it; from PENDING_MARKUP: ignore it
        return ""

    def record_start(self) -> None:
        self.state = PENDING_RS if self.pending else AFTER_RS

    def markup(self) -> None:
        if self.state == AFTER_RS:
            self.state = AFTER_START
        elif self.state == PENDING_RS:
            self.state = PENDING_MARKUP

    def start_element(self, included: bool) -> str:
        """Entering an element: a held RE becomes data before a proper subelement."""
        if included:
            self.levels.append(self.state)
            self.state = AFTER_START
            return ""
        held = "\n" if self.pending else ""
        self.state = AFTER_START
        return held

    def end_element(self, included: bool) -> None:
        """Leaving an element: a held RE is the last one and is ignored."""
        if included and self.levels:
            self.state = self.levels.pop()
            self.markup()
        else:
            self.state = AFTER_DATA
