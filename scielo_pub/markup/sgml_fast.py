"""The document loop's fast path: document text in, the same tree and diagnostics as the general loop out.

One regex search finds the next markup and, in the same match, a whole start tag in its common
form (name and ``attr=value`` pairs) or a whole end tag; such tags are handled here with the
content-model automaton's cached transitions and no intermediate objects. Everything else
(references, declarations, marked sections, short reference maps, NET, unusual tags, tags the
model rejects) goes to the general handlers, so behaviour is the general loop's:
``tests/sgml/test_fast_path.py`` checks that both give identical trees and diagnostics.
"""

from __future__ import annotations

from scielo_pub.dtd.model import FAIL
from scielo_pub.markup.sgml_attrs import AttrSpec
from scielo_pub.markup.sgml_parts import MAX_ATTRIBUTES


class FastLoopMixin:
    """``run_document``: the main loop over the document entity, used unless ``fast=False``."""

    def run_document(self, text: str, pos: int) -> None:
        lex, stack = self.lex, self.stack
        finders = {"cdata": lex.fast_cdata, "rcdata": lex.fast_rcdata}
        content = lex.fast_content
        lower = self.decl.namecase_general
        etago = len(lex.etago)
        end = len(text)
        while pos < end:
            frame = stack[-1]
            if frame.srmap is not None or self.net_count:
                pos = self.step(text, pos, True)
                continue
            m = finders.get(frame.decl.content, content).search(text, pos)
            if m is None:
                self.add_data(text[pos:], pos)
                return
            start = m.start()
            if start > pos:
                if not self.run:
                    self.run_offset = pos
                self.run.append(text[pos:start])
            kind = m.lastgroup
            if kind == "stagf":
                self.markup_at = start
                if self.run:
                    self.flush_run()
                pos = self.fast_start_tag(m, start)
            elif kind == "etagf":
                self.markup_at = start
                if self.run:
                    self.flush_run()
                raw = m.group("en")
                pos = m.end()
                if len(stack) > 1 and stack[-1].name == (raw.lower() if lower else raw):
                    self.pop(pos - 1, implied=False)
                else:
                    pos = self.end_tag(text, start + etago, start)
            else:
                pos = self.dispatch(kind, text, m, True)

    def fast_start_tag(self, m, start: int) -> int:
        """A whole start tag matched by the fast regex; returns where it ends."""
        raw, end = m.group("sn"), m.end()
        specs = []
        attr_text = m.group("sa")
        if attr_text:
            base = m.start("sa")
            for p in self.lex.attr_pair.finditer(attr_text):
                if p.group(4) is not None:
                    specs.append(AttrSpec(p.group(1), p.group(4), False, base + p.start()))
                else:
                    value = p.group(2) if p.group(2) is not None else p.group(3)
                    specs.append(AttrSpec(p.group(1), value, True, base + p.start()))
        name = raw.lower() if self.decl.namecase_general else raw
        decl = self.dtd.elements.get(name)
        if decl is None or len(name) > self.namelen or len(specs) > MAX_ATTRIBUTES:
            self.start_element(raw, specs, start, end)
            return end
        at = end - 1
        frame = self.stack[-1]
        included = None
        if frame.decl.content == "model" and name not in frame.excl:
            new = self.alg.step(frame.state, name)
            if new != FAIL:
                frame.state = new
                included = False
        if included is None:
            included = self.place_element(name, at)
        if specs or self.dtd.attlists.get(name):
            attrs, conref = self.attrs.resolve(
                name, specs, at, lambda msg, code: self.report(at, msg, code)
            )
        else:
            attrs, conref = {}, False
        self.push(name, decl, attrs, start, included=included, empty=conref)
        return end
