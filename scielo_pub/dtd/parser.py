"""DTD text in, a filled ``Dtd`` out: ELEMENT, ATTLIST, ENTITY, NOTATION, marked sections, parameter entities.

DTD-level markup (``<!``, ``>``, ``--``, ``%``, ``;``, ``]]>``) uses the reference delimiters, which
every SciELO declaration keeps; only the instance delimiters change with the SGML declaration.
"""

from __future__ import annotations

import re
from pathlib import Path

from scielo_pub.dtd.entities import Entity, decode_bytes, normalize_newlines, read_external
from scielo_pub.dtd.model import PCDATA
from scielo_pub.dtd.shortref import SGMLREF_SHORTREFS, canonical_shortref
from scielo_pub.dtd.types import AttrDef, Dtd, ElementDecl
from scielo_pub.errors import Diagnostic, DTDError, Severity

_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<com>--.*?--)|%(?P<pe>[A-Za-z][\w.\-]*);?|(?P<lit>"[^"]*"|'[^']*')
    |\#(?P<rni>[A-Za-z]+)|(?P<name>[\w.\-:]*\w[\w.\-:]*)|(?P<mdc>>)
    |(?P<delim>[()|,&?*+\-%\[\]])|(?P<other>.)""",
    re.S | re.X,
)
_TOP = re.compile(r"<!--|<!\[|<!(?=[A-Za-z])|<!>|<\?|%(?=[A-Za-z])|\]\]>|\S")
_CHARREF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+|[A-Za-z]+);?")
_PEREF = re.compile(r"%([A-Za-z][\w.\-]*);?")
_FUNCTION_CHARS = {"RE": "\n", "RS": "", "SPACE": " ", "TAB": "\t"}
MAX_PE_DEPTH = 16
MAX_PE_EXPANSION = 4_000_000

Tok = tuple[str, str, int]  # kind, value, offset in the entity that holds it


def expand_charrefs(text: str) -> str:
    """Replace ``&#N;`` / ``&#xH;`` / ``&#RE;`` character references."""

    def one(m: re.Match) -> str:
        ref = m.group(1)
        if ref[0] in "xX" and len(ref) > 1 and ref[1:].isalnum() and not ref.isalpha():
            code = int(ref[1:], 16)
        elif ref.isdigit():
            code = int(ref)
        else:
            return _FUNCTION_CHARS.get(ref.upper(), m.group(0))
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"

    return _CHARREF.sub(one, text)


