"""The document loop's fast path: document text in, the same tree and diagnostics as the general loop out.

One regex search finds the next markup and, in the same match, a whole start tag in its common
form (name and ``attr=value`` pairs), a whole end tag, or a whole element whose data holds no
markup and no line break (``[surname]Silva[/surname]``). These, and the data just before them,
are handled here in their common cases: a proper subelement the content model accepts (cached
automaton transitions), an element that its data alone finishes (made in one step), white space
between elements, data in mixed content on one line, text in element content that no omitted tag
could let in (straight to ``stray``), an end tag that closes a finished element. Everything else
(references, declarations, marked sections, short reference maps, NET, unusual tags, tag
inference, columns, every problem report) goes to the general handlers, so behaviour is the
general loop's: ``tests/sgml/test_fast_path.py`` checks that both give identical trees, lines
and diagnostics.
"""

from __future__ import annotations

from functools import partial

from lxml import etree

from scielo_pub.dtd.model import FAIL, PCDATA
from scielo_pub.markup.sgml_attrs import AttrSpec
from scielo_pub.markup.sgml_frame import Frame, new_frame
from scielo_pub.markup.sgml_lexer import xml_safe
from scielo_pub.markup.sgml_parts import (
    MAX_ATTRIBUTES,
    MAX_DEPTH,
    MAX_LINE,
    NATIVE,
    MarkupMixin,
    native_element,
)
from scielo_pub.markup.sgml_records import AFTER_DATA, AFTER_START, PENDING_RS

_TAGS = ("stagf", "etagf", "leaf")
_SubElement = etree.SubElement


