"""Document instance text plus a ``Dtd`` in, an lxml tree with tag inference and diagnostics out.

Stray text (character data where the DTD allows none, e.g. punctuation between citation parts) is
kept inside a ``{urn:scielo-pub:sgml}stray`` element and reported as a warning, as SciELO's Parser
"ignore markup" step keeps it inside ``[ign]``. Each element's source column is kept in the
``{urn:scielo-pub:sgml}col`` attribute; its line is ``el.sourceline``.
"""

from __future__ import annotations

from lxml import etree

from scielo_pub.dtd.entities import (
    decode_bytes,
    normalize_newlines,
    read_external,
    sdata_to_unicode,
)
from scielo_pub.dtd.model import FAIL, PCDATA
from scielo_pub.dtd.shortref import SHORTREF_ORDER, shortref_finder
from scielo_pub.dtd.types import Dtd, ElementDecl
from scielo_pub.errors import Diagnostic, Severity
from scielo_pub.markup.sgml_attrs import AttributeResolver
from scielo_pub.markup.sgml_fast import FastLoopMixin
from scielo_pub.markup.sgml_frame import Frame
from scielo_pub.markup.sgml_lexer import lexer_for
from scielo_pub.markup.sgml_parts import (  # noqa: F401 - re-exported
    ANY_DECL,
    COL,
    MAX_DEPTH,
    MAX_DIAGNOSTICS,
    SGML_NS,
    SPAN,
    STRAY,
    MarkupMixin,
)
from scielo_pub.markup.sgml_records import RecordEnds