class DtdParser:
    """Reads declarations into ``dtd``; external entities are resolved through the catalog only."""

    def __init__(self, dtd: Dtd) -> None:
        self.dtd = dtd
        self.budget = MAX_PE_EXPANSION
        self.path = "<dtd>"
        self.text = ""
        #: Short reference map entries whose entity is checked once the DTD is read (as SP does).
        self.map_entities: list[tuple[str, Diagnostic]] = []

    def finish(self) -> None:
        """Checks that need the whole DTD: each short reference map names declared entities."""
        for entity, diagnostic in self.map_entities:
            if entity not in self.dtd.entities and self.dtd.default_entity is None:
                self.dtd.diagnostics.append(diagnostic)
        self.map_entities = []

    # ----------------------------------------------------------------- diagnostics
    def report(self, offset: int, message: str, code: str, severity=Severity.ERROR) -> None:
        if len(self.dtd.diagnostics) >= 1000:
            return
        self.dtd.diagnostics.append(self.diagnostic(offset, message, code, severity))

    def diagnostic(self, offset: int, message: str, code: str, severity=Severity.ERROR):
        line = self.text.count("\n", 0, max(0, offset)) + 1
        col = offset - (self.text.rfind("\n", 0, max(0, offset)) + 1) + 1
        return Diagnostic(
            self.path, line, col, severity, message, code, advice="Fix the DTD declaration."
        )

    def diagnostic_at(self, offset: int, entity: str, name: str) -> Diagnostic:
        message = f"entity {entity!r} undefined in short reference map {name!r}; declare it"
        return self.diagnostic(offset, message, "dtd.shortref")

    # ----------------------------------------------------------------- entities
    def load_entity_text(self, entity: Entity) -> tuple[str, str, Path | None]:
        """Replacement text, display path and base folder of an entity; DTDError when unresolvable."""
        if entity.text is not None:
            return entity.text, self.path, entity.base
        catalog = self.dtd.catalog
        found = None
        if catalog is not None:
            found = catalog.resolve_entity(
                entity.name, entity.public_id, entity.system_id, entity.base
            )
        elif entity.system_id and entity.base is not None:
            from scielo_pub.dtd.catalog import local_path

            found = local_path(entity.system_id, entity.base)
        if found is None:
            ident = entity.public_id or entity.system_id or entity.name
            raise DTDError(
                f"cannot resolve entity %{entity.name} ({ident!r}) offline: add a PUBLIC or SYSTEM "
                "entry for it to the SGML catalog (network access is never used)"
            )
        try:
            text, _enc = decode_bytes(read_external(found))
        except OSError as exc:
            raise DTDError(f"cannot read {found} for entity {entity.name}: {exc}") from exc
        return normalize_newlines(text), str(found), found.parent

    def pe_text(self, name: str, offset: int) -> str | None:
        entity = self.dtd.parameter_entities.get(name)
        if entity is None:
            self.report(
                offset,
                f"parameter entity %{name}; is not defined; declare it before use",
                "dtd.undefined-pe",
            )
            return None
        text = self.load_entity_text(entity)[0]
        self.budget -= len(text)
        if self.budget < 0:
            raise DTDError("parameter entity expansion exceeds the limit: the DTD looks hostile")
        return text

    # ----------------------------------------------------------------- tokens
    def tokens(self, text: str, pos: int, depth: int, stop_at_mdc: bool) -> tuple[list[Tok], int]:
        out: list[Tok] = []
        end = len(text)
        while pos < end:
            m = _TOKEN.match(text, pos)
            kind = m.lastgroup
            pos = m.end()
            if kind in ("ws", "com"):
                continue
            if kind == "pe":
                out.extend(self.expand_pe(m.group("pe"), m.start(), depth))
                continue
            if kind == "mdc":
                if stop_at_mdc:
                    return out, pos
                continue
            value = m.group(kind)
            out.append((kind, value, m.start() if depth == 0 else -1))
            if stop_at_mdc and kind == "delim" and value == "[" and out[0][1].upper() == "DOCTYPE":
                return out, pos
        return out, pos

    def expand_pe(self, name: str, offset: int, depth: int) -> list[Tok]:
        if depth >= MAX_PE_DEPTH:
            self.report(offset, f"parameter entity %{name}; nests too deeply", "dtd.pe-depth")
            return []
        text = self.pe_text(name, offset)
        if text is None:
            return []
        return self.tokens(text, 0, depth + 1, False)[0]

    def expand_literal(self, raw: str, depth: int = 0) -> str:
        """Parameter literal: %pe; references and character references replaced."""
        if "%" in raw and depth < MAX_PE_DEPTH:

            def one(m: re.Match) -> str:
                text = self.pe_text(m.group(1), -1)
                return "" if text is None else self.expand_literal(text, depth + 1)

            raw = _PEREF.sub(one, raw)
        return expand_charrefs(raw) if "&#" in raw else raw

    # ----------------------------------------------------------------- top level
    def parse(self, text: str, path: str, base: Path | None, depth: int = 0) -> None:
        """Parse one DTD entity (a file or a parameter entity's replacement text)."""
        saved = (self.path, self.text)
        self.path, self.text = path, text
        try:
            self._parse_body(text, base, depth)
        finally:
            self.path, self.text = saved

    def _parse_body(self, text: str, base: Path | None, depth: int) -> None:
        pos, ms_depth = 0, 0
        while True:
            m = _TOP.search(text, pos)
            if m is None:
                break
            token, start = m.group(), m.start()
            if token == "<!--" or token == "<!>":
                pos = self._skip_comment_decl(text, start)
            elif token == "<![":
                pos, included = self._marked_section(text, m.end(), depth)
                ms_depth += included
            elif token == "<!":
                pos = self._declaration(text, m.end(), base, depth)
            elif token == "<?":
                close = text.find(">", m.end())
                pos = len(text) if close < 0 else close + 1
            elif token == "%":
                pos = self._top_pe(text, start, base, depth)
            elif token == "]]>" and ms_depth:
                ms_depth -= 1
                pos = m.end()
            else:
                self.report(
                    start, f"unexpected {token!r} between DTD declarations; remove it", "dtd.junk"
                )
                pos = m.end()

    def _skip_comment_decl(self, text: str, start: int) -> int:
        pos = start + 2
        while True:
            m = re.compile(r"\s*(--.*?--|>)", re.S).match(text, pos)
            if m is None:
                self.report(
                    start, "unterminated comment declaration; close it with '-->'", "dtd.comment"
                )
                close = text.find(">", start)
                return len(text) if close < 0 else close + 1
            pos = m.end()
            if m.group(1) == ">":
                return pos

    def _top_pe(self, text: str, start: int, base: Path | None, depth: int) -> int:
        m = _PEREF.match(text, start)
        name = m.group(1)
        entity = self.dtd.parameter_entities.get(name)
        if entity is None:
            self.report(
                start,
                f"parameter entity %{name}; is not defined; declare it before use",
                "dtd.undefined-pe",
            )
            return m.end()
        if depth >= MAX_PE_DEPTH:
            self.report(start, f"parameter entity %{name}; nests too deeply", "dtd.pe-depth")
            return m.end()
        body, path, sub_base = self.load_entity_text(entity)
        self.budget -= len(body)
        if self.budget < 0:
            raise DTDError("parameter entity expansion exceeds the limit: the DTD looks hostile")
        self.parse(body, path, sub_base or base, depth + 1)
        return m.end()

    def _marked_section(self, text: str, pos: int, depth: int) -> tuple[int, int]:
        close = text.find("[", pos)
        if close < 0:
            self.report(
                pos,
                "marked section start without '['; write '<![ IGNORE [' or '<![ INCLUDE ['",
                "dtd.ms",
            )
            return len(text), 0
        keywords = [v.upper() for _k, v, _o in self.tokens(text[pos:close], 0, depth, False)[0]]
        if "IGNORE" in keywords or "CDATA" in keywords or "RCDATA" in keywords:
            return self._skip_ignored(text, close + 1), 0
        return close + 1, 1

    def _skip_ignored(self, text: str, pos: int) -> int:
        level = 1
        for m in re.compile(r"<!\[|\]\]>").finditer(text, pos):
            level += 1 if m.group() == "<![" else -1
            if level == 0:
                return m.end()
        self.report(pos, "marked section is never closed; end it with ']]>'", "dtd.ms")
        return len(text)

    def _declaration(self, text: str, pos: int, base: Path | None, depth: int) -> int:
        start = pos - 2
        toks, end = self.tokens(text, pos, 0, True)
        if not toks:
            return end
        keyword = toks[0][1].upper()
        handler = {
            "ELEMENT": self._element, "ATTLIST": self._attlist, "ENTITY": self._entity,
            "NOTATION": self._notation, "SHORTREF": self._shortref, "USEMAP": self._usemap,
        }.get(keyword)  # fmt: skip
        if handler is None:
            if keyword not in ("USELINK", "LINKTYPE", "IDLINK"):
                self.report(
                    start,
                    f"unknown declaration <!{toks[0][1]}; check its spelling",
                    "dtd.unknown-decl",
                )
            return end
        try:
            handler(toks[1:], start, base)
        except (IndexError, ValueError) as exc:
            self.report(
                start,
                f"malformed <!{keyword} declaration ({exc}); compare it with ISO 8879 syntax",
                "dtd.syntax",
            )
        return end

    # ----------------------------------------------------------------- declarations
    def _names(self, toks: list[Tok], i: int) -> tuple[list[str], int]:
        """One name or a name group ``(a|b)``; returns folded names and the next index."""
        if toks[i][1] == "(":
            names, i = [], i + 1
            while toks[i][1] != ")":
                if toks[i][0] == "name":
                    names.append(self.dtd.fold(toks[i][1]))
                i += 1
            return names, i + 1
        if toks[i][0] != "name":
            raise ValueError(f"expected a name, found {toks[i][1]!r}")
        return [self.dtd.fold(toks[i][1])], i + 1

    def _check_len(self, name: str, offset: int) -> None:
        limit = self.dtd.declaration.quantity("NAMELEN")
        if len(name) > limit:
            self.report(
                offset, f"name {name!r} is longer than NAMELEN ({limit}); shorten it", "dtd.namelen"
            )

    def _element(self, toks: list[Tok], start: int, base: Path | None) -> None:
        names, i = self._names(toks, 0)
        omit_start = omit_end = False
        if (
            i + 1 < len(toks)
            and toks[i][1].upper() in ("-", "O")
            and toks[i + 1][1].upper() in ("-", "O")
        ):
            omit_start, omit_end = toks[i][1].upper() == "O", toks[i + 1][1].upper() == "O"
            i += 2
        keyword = toks[i][1].upper()
        model, mixed = 0, False
        if toks[i][0] == "name" and keyword in ("CDATA", "RCDATA", "EMPTY", "ANY"):
            content, i = keyword.lower(), i + 1
        else:
            content = "model"
            model, mixed, i = self._group(toks, i)
        inclusions, exclusions = frozenset(), frozenset()
        while i + 1 < len(toks) and toks[i][1] in "+-" and toks[i + 1][1] == "(":
            group, after = self._names(toks, i + 1)
            if toks[i][1] == "+":
                inclusions = inclusions | frozenset(group)
            else:
                exclusions = exclusions | frozenset(group)
            self.dtd.undeclared.update(group)
            i = after
        for name in names:
            self._check_len(name, start)
            if name in self.dtd.elements:
                self.report(
                    start,
                    f"element {name.upper()} is declared twice; keep one declaration",
                    "dtd.duplicate-element",
                )
                continue
            line = self.text.count("\n", 0, start) + 1
            self.dtd.elements[name] = ElementDecl(
                name, omit_start, omit_end, content, model, mixed, inclusions, exclusions, line
            )

    def _group(self, toks: list[Tok], i: int) -> tuple[int, bool, int]:
        """A model group at ``toks[i]``; returns (automaton state, has #PCDATA, next index)."""
        algebra = self.dtd.algebra
        if toks[i][1] != "(":
            raise ValueError(f"expected a content model group, found {toks[i][1]!r}")
        items, connector, mixed, i = [], None, False, i + 1
        while True:
            tok = toks[i]
            if tok[1] == "(":
                item, sub_mixed, i = self._group(toks, i)
                mixed = mixed or sub_mixed
            elif tok[0] == "rni" and tok[1].upper() == "PCDATA":
                # ISO 8879 11.2.4: #PCDATA is inherently optional and stands for any amount of data
                item, mixed, i = algebra.star(algebra.sym(PCDATA)), True, i + 1
            elif tok[0] == "name":
                name = self.dtd.fold(tok[1])
                self.dtd.undeclared.add(name)
                item, i = self._occurrence(toks, i + 1, algebra.sym(name))
            else:
                raise ValueError(f"unexpected {tok[1]!r} in content model")
            items.append(item)
            sep = toks[i][1]
            i += 1
            if sep == ")":
                break
            if sep not in ",|&":
                raise ValueError(f"expected a connector or ')', found {sep!r}")
            if connector not in (None, sep):
                raise ValueError("one model group mixes connectors; add parentheses")
            connector = sep
        if connector == ",":
            group = algebra.seq_all(items)
        elif connector == "|":
            group = algebra.alt(items)
        else:
            group = algebra.and_(items)
        group, i = self._occurrence(toks, i, group)
        return group, mixed, i

    def _occurrence(self, toks: list[Tok], i: int, item: int) -> tuple[int, int]:
        algebra = self.dtd.algebra
        if i < len(toks) and toks[i][0] == "delim" and toks[i][1] in "?*+":
            if toks[i][1] == "+" and i + 1 < len(toks) and toks[i + 1][1] == "(":
                return item, i
            op = toks[i][1]
            item = (
                algebra.opt(item)
                if op == "?"
                else algebra.star(item)
                if op == "*"
                else algebra.plus(item)
            )
            i += 1
        return item, i

    def _attlist(self, toks: list[Tok], start: int, base: Path | None) -> None:
        if toks[0][0] == "rni":  # #NOTATION attributes: read and keep nothing
            return
        elements, i = self._names(toks, 0)
        defs: dict[str, AttrDef] = {}
        while i < len(toks):
            name = self.dtd.fold(toks[i][1])
            self._check_len(name, start)
            i += 1
            group: tuple[str, ...] = ()
            if toks[i][1] == "(":
                names, i = self._names(toks, i)
                declared, group = "GROUP", tuple(names)
            else:
                declared = toks[i][1].upper()
                i += 1
                if declared == "NOTATION":
                    names, i = self._names(toks, i)
                    group = tuple(names)
            default, value, i = self._default(toks, i)
            defs.setdefault(name, AttrDef(name, declared, group, default, value))
        for element in elements:
            existing = self.dtd.attlists.setdefault(element, {})
            for name, definition in defs.items():
                existing.setdefault(name, definition)

    def _default(self, toks: list[Tok], i: int) -> tuple[str, str | None, int]:
        kind, value = toks[i][0], toks[i][1]
        if kind == "rni":
            keyword = value.upper()
            if keyword == "FIXED":
                return "FIXED", self._literal_value(toks[i + 1]), i + 2
            return keyword, None, i + 1
        return "VALUE", self._literal_value(toks[i]), i + 1

    def _literal_value(self, tok: Tok) -> str:
        return tok[1][1:-1] if tok[0] == "lit" else tok[1]

    def _entity(self, toks: list[Tok], start: int, base: Path | None) -> None:
        parameter = toks[0][1] == "%"
        i = 1 if parameter else 0
        if toks[i][0] == "rni" and toks[i][1].upper() == "DEFAULT":
            name = "#DEFAULT"
        else:
            name = toks[i][1] if not self.dtd.declaration.namecase_entity else toks[i][1].lower()
        i += 1
        entity = self._entity_body(name, toks, i, parameter, base)
        table = self.dtd.parameter_entities if parameter else self.dtd.entities
        if name == "#DEFAULT":
            self.dtd.default_entity = self.dtd.default_entity or entity
        else:
            table.setdefault(name, entity)

    def _entity_body(self, name: str, toks: list[Tok], i: int, parameter: bool, base) -> Entity:
        kind = "text"
        if toks[i][0] == "name" and toks[i][1].upper() in (
            "CDATA",
            "SDATA",
            "PI",
            "STARTTAG",
            "ENDTAG",
            "MS",
            "MD",
        ):
            kind, i = toks[i][1].lower(), i + 1
        if toks[i][0] == "lit":
            raw = toks[i][1][1:-1]
            text = self.expand_literal(raw) if kind != "cdata" else expand_charrefs(raw)
            return Entity(name, kind, text, base=base, parameter=parameter)
        keyword = toks[i][1].upper()
        public = system = None
        i += 1
        if keyword == "PUBLIC":
            public, i = toks[i][1][1:-1], i + 1
        if i < len(toks) and toks[i][0] == "lit":
            system, i = toks[i][1][1:-1], i + 1
        notation, ext_kind = None, "text"
        if i < len(toks) and toks[i][1].upper() in ("CDATA", "NDATA", "SDATA", "SUBDOC"):
            ext_kind = toks[i][1].lower()
            notation = toks[i + 1][1] if i + 1 < len(toks) else None
        return Entity(name, ext_kind, None, public, system, base, parameter, notation)

    def _shortref(self, toks: list[Tok], start: int, base: Path | None) -> None:
        """``<!SHORTREF map "delimiter" entity ...>``: a short reference map."""
        name = self.dtd.fold(toks[0][1])
        if name in self.dtd.shortref_maps:
            self.report(start, f"short reference map {name!r} is already declared", "dtd.shortref")
            return
        mapping: dict[str, str] = {}
        for i in range(1, len(toks) - 1, 2):
            (kind, lit, _o), (_k, entity, _o2) = toks[i], toks[i + 1]
            delim = canonical_shortref(lit[1:-1]) if kind == "lit" else ""
            if delim not in SGMLREF_SHORTREFS:
                self.report(
                    start,
                    f"{lit} is not a short reference delimiter of the SGMLREF set; use one of ISO 8879 figure 4",
                    "dtd.shortref",
                )
                continue
            mapping[delim] = entity
            self.map_entities.append((entity, self.diagnostic_at(start, entity, name)))
        self.dtd.shortref_maps[name] = mapping

    def _usemap(self, toks: list[Tok], start: int, base: Path | None) -> None:
        """``<!USEMAP map element-or-group>`` (``#EMPTY`` names the empty map)."""
        kind, value, _o = toks[0]
        name = "#EMPTY" if kind == "rni" and value.upper() == "EMPTY" else self.dtd.fold(value)
        if len(toks) < 2:
            self.report(
                start,
                "USEMAP in a DTD needs an element type; write <!USEMAP map element>",
                "dtd.usemap",
            )
            return
        elements, _i = self._names(toks, 1)
        for element in elements:
            self.dtd.usemaps[element] = name

    def _notation(self, toks: list[Tok], start: int, base: Path | None) -> None:
        self.dtd.notations.add(self.dtd.fold(toks[0][1]))