class FastLoopMixin(MarkupMixin):
    """``run_document``: the main loop over the document entity, used unless ``fast=False``."""

    def run_document(self, text: str, pos: int) -> None:
        lex, stack = self.lex, self.stack
        finders = {"cdata": lex.fast_cdata, "rcdata": lex.fast_rcdata}
        content = lex.fast_content
        lower = self.lower_names
        etago, stago = len(lex.etago), self.stago_len
        end = len(text)
        while pos < end:
            frame = stack[-1]
            if frame.srmap is not None or self.net_count:
                pos = self.step(text, pos, True)
                continue
            m = finders.get(frame.content, content).search(text, pos)
            if m is None:
                self.add_data(text[pos:], pos)
                return
            start = m.start()
            kind = m.lastgroup
            if kind not in _TAGS:
                if start > pos:
                    self.add_data(text[pos:start], pos)
                pos = self.dispatch(kind, text, m, True)
                continue
            self.markup_at = start
            if start > pos:
                self.data_before_tag(frame, text[pos:start], pos)
            elif self.run:
                self.flush_run()
            if kind == "leaf":
                pos = self.fast_leaf(m, start)
                continue
            if kind == "stagf":  # the name runs from the delimiter to the attributes
                sa, sa_end = m.span("sa")
                pos = self.fast_start_tag(
                    text[start + stago : sa], text[sa:sa_end], sa, start, m.end()
                )
                continue
            raw = m.group("en")
            pos = m.end()
            top = stack[-1]
            if len(stack) > 1 and top.name == (raw.lower() if lower else raw):
                self.fast_end_tag(top, pos - 1)
            else:
                pos = self.end_tag(text, start + etago, start)

    def data_before_tag(self, frame: Frame, data: str, offset: int) -> None:
        """Data that a tag ends: white space in element content and one line of mixed content
        directly; the rest (and any run already buffered) through ``flush_run``."""
        if not self.run:
            if frame.content == "model":
                if not frame.mixed:
                    if data.isspace():
                        return
                    if frame.el is not None and self.no_pcdata(frame):
                        text = data.lstrip()  # as element_content_data: stray text, reported
                        self.stray(text, offset + len(data) - len(text))
                        return
                elif frame.in_pcdata and "\n" not in data:
                    records = self.records
                    if records.state >= PENDING_RS:
                        data = "\n" + data
                    records.state = AFTER_DATA
                    self.append_text(data)
                    return
            self.run_offset = offset
        self.run.append(data)
        self.flush_run()

    def no_pcdata(self, frame: Frame) -> bool:
        """Whether ``imply(PCDATA)`` surely fails in ``frame`` (element content): no omitted tag
        the DTD permits would let data in here; cached per element, state and exclusions."""
        if not self.omittag:
            return True
        key = (frame.name, frame.state, frame.excl)  # (the name is its declaration's here)
        found = self.no_pcdata_cache.get(key)
        if found is None:
            alg, state = self.alg, frame.state
            need = alg.required_next(state)
            target = self.elements.get(need) if need else None
            found = not (
                alg.step(state, PCDATA) != FAIL
                or (
                    target is not None
                    and target.omit_start
                    and target.content == "model"
                    and need not in frame.excl
                )
                or (frame.decl.omit_end and alg.nullable(state))
            )
            self.no_pcdata_cache[key] = found
        return found

    def is_leaf(self, decl) -> bool:
        """Whether ``decl`` is mixed content that data alone finishes (cached per element)."""
        found = self.leaves.get(decl.name)
        if found is None:
            inner = self.alg.step(decl.model, PCDATA) if decl.content == "model" else FAIL
            found = decl.mixed and inner != FAIL and self.alg.nullable(inner)
            self.leaves[decl.name] = found
        return found

    def specs(self, attr_text: str, base: int) -> list[AttrSpec]:
        """The ``attr=value`` pairs of a start tag the fast regex matched (``base``: their offset)."""
        specs = []
        for p in self.lex.attr_pair.finditer(attr_text):
            if p.group(4) is not None:
                specs.append(AttrSpec(p.group(1), p.group(4), False, base + p.start()))
            else:
                value = p.group(2) if p.group(2) is not None else p.group(3)
                specs.append(AttrSpec(p.group(1), value, True, base + p.start()))
        return specs

    def fast_leaf(self, m, start: int) -> int:
        """``<name attrs>data</name>`` in one match: a proper subelement of mixed content that the
        data finishes is made here in one step; otherwise its start tag is handled alone."""
        text = self.text  # (the fast path reads the document entity only)
        la, la_end = m.span("la")  # the name runs from the delimiter to the attributes
        tag_end, data_end = m.span("ld")
        raw, attr_text = text[start + self.stago_len : la], text[la:la_end]
        name = raw.lower() if self.lower_names else raw
        decl = self.elements.get(name)
        stack, alg = self.stack, self.alg
        frame = stack[-1]
        depth = len(stack)
        if (
            decl is None
            or not (self.leaves.get(name) or self.is_leaf(decl))
            or frame.content != "model"
            or frame.el is None
            or name in frame.excl
            or len(name) > self.namelen
            or depth > MAX_DEPTH
            or depth == self.taglvl + 1
            or not self.plain_tree
        ):
            return self.fast_start_tag(raw, attr_text, la, start, tag_end)
        new = self.transitions.get((frame.state, name))
        if new is None:
            new = alg.step(frame.state, name)
        if new == FAIL:
            return self.fast_start_tag(raw, attr_text, la, start, tag_end)
        known = self.tag_attrs.get((name, attr_text)) if attr_text else None
        specs = None
        if known is None:
            specs = self.specs(attr_text, la) if attr_text else []
            if len(specs) > MAX_ATTRIBUTES:
                return self.fast_start_tag(raw, attr_text, la, start, tag_end)
        frame.state = new
        if known is not None or specs or self.attlists.get(name):
            attrs, conref = known or self.tag_attributes(name, attr_text, specs, tag_end - 1)
            if conref:  # an empty element: the data that follows is its parent's
                self.push(name, decl, attrs, start, included=False, empty=True)
                return tag_end
        else:
            attrs = {}
        frame.in_pcdata = False
        self.recovering = False
        records = self.records
        if records.state >= PENDING_RS:
            self.append_text("\n")
        if self.buf:
            self.flush_buf()
        el = self.fast_element(name, attrs, frame.el, start, xml_safe(text[tag_end:data_end]))
        records.state = AFTER_DATA
        self.buf_el, self.buf_text = el, False
        self.last_ended = name
        self.markup_at = data_end
        return m.end()

    def fast_element(self, name: str, attrs: dict[str, str], parent, start: int, text=None):
        """A subelement of ``parent`` at ``start`` (its line), with ``text`` unless None."""
        try:
            if NATIVE is not None:
                items = tuple(attrs.items()) if attrs else ()
                return native_element(parent, name, items, self.line_of(start), text)
            if attrs:
                el = _SubElement(parent, name, {k: xml_safe(v) for k, v in attrs.items()})
            else:
                el = _SubElement(parent, name)
        except ValueError:
            el = self.make_element(name, attrs, parent, start)
        else:
            el.sourceline = min(self.line_of(start), MAX_LINE)
        if text is not None:
            el.text = text
        return el

    def tag_attributes(
        self, name: str, attr_text: str, specs: list[AttrSpec], at: int
    ) -> tuple[dict[str, str], bool]:
        """``attrs.resolve`` for a start tag the fast regex matched; a result the resolver may
        reuse is also kept by the tag's attribute text (``tag_attrs``), so that the same text
        later needs neither its specifications nor the resolver."""
        attrs, conref = found = self.attrs.resolve(name, specs, at, partial(self.report, at))
        if attr_text and self.attrs.reusable:
            self.tag_attrs[(name, attr_text)] = found
        return attrs, conref

    def fast_start_tag(self, raw: str, attr_text: str, base: int, start: int, end: int) -> int:
        """A start tag the fast regex matched whole; returns where it ends."""
        name = raw.lower() if self.lower_names else raw
        known = self.tag_attrs.get((name, attr_text)) if attr_text else None
        decl = self.elements.get(name)
        specs = None
        if known is None:  # (a known text was a declared element's, within every limit)
            specs = self.specs(attr_text, base) if attr_text else []
            if decl is None or len(name) > self.namelen or len(specs) > MAX_ATTRIBUTES:
                self.start_element(raw, specs, start, end)
                return end
        at = end - 1
        stack = self.stack
        frame = stack[-1]
        included = None
        if frame.content == "model" and name not in frame.excl:
            new = self.transitions.get((frame.state, name))
            if new is None:
                new = self.alg.step(frame.state, name)
            if new != FAIL:
                frame.state = new
                included = False
        if included is None:
            included = self.place_element(name, at)
        if known is not None:
            attrs, conref = known
        elif specs or self.attlists.get(name):
            attrs, conref = self.tag_attributes(name, attr_text, specs, at)
        else:
            attrs, conref = {}, False
        parent = stack[-1]
        depth = len(stack)
        if (
            included
            or conref
            or parent.el is None
            or decl.content == "empty"
            or depth > MAX_DEPTH
            or depth == self.taglvl + 1
            or not self.plain_tree
        ):
            self.push(name, decl, attrs, start, included=included, empty=conref)
            return end
        self.fast_push(name, decl, attrs, start, parent)
        return end

    def fast_push(self, name: str, decl, attrs: dict[str, str], start: int, parent) -> None:
        """``push`` for a proper subelement with content, under an element, without columns."""
        parent.in_pcdata = False
        self.recovering = False
        records = self.records
        if records.state >= PENDING_RS:
            self.append_text("\n")
        records.state = AFTER_START
        if self.buf:
            self.flush_buf()
        else:
            self.buf_el = None
        el = self.fast_element(name, attrs, parent.el, start)
        incl, excl = parent.incl, parent.excl
        if decl.inclusions or decl.exclusions:
            incl, excl = (incl | decl.inclusions) - decl.exclusions, excl | decl.exclusions
        frame = new_frame(name, decl, decl.model, el, incl, excl, start, False)
        frame.srmap = parent.srmap
        self.stack.append(frame)

    def done(self, frame: Frame) -> bool:
        """Whether ``frame``'s content model may end here (``alg.nullable``, cached)."""
        found = self.nullables.get(frame.state)
        return self.alg.nullable(frame.state) if found is None else found

    def fast_end_tag(self, frame: Frame, at: int) -> None:
        """``pop`` of the open element its end tag names, when nothing is reported."""
        if frame.net or frame.included or (frame.content == "model" and not self.done(frame)):
            self.pop(at, implied=False)
            return
        self.stack.pop()
        self.last_ended = frame.name
        self.records.state = AFTER_DATA
        self.recovering = False
        if self.buf:
            self.flush_buf()
        self.buf_el, self.buf_text = frame.el, False