class InstanceParser(FastLoopMixin):
    """Parses one document instance; create one per document."""

    def __init__(
        self,
        dtd: Dtd,
        text: str,
        path: str,
        *,
        doctype: str,
        columns: bool = True,
        fast: bool = True,
    ) -> None:
        self.dtd, self.text, self.path = dtd, text, path
        self.alg = dtd.algebra
        self.decl = dtd.declaration
        self.lex = lex = lexer_for(self.decl)
        #: The document loop's fast path (``sgml_fast``); False runs the general loop only.
        self.fast = fast
        self.finders_plain = ({"cdata": lex.cdata, "rcdata": lex.rcdata}, lex.content)
        self.finders_net = ({"cdata": lex.cdata_net, "rcdata": lex.rcdata_net}, lex.content_net)
        #: The fast path makes elements itself only without column attributes and USEMAPs.
        self.plain_tree = not columns and not dtd.usemaps
        #: Fast-path facts per element type and state (``FastLoopMixin.no_pcdata``, ``is_leaf``).
        self.no_pcdata_cache: dict[tuple, bool] = {}
        self.leaves: dict[str, bool] = {}
        #: Resolved attributes by element and attribute text (``FastLoopMixin.tag_attributes``).
        self.tag_attrs: dict[tuple[str, str], tuple[dict[str, str], bool]] = {}
        #: What the fast path reads for every tag, held here to spare the look-ups.
        self.elements, self.attlists = dtd.elements, dtd.attlists
        self.transitions, self.nullables = self.alg.transitions, self.alg.nullables
        self.lower_names, self.omittag = self.decl.namecase_general, self.decl.omittag
        self.stago_len = len(lex.stago)
        self.columns = columns
        self.diagnostics: list[Diagnostic] = []
        #: Offsets of the newlines, made when ``line_of`` first goes backwards (None until then).
        self.newlines: list[int] | None = None
        #: The last offset ``line_of`` was asked for and its line.
        self.line_offset, self.line_number = 0, 1
        self.attrs = AttributeResolver(dtd, self.expand_attr_refs, cache=fast)
        doc = dtd.fold(doctype)
        base = ElementDecl("#document", False, False, "model", self.alg.sym(doc))
        self.stack = [
            Frame("#document", base, base.model, None, frozenset(), frozenset(), 0, False)
        ]
        self.root = None
        self.doc_name = doc
        self.run: list[str] = []
        self.run_offset = -1
        self.buf: list[str] = []
        #: Where buffered text goes when flushed: ``buf_el``'s text (``buf_text``) or tail.
        self.buf_el, self.buf_text = None, False
        self.entity_depth = 0
        self.active_entities: set[str] = set()
        self.budget = max(4_000_000, 50 * len(text))
        self.ms_depth = 0
        self.ref_offset: int | None = None
        self.taglvl = self.decl.quantity("TAGLVL")
        self.namelen = self.decl.quantity("NAMELEN")
        self.sdata_warned: set[str] = set()
        self.records = RecordEnds()
        self.markup_at: int | None = None
        self.recovering = False
        #: Open elements whose start tag enabled NET (SHORTTAG ``<p/text/``).
        self.net_count = 0
        self.net_tag = False
        self.last_ended: str | None = None
        #: Where a bare RS short reference was last handled (text id, offset): it is not found twice.
        self.rs_done: tuple[int, int] = (0, -1)

    # ------------------------------------------------------------------ main loop
    def parse(self, start: int) -> etree._ElementTree | None:
        if self.fast:
            self.run_document(self.text, start)
        else:
            self.run_text(self.text, start, document=True)
        self.markup_at = len(self.text)
        self.flush_run()
        self.finish()
        return None if self.root is None else etree.ElementTree(self.root)

    def run_text(self, text: str, pos: int, document: bool) -> None:
        """Scan ``text`` from ``pos``: data into the run buffer, markup to its handler."""
        end = len(text)
        while pos < end:
            pos = self.step(text, pos, document)

    def step(self, text: str, pos: int, document: bool) -> int:
        """Data up to the next markup, then that markup; returns where scanning goes on."""
        frame = self.stack[-1]
        if frame.srmap is None and not self.net_count:
            finder = self.finders_plain[0].get(frame.content, self.finders_plain[1])
        else:
            finders, finder = self.finders_net if self.net_count else self.finders_plain
            finder = finders.get(frame.content) or self.map_finder(frame, finder, text, pos)
        m = finder.search(text, pos)
        if m is None:
            self.add_data(text[pos:], pos)
            return len(text)
        if m.start() > pos:
            self.add_data(text[pos : m.start()], pos)
        return self.dispatch(m.lastgroup, text, m, document)

    def map_finder(self, frame: Frame, finder, text: str, pos: int):
        """The content finder extended by the short references, when a map is current."""
        if frame.srmap is None:
            return finder
        return shortref_finder(finder.pattern, zero_width=self.rs_done != (id(text), pos))

    def dispatch(self, kind: str, text: str, m, document: bool) -> int:
        if kind.startswith("sr_"):
            return self.short_reference(SHORTREF_ORDER[int(kind[3:])], text, m)
        if kind == "eref":
            return self.entity_ref(text, m.end(), m.start())
        if kind == "cref":
            return self.char_ref(text, m.end(), m.start())
        self.markup_at = m.start() if document and self.ref_offset is None else None
        if kind == "msc":
            if self.ms_depth:
                self.flush_run()
                self.records.markup()
                self.ms_depth -= 1
                return m.end()
            self.add_data(m.group(), m.start())
            return m.end()
        self.flush_run()
        if kind == "stag":
            return self.start_tag(text, m.end(), m.start())
        if kind == "etag":
            return self.end_tag(text, m.end(), m.start())
        if kind == "net":
            return self.null_end_tag(m.start(), m.end())
        if kind == "pio":
            return self.processing_instruction(text, m.end(), m.start())
        return self.markup_declaration(text, m.end(), m.start())

    # ------------------------------------------------------------------ data
    def add_data(self, data: str, offset: int) -> None:
        if not self.run:
            self.run_offset = offset if self.ref_offset is None else self.ref_offset
        self.run.append(data)

    def flush_run(self) -> None:
        if not self.run:
            return
        data = "".join(self.run) if len(self.run) > 1 else self.run[0]
        offset = self.run_offset
        self.run = []
        frame = self.stack[-1]
        if frame.content == "model" and not frame.mixed:
            self.element_content_data(data, offset)
            return
        # mixed content (also ANY, CDATA, RCDATA): every character, RE and RS included, is data
        ok = frame.content != "model" or self.accept_pcdata(frame, offset)
        out = self.records.run(data)
        if ok:
            self.append_text(out)
        else:
            self.stray(out, offset, reported=self.recovering)
            self.recovering = True

    def accept_pcdata(self, frame: Frame, offset: int) -> bool:
        """Whether the content model takes #PCDATA now, inferring omitted tags as SP does."""
        if frame.in_pcdata:
            return True
        if self.allows_data(frame) or self.imply(PCDATA, offset):
            frame = self.stack[-1]
            if frame.content == "model":
                frame.state = self.alg.step(frame.state, PCDATA)
                frame.in_pcdata = True
            return True
        return False

    def element_content_data(self, data: str, offset: int) -> None:
        """Data in element content: white space separates elements, anything else is misplaced."""
        if data.isspace():
            return
        frame = self.stack[-1]
        if self.imply(PCDATA, offset):
            self.flush_run_into(self.stack[-1], data, offset)
            return
        if frame.el is None:
            self.report(
                offset,
                "character data is not allowed outside the document element; remove it",
                "sgml.data-outside",
            )
            return
        text = data.lstrip()  # leading white space separates elements; data starts after it
        self.stray(text, offset + len(data) - len(text))

    def flush_run_into(self, frame: Frame, data: str, offset: int) -> None:
        self.accept_pcdata(frame, offset)
        self.append_text(self.records.run(data.lstrip()))

    def allows_data(self, frame: Frame) -> bool:
        content = frame.content
        if content in ("any", "cdata", "rcdata"):
            return True
        return content == "model" and self.alg.step(frame.state, PCDATA) != FAIL

    # ------------------------------------------------------------------ references
    def short_reference(self, delim: str, text: str, m) -> int:
        """A short reference: its entity when the current map names one, else data."""
        start = m.start()
        if m.end() == start:
            self.rs_done = (id(text), start)
        name = self.stack[-1].srmap.get(delim)
        if name is None:
            self.add_data(m.group(), start)
            return m.end()
        entity = self.dtd.entities.get(name) or self.dtd.default_entity
        if entity is None:  # reported with the DTD; SP passes the delimiter on as data
            self.add_data(m.group(), start)
            return m.end()
        self.expand_entity(name, entity, start)
        return m.end()

    def char_ref(self, text: str, pos: int, start: int) -> int:
        m = self.lex.name.match(text, pos) or self.lex.nmtoken.match(text, pos)
        end = m.end()
        ref = m.group()
        if text.startswith(self.lex.refc, end):
            end += len(self.lex.refc)
        if ref.isdigit():
            code = int(ref)
            char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
            if 0x80 <= code < 0xA0:
                char = bytes([code]).decode("cp1252", errors="replace")
        else:
            char = {"RE": "\n", "RS": "", "SPACE": " ", "TAB": "\t"}.get(ref.upper())
            if char is None:
                self.report(
                    start,
                    f"unknown function name {ref!r} in character reference; use a number",
                    "sgml.charref",
                )
                char = ""
        self.add_data(char, start)
        return end

    def entity_ref(self, text: str, pos: int, start: int) -> int:
        m = self.lex.name.match(text, pos)
        end = m.end()
        name = m.group() if not self.decl.namecase_entity else m.group().lower()
        if text.startswith(self.lex.refc, end):
            end += len(self.lex.refc)
        elif text.startswith("\n", end):
            end += 1
        entity = self.dtd.entities.get(name) or self.dtd.default_entity
        if entity is None:
            self.report(
                start,
                f"general entity {name!r} is not defined (its reference is dropped, as SP does); "
                "declare it or write the character itself",
                "sgml.undefined-entity",
            )
            return end
        self.expand_entity(name, entity, start)
        return end

    def expand_entity(self, name: str, entity, start: int) -> None:
        body = self.entity_text(name, entity, start)
        if body is None:
            return
        self.budget -= len(body)
        if self.budget < 0:
            if self.budget + len(body) >= 0:
                self.report(
                    start,
                    "entity expansion limit reached; the document looks like an entity bomb",
                    "sgml.entity-limit",
                )
            return
        if entity.kind == "sdata":
            mapped = sdata_to_unicode(body)
            if mapped is None and name not in self.sdata_warned:
                self.sdata_warned.add(name)
                self.report(
                    start,
                    f"entity {name!r} has no Unicode mapping; its text {body!r} is kept",
                    "sgml.sdata",
                    Severity.WARNING,
                )
            self.add_data(mapped if mapped is not None else body, start)
        elif entity.kind == "cdata" or self.stack[-1].content == "rcdata":
            self.add_data(body, start)
        elif entity.kind == "pi":
            self.flush_run()
            self.add_pi(body)
        elif entity.kind in ("text", "starttag", "endtag", "ms", "md"):
            self.expand_text_entity(name, self.bracketed(entity.kind, body), start)
        else:
            self.report(
                start,
                f"data entity {name!r} cannot be referenced in content; use an ENTITY attribute",
                "sgml.data-entity",
            )

    def bracketed(self, kind: str, body: str) -> str:
        """A STARTTAG/ENDTAG/MS/MD entity's text with the delimiters its kind implies."""
        d = self.decl.delim
        opener = {"starttag": "STAGO", "endtag": "ETAGO", "ms": "MDO", "md": "MDO"}.get(kind)
        if opener is None:
            return body
        if kind == "ms":
            return f"{d('MDO')}{d('DSO')}{body}{d('MSC')}{d('MDC')}"
        return f"{d(opener)}{body}{d('TAGC') if kind.endswith('tag') else d('MDC')}"

    def entity_text(self, name: str, entity, start: int) -> str | None:
        if entity.text is not None:
            return entity.text
        catalog = self.dtd.catalog
        found = None
        if catalog is not None:
            found = catalog.resolve_entity(name, entity.public_id, entity.system_id, entity.base)
        if found is None:
            self.report(
                start,
                f"cannot resolve external entity {name!r} offline; add it to the catalog",
                "sgml.entity-unresolved",
            )
            return None
        try:
            body, _enc = decode_bytes(read_external(found))
        except OSError as exc:
            self.report(
                start, f"cannot read entity {name!r} from {found}: {exc}", "sgml.entity-unreadable"
            )
            return None
        return normalize_newlines(body)

    def expand_text_entity(self, name: str, body: str, start: int) -> None:
        if name in self.active_entities or self.entity_depth >= self.decl.quantity("ENTLVL"):
            self.report(
                start,
                f"entity {name!r} refers to itself or nests too deeply; fix its declaration",
                "sgml.entity-recursion",
            )
            return
        saved = self.ref_offset
        self.ref_offset = start if saved is None else saved
        self.active_entities.add(name)
        self.entity_depth += 1
        try:
            self.run_text(body, 0, document=False)
        finally:
            self.entity_depth -= 1
            self.active_entities.discard(name)
            self.ref_offset = saved

    def expand_attr_refs(self, value: str) -> str:
        """Entity and character references inside an attribute value literal."""
        ero = self.decl.delim("ERO")
        if ero not in value:
            return value
        out: list[str] = []
        pos = 0
        for m in self.lex.rcdata.finditer(value):
            if m.lastgroup == "etag":
                continue
            out.append(value[pos : m.start()])
            name_m = self.lex.name.match(value, m.end()) or self.lex.nmtoken.match(value, m.end())
            if name_m is None:
                pos = m.start()
                continue
            pos = name_m.end() + (1 if value.startswith(self.lex.refc, name_m.end()) else 0)
            out.append(self.attr_ref_text(m.lastgroup, name_m.group()))
        out.append(value[pos:])
        return "".join(out)

    def attr_ref_text(self, kind: str, ref: str) -> str:
        if kind == "cref":
            if ref.isdigit() and 0 < int(ref) < 0x110000:
                return chr(int(ref))
            return {"RE": "\n", "SPACE": " ", "TAB": "\t"}.get(ref.upper(), "")
        entity = self.dtd.entities.get(ref)
        if entity is None or entity.text is None:
            return f"&{ref};"
        if entity.kind == "sdata":
            return sdata_to_unicode(entity.text) or entity.text
        return entity.text
