"""Tags, tag inference (OMITTAG), processing instructions, markup declarations, reports and stray text of an SGML instance."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import partial

from lxml import etree

from scielo_pub.dtd.model import FAIL, PCDATA
from scielo_pub.dtd.types import ElementDecl
from scielo_pub.errors import Diagnostic, Severity
from scielo_pub.markup.sgml_attrs import AttrSpec
from scielo_pub.markup.sgml_frame import Frame
from scielo_pub.markup.sgml_lexer import COMPILED, xml_safe

SGML_NS = "urn:scielo-pub:sgml"
STRAY = f"{{{SGML_NS}}}stray"
COL = f"{{{SGML_NS}}}col"
#: With ``columns=True``, a stray element's source span ``start:end`` (offsets in the decoded text).
SPAN = f"{{{SGML_NS}}}span"
MAX_DEPTH = 100
#: The largest ``sourceline`` lxml can hold (an unsigned short); elements on later lines get it.
MAX_LINE = 65535
MAX_DIAGNOSTICS = 2000
#: Most attributes one start tag may give (the reference syntax's ATTCNT is 40).
MAX_ATTRIBUTES = 256
ANY_DECL = ElementDecl("#any", False, False, "any")


#: The fields of a ``Diagnostic`` in order (``_diagnostic`` sets them all).
DIAGNOSTIC_FIELDS = ("path", "line", "column", "severity", "message", "code", "kind", "advice")
_new = object.__new__
#: The setters of a ``Diagnostic``'s slots (a frozen dataclass with ``slots=True``), in field order.
_SETTERS = tuple(Diagnostic.__dict__[name].__set__ for name in DIAGNOSTIC_FIELDS)


def _diagnostic(
    path: str, line: int, column: int, severity, message: str, code: str, advice: str
) -> Diagnostic:
    """``Diagnostic(path, line, column, severity, message, code, advice=advice)`` made without the
    frozen dataclass's generated ``__init__`` (one guarded Python-level assignment per field, the
    largest cost of a stray-text warning): its slots are set directly. Positions below 1 become
    1, as its ``__post_init__`` does. ``tests/sgml/test_compiled.py`` checks that both give
    equal diagnostics."""
    made = _new(Diagnostic)
    set_path, set_line, set_column, set_severity, set_message, set_code, set_kind, set_advice = (
        _SETTERS
    )
    set_path(made, path)
    set_line(made, line if line >= 1 else 1)
    set_column(made, column if column >= 1 else 1)
    set_severity(made, severity)
    set_message(made, message)
    set_code(made, code)
    set_kind(made, "structure")
    set_advice(made, advice)
    return made


_SubElement = etree.SubElement
_NEWLINE = re.compile("\n")
_WARNING = Severity.WARNING  # (an attribute of the enum class is a slow look-up)


def _native_module():
    """The compiled helper ``sgml_lxml`` (elements and diagnostics made through lxml's and
    CPython's C APIs) when this engine is the compiled one and the helper imports (it was built
    against a compatible lxml); otherwise None and the Python calls above make the same objects."""
    if not COMPILED:
        return None
    try:
        from scielo_pub.markup import sgml_lxml
    except Exception:  # noqa: BLE001 - not built, or built against another lxml: stay on the API
        return None
    return sgml_lxml


#: ``sgml_lxml`` or None (``_native_module``).
NATIVE = _native_module()
#: Its element and diagnostic makers (None without it).
native_element = None if NATIVE is None else NATIVE.sub_element
native_diagnostic = None if NATIVE is None else NATIVE.new_diagnostic
native_stray = None if NATIVE is None else NATIVE.stray_element
#: The document element declares the marker namespace once (prefix ``sgml``), so that each stray
#: element and column attribute finds it there instead of declaring it anew.
_NSMAP = {"sgml": SGML_NS}
_STRAY_ADVICE = (
    "Mark it up with a tag the DTD allows here, or wrap it in [ign] if it is only punctuation."
)
#: Stray-text messages by text (the same punctuation recurs between the parts of every reference).
_STRAY_MESSAGES: dict[str, str] = {}


def _stray_message(data: str) -> str:
    """The warning for stray text ``data`` (kept for texts of up to 8 characters)."""
    found = _STRAY_MESSAGES.get(data)
    if found is None:
        words = data.strip()[:40]
        what = f"text {words!r}" if words else "a line break (character data in mixed content)"
        found = f"{what} is not allowed here by the DTD (kept as stray text)"
        if len(data) <= 8 and len(_STRAY_MESSAGES) < 4096:
            _STRAY_MESSAGES[data] = found
    return found


def _xml_name(name: str) -> str:
    """``name`` with the characters an XML name cannot hold replaced."""
    safe = "".join(c if c.isalnum() or c in "-." else "_" for c in name)
    return safe if safe[:1].isalpha() else f"x{safe}"


class MarkupMixin:
    """Methods of InstanceParser that handle markup; state lives on the parser."""

    # ------------------------------------------------------------------ positions, reports, stray text, text
    def position(self, offset: int) -> tuple[int, int]:
        if self.ref_offset is not None:
            offset = self.ref_offset
        line = self.line_of(offset)
        start = self.text.rfind("\n", 0, offset) + 1 if line > 1 else 0
        return line, offset - start + 1

    def line_of(self, offset: int) -> int:
        """The 1-based line of document offset ``offset``: the line of the offset asked before
        plus the newlines since (the document loop asks in order), else a binary search."""
        last = self.line_offset
        if 0 <= last <= offset:
            line = self.line_number + self.text.count("\n", last, offset)
        else:
            if self.newlines is None:
                self.newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
            line = bisect_left(self.newlines, offset) + 1
        if offset >= 0:
            self.line_offset, self.line_number = offset, line
        return line

    def report(
        self,
        offset: int,
        message: str,
        code: str,
        severity=Severity.ERROR,
        advice="",
        at: tuple[int, int] | None = None,
    ) -> None:
        """A diagnostic at ``offset`` (``at``: its line and column when the caller has them)."""
        if len(self.diagnostics) >= MAX_DIAGNOSTICS:
            return
        line, col = at or self.position(offset)
        self.add_diagnostic(line, col, severity, message, code, advice)

    def add_diagnostic(
        self, line: int, col: int, severity, message: str, code: str, advice: str
    ) -> None:
        """``report``'s diagnostic, once its position is known (the last one says there are more)."""
        if len(self.diagnostics) == MAX_DIAGNOSTICS - 1:
            message, code = "too many problems; stopped reporting", "sgml.too-many"
        if NATIVE is None:
            made = _diagnostic(self.path, line, col, severity, message, code, advice)
        else:
            made = native_diagnostic(self.path, line, col, severity, message, code, advice)
        self.diagnostics.append(made)

    def stray(self, data: str, offset: int, reported: bool = False) -> None:
        at = self.position(offset)
        if not reported and len(self.diagnostics) < MAX_DIAGNOSTICS:
            self.add_diagnostic(
                at[0],
                at[1],
                _WARNING,
                _stray_message(data),
                "sgml.stray-text",
                _STRAY_ADVICE,
            )
        self.flush_buf()  # an empty stray element still marks a misplaced line break
        parent = self.stack[-1].el
        if NATIVE is None:
            el = _SubElement(parent, STRAY)
            el.text = xml_safe(data)
            el.sourceline = min(at[0], MAX_LINE)
        else:
            el = native_stray(parent, at[0], xml_safe(data))
        if self.columns and self.ref_offset is None and self.markup_at is not None:
            el.set(SPAN, f"{offset}:{self.markup_at}")
        self.buf_el, self.buf_text = el, False

    def append_text(self, data: str) -> None:
        if self.buf_el is None:
            frame = self.stack[-1]
            if frame.el is None:
                return
            self.buf_el, self.buf_text = frame.el, True
        self.buf.append(data)

    def flush_buf(self) -> None:
        el = self.buf_el
        if self.buf and el is not None:
            text = xml_safe("".join(self.buf))
            if self.buf_text:
                el.text = (el.text or "") + text
            else:
                el.tail = (el.tail or "") + text
        self.buf = []
        self.buf_el = None

    # ------------------------------------------------------------------ start tags
    def start_tag(self, text: str, pos: int, start: int) -> int:
        lex = self.lex
        full = lex.stag_full.match(text, start)
        if full is not None:
            specs = []
            if full.group(2):
                base = full.start(2)
                for p in lex.attr_pair.finditer(full.group(2)):
                    quoted = p.group(4) is None
                    value = (
                        p.group(4)
                        if not quoted
                        else (p.group(2) if p.group(2) is not None else p.group(3))
                    )
                    specs.append(AttrSpec(p.group(1), value, quoted, base + p.start()))
            self.start_element(full.group(1), specs, start, full.end())
            return full.end()
        m = lex.name.match(text, pos)
        if m is None:  # empty start tag <> (SHORTTAG)
            end = pos + len(lex.tagc)
            if not self.decl.shorttag:
                self.report(
                    start,
                    "empty start tag needs SHORTTAG YES; write the element name",
                    "sgml.empty-start-tag",
                )
                return end
            self.start_element(self.empty_tag_name(), [], start, end)
            return end
        raw = m.group()
        self.net_tag = False
        specs, end = self.attribute_specs(text, m.end(), start)
        self.start_element(raw, specs, start, end, net=self.net_tag)
        return end

    def empty_tag_name(self) -> str:
        """The element an empty start tag repeats: as SP, the current element with OMITTAG, else the last ended."""
        if self.decl.omittag:
            name = self.stack[-1].name if len(self.stack) > 1 else None
        else:
            name = self.last_ended
        return name or self.doc_name

    def attribute_specs(self, text: str, pos: int, start: int) -> tuple[list[AttrSpec], int]:
        lex, specs = self.lex, []
        n = len(text)
        while True:
            pos = lex.space.match(text, pos).end()
            if pos >= n:
                self.report(
                    start,
                    "start tag is not closed before the end of the document",
                    "sgml.unclosed-tag",
                )
                return specs, n
            if text.startswith(lex.tagc, pos):
                return specs, pos + len(lex.tagc)
            if text.startswith(lex.stago, pos) or text.startswith(lex.etago, pos):
                if not self.decl.shorttag:
                    self.report(
                        start, "unclosed start tag; add the closing delimiter", "sgml.unclosed-tag"
                    )
                return specs, pos
            if self.decl.shorttag and text.startswith(lex.net, pos):
                self.net_tag = True  # NET-enabling start tag: <p/text/
                return specs, pos + len(lex.net)
            m = lex.nmtoken.match(text, pos)
            if m is None:
                self.report(
                    pos,
                    f"character {text[pos]!r} is not allowed in a start tag; remove it",
                    "sgml.tag-char",
                )
                pos += 1
                continue
            after = lex.space.match(text, m.end()).end()
            if text.startswith(lex.vi, after):
                spec, pos = self.attribute_value(
                    text, lex.space.match(text, after + len(lex.vi)).end(), m.group()
                )
                specs.append(spec)
            else:
                specs.append(AttrSpec(None, m.group(), False, pos))
                pos = m.end()

    def attribute_value(self, text: str, pos: int, name: str) -> tuple[AttrSpec, int]:
        lex = self.lex
        for quote in (lex.lit, lex.lita):
            if text.startswith(quote, pos):
                close = text.find(quote, pos + len(quote))
                if close < 0:
                    self.report(
                        pos,
                        "attribute value literal is never closed; add the closing quote",
                        "sgml.literal",
                    )
                    return AttrSpec(name, text[pos + len(quote) :], True, pos), len(text)
                return AttrSpec(name, text[pos + len(quote) : close], True, pos), close + len(quote)
        m = lex.unquoted.match(text, pos)
        if m is None:
            self.report(
                pos,
                f"attribute {name} has no value after '='; give it one",
                "sgml.attribute-missing-value",
            )
            return AttrSpec(name, "", True, pos), pos
        end = m.end()
        token = lex.nmtoken.match(text, pos)
        if token is not None and token.end() < end and self.ends_value(text, token.end()):
            end = token.end()  # a name token ends at a NET or a tag that follows (SHORTTAG)
        return AttrSpec(name, text[pos:end], False, pos), end

    def ends_value(self, text: str, pos: int) -> bool:
        lex = self.lex
        return text.startswith(lex.stago, pos) or (
            self.decl.shorttag and text.startswith(lex.net, pos)
        )

    def start_element(
        self, raw: str, specs: list[AttrSpec], start: int, end: int, *, net: bool = False
    ) -> None:
        name = self.dtd.fold(raw)
        at = end - 1  # errors about a tag are reported where it closes, as SP does
        if len(specs) > MAX_ATTRIBUTES:
            self.report(
                at,
                f"the start tag gives {len(specs)} attributes, more than {MAX_ATTRIBUTES}; "
                f"only the first {MAX_ATTRIBUTES} are read",
                "sgml.too-many-attributes",
            )
            specs = specs[:MAX_ATTRIBUTES]
        if len(name) > self.namelen:
            self.report(at, f"name {raw!r} is longer than NAMELEN ({self.namelen})", "sgml.namelen")
        decl = self.dtd.elements.get(name)
        if decl is None:
            self.report(
                at,
                f"element {name.upper()} undefined; use an element the DTD declares",
                "sgml.undefined-element",
            )
            self.push(name, None, {}, start, included=True, net=net)
            return
        included = self.place_element(name, at)
        attrs, conref = self.attrs.resolve(name, specs, at, partial(self.report, at))
        self.push(name, decl, attrs, start, included=included, empty=conref, net=net)

    def place_element(self, name: str, at: int) -> bool:
        """Advance the content model for ``name``; returns True when it enters as an inclusion."""
        frame = self.stack[-1]
        placed = self.accept(frame, name)
        if placed is not None:
            return placed
        if self.imply(name, at):
            return self.accept(self.stack[-1], name) or False
        missing = self.missing_start(frame, name)
        if missing is not None:
            self.report(
                at,
                f"start tag for {missing.upper()} omitted, but its declaration does not permit this; add [{missing}]",
                "sgml.start-tag-omitted",
            )
            self.open_implied(missing, at)
            placed = self.accept(self.stack[-1], name)
            if placed is not None:
                return placed
        self.report(
            at,
            f"document type does not allow element {name.upper()} here; move it or check the tags around it",
            "sgml.element-not-allowed",
        )
        return True

    def accept(self, frame, name: str) -> bool | None:
        """False if ``name`` is a proper subelement here (state advanced), True if included, None if not allowed."""
        if name in frame.excl:
            return None
        content = frame.content
        if content == "any":
            return False
        if content == "model":
            new = self.alg.step(frame.state, name)
            if new != FAIL:
                frame.state = new
                return False
        return True if name in frame.incl else None

    def allows(self, decl, state, incl, excl, symbol: str) -> bool:
        if decl.content == "any":
            return True
        if symbol == PCDATA:
            return decl.content == "model" and self.alg.step(state, PCDATA) != FAIL
        if symbol in excl:
            return False
        return symbol in incl or (decl.content == "model" and self.alg.step(state, symbol) != FAIL)

    def imply(self, symbol: str, at: int) -> bool:
        """Infer omitted start/end tags the DTD permits so that ``symbol`` fits; True if it now does."""
        if not self.decl.omittag:
            return False
        plan, depth = [], len(self.stack) - 1
        decl, state, incl, excl = self.frame_view(depth)
        for _ in range(32):
            if self.allows(decl, state, incl, excl, symbol):
                break
            need = self.alg.required_next(state) if decl.content == "model" else None
            target = self.dtd.elements.get(need) if need else None
            if (
                target is not None
                and target.omit_start
                and target.content == "model"
                and need not in excl
            ):
                plan.append(("open", need))
                state = self.alg.step(state, need)
                decl, state = target, target.model
                incl, excl = incl | target.inclusions, excl | target.exclusions
                continue
            if (
                depth > 0
                and all(op == "close" for op, _n in plan)
                and decl.omit_end
                and self.alg.nullable(state)
            ):
                plan.append(("close", None))
                depth -= 1
                decl, state, incl, excl = self.frame_view(depth)
                continue
            return False
        else:
            return False
        for op, name in plan:
            if op == "open":
                self.open_implied(name, at)
            else:
                self.pop(at, implied=True)
        return bool(plan)

    def frame_view(self, depth: int):
        f = self.stack[depth]
        return f.decl, f.state, f.incl, f.excl

    def missing_start(self, frame, name: str) -> str | None:
        if frame.content != "model":
            return None
        found = []
        for candidate in self.alg.first(frame.state):
            decl = self.dtd.elements.get(candidate)
            if candidate == PCDATA or decl is None or decl.content != "model":
                continue
            if name in self.alg.first(decl.model) and candidate not in frame.excl:
                found.append(candidate)
        return found[0] if len(found) == 1 else None

    def open_implied(self, name: str, at: int) -> None:
        frame = self.stack[-1]
        self.accept(frame, name)
        attrs, _ = self.attrs.resolve(name, [], at, partial(self.report, at))
        self.push(name, self.dtd.elements[name], attrs, at, included=False)

    # ------------------------------------------------------------------ the element stack
    def push(
        self, name, decl, attrs, start, *, included: bool, empty: bool = False, net: bool = False
    ) -> None:
        parent = self.stack[-1]
        if not included:
            parent.in_pcdata = False
        self.recovering = False
        held = self.records.start_element(included)
        if held:
            self.append_text(held)
        self.flush_buf()
        el = self.make_element(name, attrs, parent.el, start)
        if el is None:
            return
        if self.root is None:
            self.root = el
        if self.columns:
            el.set(COL, str(self.position(start)[1]))
        decl = decl or ANY_DECL
        if decl.content == "empty" or empty:
            self.records.end_element(included)
            self.buf_el, self.buf_text = el, False
            self.last_ended = name
            return
        if len(self.stack) > MAX_DEPTH:
            self.report(
                start,
                f"elements nest more than {MAX_DEPTH} deep; the rest is flattened",
                "sgml.depth-limit",
            )
            self.records.end_element(included)
            self.buf_el, self.buf_text = el, False
            return
        if len(self.stack) == self.taglvl + 1:
            self.report(start, f"more than TAGLVL ({self.taglvl}) elements are open", "sgml.taglvl")
        incl, excl = parent.incl, parent.excl
        if decl.inclusions or decl.exclusions:
            incl, excl = (incl | decl.inclusions) - decl.exclusions, excl | decl.exclusions
        frame = Frame(name, decl, decl.model, el, incl, excl, start, included)
        frame.srmap = parent.srmap if not self.dtd.usemaps else self.map_for(name, parent)
        if net:
            frame.net = True
            self.net_count += 1
        self.stack.append(frame)

    def map_for(self, name: str, parent: Frame) -> dict[str, str] | None:
        """The short reference map an element starts with: its USEMAP, else its parent's."""
        used = self.dtd.usemaps.get(name)
        if used is None:
            return parent.srmap
        return self.dtd.shortref_maps.get(used) or None

    def make_element(self, name: str, attrs: dict[str, str], parent, start: int):
        if parent is not None:
            try:  # the common case: one lxml call with every attribute
                el = etree.SubElement(parent, name, {k: xml_safe(v) for k, v in attrs.items()})
            except ValueError:
                pass
            else:
                el.sourceline = min(self.position(start)[0], MAX_LINE)
                return el
        try:
            el = etree.Element(name, nsmap=_NSMAP) if parent is None else _SubElement(parent, name)
        except ValueError:
            safe = _xml_name(name)
            el = etree.Element(safe, nsmap=_NSMAP) if parent is None else _SubElement(parent, safe)
        if parent is None and self.root is not None:
            self.report(
                start,
                "a second document element is not allowed; it is kept inside the first",
                "sgml.second-root",
            )
            self.root.append(el)
        for key, value in attrs.items():
            try:
                el.set(key, xml_safe(value))
            except ValueError:
                self.report(
                    start,
                    f"attribute name {key!r} cannot be represented in XML; it was dropped",
                    "sgml.attribute-name",
                )
        el.sourceline = min(self.position(start)[0], MAX_LINE)
        return el

    def pop(self, at: int, *, implied: bool) -> None:
        frame = self.stack.pop()
        self.last_ended = frame.name
        if frame.net:
            self.net_count -= 1
        self.records.end_element(frame.included)
        self.recovering = False
        self.flush_buf()
        if frame.content == "model" and not self.alg.nullable(frame.state):
            expected = self.alg.describe(frame.state)
            self.report(
                at,
                f"end tag for {frame.name.upper()} which is not finished; it still needs {expected}",
                "sgml.not-finished",
            )
        if implied and not frame.decl.omit_end and frame.content != "any":
            self.report(
                at,
                f"end tag for {frame.name.upper()} omitted, but its declaration does not permit this; add [/{frame.name}]",
                "sgml.end-tag-omitted",
            )
        self.buf_el, self.buf_text = frame.el, False

    # ------------------------------------------------------------------ end tags
    def end_tag(self, text: str, pos: int, start: int) -> int:
        full = self.lex.etag_full.match(text, start)
        if full is not None:
            stack = self.stack
            if stack[-1].name == self.dtd.fold(full.group(1)) and len(stack) > 1:
                self.pop(full.end() - 1, implied=False)
                return full.end()
        m = self.lex.name.match(text, pos)
        end = m.end() if m else pos
        end = self.lex.space.match(text, end).end()
        if text.startswith(self.lex.tagc, end):
            end += len(self.lex.tagc)
        elif not (self.decl.shorttag and text.startswith(self.lex.stago, end)):
            self.report(
                start, "end tag is not closed; add the closing delimiter", "sgml.unclosed-tag"
            )
        at = end - 1
        if m is None:  # empty end tag </> ends the current element (SHORTTAG)
            if len(self.stack) > 1:
                self.pop(at, implied=False)
            else:
                self.report(
                    at,
                    "empty end tag but no open elements; remove it",
                    "sgml.empty-end-tag",
                )
            return end
        name = self.dtd.fold(m.group())
        depth = next(
            (i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].name == name), 0
        )
        if depth == 0:
            self.report(
                at,
                f"end tag for element {name.upper()} which is not open; remove it",
                "sgml.end-tag-not-open",
            )
            return end
        while len(self.stack) - 1 > depth:
            self.pop(at, implied=True)
        self.pop(at, implied=False)
        return end

    def null_end_tag(self, start: int, end: int) -> int:
        """A NET (``/``) ends the innermost element opened by a NET-enabling start tag."""
        self.records.markup()
        depth = next(i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].net)
        while len(self.stack) - 1 > depth:
            self.pop(start, implied=True)
        self.pop(start, implied=False)
        return end

    def finish(self) -> None:
        end = max(0, len(self.text) - 1)
        while len(self.stack) > 1:
            frame = self.stack[-1]
            if frame.content == "model" and not self.alg.nullable(frame.state):
                self.report(
                    end,
                    f"{frame.name.upper()} is not finished but the document ended",
                    "sgml.not-finished-eof",
                )
            self.pop_at_end(end)
        self.flush_buf()
        if self.root is None:
            self.report(
                end,
                f"the document has no {self.doc_name.upper()} element",
                "sgml.no-document-element",
            )
        for value, offset in self.attrs.idrefs:
            if value not in self.attrs.ids:
                self.report(
                    offset,
                    f"reference to non-existent ID {value.upper()!r}; add the ID or fix the reference",
                    "sgml.missing-id",
                )

    def pop_at_end(self, end: int) -> None:
        frame = self.stack.pop()
        if frame.net:
            self.net_count -= 1
        self.records.end_element(frame.included)
        self.flush_buf()
        if not frame.decl.omit_end and frame.decl.name != "#any":
            self.report(
                end,
                f"end tag for {frame.name.upper()} omitted, but its declaration does not permit this; add [/{frame.name}]",
                "sgml.end-tag-omitted",
            )
        self.buf_el, self.buf_text = frame.el, False

    # ------------------------------------------------------------------ PIs, declarations, marked sections
    def processing_instruction(self, text: str, pos: int, start: int) -> int:
        self.records.markup()
        pic = self.decl.delim("PIC")
        close = text.find(pic, pos)
        if close < 0:
            self.report(start, "processing instruction is never closed; end it with '>'", "sgml.pi")
            return len(text)
        self.add_pi(text[pos:close])
        return close + len(pic)

    def add_pi(self, body: str) -> None:
        parent = self.stack[-1].el
        if parent is None:
            return
        target, _, rest = body.strip().partition(" ")
        if (
            not target[:1].isalpha()
            or not target.replace("-", "").replace(".", "").isalnum()
            or target.lower() == "xml"
        ):
            target, rest = "sgml", body
        self.flush_buf()
        pi = etree.ProcessingInstruction(target, xml_safe(rest.replace("?>", "? >")))
        parent.append(pi)
        self.buf_el, self.buf_text = pi, False

    def markup_declaration(self, text: str, pos: int, start: int) -> int:
        self.records.markup()
        com, mdc, dso = self.decl.delim("COM"), self.decl.delim("MDC"), self.decl.delim("DSO")
        if text.startswith(com, pos) or text.startswith(mdc, pos):
            return self.comment_declaration(text, pos, start)
        if text.startswith(dso, pos):
            return self.marked_section(text, pos + len(dso), start)
        close = text.find(mdc, pos)
        word = self.lex.name.match(text, pos).group()
        if word.upper() == "USEMAP":
            return self.use_map(text, pos + len(word), start, close)
        self.report(
            start,
            f"markup declaration <!{word} is not allowed in the document instance; remove it",
            "sgml.declaration-in-instance",
        )
        return len(text) if close < 0 else close + len(mdc)

    def use_map(self, text: str, pos: int, start: int, close: int) -> int:
        """``<!USEMAP map>`` in content: the map becomes current for the open element."""
        end = len(text) if close < 0 else close + len(self.decl.delim("MDC"))
        words = text[pos : end - 1].split()
        if len(words) != 1:
            self.report(
                start, "write <!USEMAP map> (one map name) in the document instance", "sgml.usemap"
            )
            return end
        word = words[0]
        rni = self.decl.delim("RNI")
        if word.upper() == f"{rni}EMPTY":
            self.stack[-1].srmap = None
            return end
        mapping = self.dtd.shortref_maps.get(self.dtd.fold(word))
        if mapping is None:
            self.report(
                start,
                f"short reference map {word!r} is not declared; declare it with <!SHORTREF>",
                "sgml.usemap",
            )
            return end
        self.stack[-1].srmap = mapping or None
        return end

    def comment_declaration(self, text: str, pos: int, start: int) -> int:
        com, mdc = self.decl.delim("COM"), self.decl.delim("MDC")
        while True:
            pos = self.lex.space.match(text, pos).end()
            if text.startswith(mdc, pos):
                return pos + len(mdc)
            if not text.startswith(com, pos):
                self.report(
                    start, "invalid comment declaration; write <!-- text -->", "sgml.comment"
                )
                close = text.find(mdc, pos)
                return len(text) if close < 0 else close + len(mdc)
            close = text.find(com, pos + len(com))
            if close < 0:
                self.report(start, "comment is never closed; end it with '-->'", "sgml.comment")
                return len(text)
            pos = close + len(com)

    def marked_section(self, text: str, pos: int, start: int) -> int:
        dso, msc, mdc = self.decl.delim("DSO"), self.decl.delim("MSC"), self.decl.delim("MDC")
        close = text.find(dso, pos)
        if close < 0:
            self.report(
                start,
                "marked section start without '['; write <![ CDATA [ ... ]]>",
                "sgml.marked-section",
            )
            return len(text)
        keywords = self.ms_keywords(text[pos:close])
        body = close + len(dso)
        end_mark = msc + mdc
        if "IGNORE" in keywords or "CDATA" in keywords or "RCDATA" in keywords:
            end = text.find(end_mark, body)
            stop = len(text) if end < 0 else end
            if end < 0:
                self.report(
                    start,
                    "marked section is never closed; end it with ']]>'",
                    "sgml.marked-section",
                )
            if "IGNORE" not in keywords:
                data = text[body:stop]
                self.add_data(
                    self.expand_attr_refs(data) if "CDATA" not in keywords else data, body
                )
            return stop + len(end_mark) if end >= 0 else stop
        self.ms_depth += 1
        return body

    def ms_keywords(self, raw: str) -> set[str]:
        words = set()
        for word in raw.split():
            if word.startswith(self.decl.delim("PERO")):
                entity = self.dtd.parameter_entities.get(word[1:].rstrip(";"))
                words.update((entity.text or "").upper().split() if entity else ())
            else:
                words.add(word.upper())
        return words
