"""SGML declaration text in, an ``SgmlDeclaration`` (delimiters, case folding, features, quantities) out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from scielo_pub.errors import DTDError

#: ISO 8879 reference concrete syntax delimiters (the ones this engine uses).
REFERENCE_DELIMITERS: dict[str, str] = {
    "STAGO": "<", "ETAGO": "</", "TAGC": ">", "MDO": "<!", "MDC": ">", "COM": "--",
    "ERO": "&", "CRO": "&#", "PERO": "%", "REFC": ";", "PIO": "<?", "PIC": ">",
    "MSC": "]]", "DSO": "[", "DSC": "]", "LIT": '"', "LITA": "'", "VI": "=", "NET": "/",
    "GRPO": "(", "GRPC": ")", "AND": "&", "OR": "|", "SEQ": ",", "OPT": "?", "PLUS": "+",
    "REP": "*", "MINUS": "-", "RNI": "#",
}  # fmt: skip

#: ISO 8879 reference quantity set (the values ``QUANTITY SGMLREF`` means).
REFERENCE_QUANTITIES: dict[str, int] = {
    "ATTCNT": 40, "ATTSPLEN": 960, "BSEQLEN": 960, "DTAGLEN": 16, "DTEMPLEN": 16,
    "ENTLVL": 16, "GRPCNT": 32, "GRPGTCNT": 96, "GRPLVL": 16, "LITLEN": 240, "NAMELEN": 8,
    "NORMSEP": 2, "PILEN": 240, "TAGLEN": 960, "TAGLVL": 24,
}  # fmt: skip


@dataclass(frozen=True)
class SgmlDeclaration:
    """The parts of an SGML declaration that change how documents and DTDs are read."""

    delimiters: MappingProxyType = field(
        default_factory=lambda: MappingProxyType(dict(REFERENCE_DELIMITERS))
    )
    namecase_general: bool = True
    namecase_entity: bool = False
    omittag: bool = True
    shorttag: bool = True
    quantities: MappingProxyType = field(
        default_factory=lambda: MappingProxyType(dict(REFERENCE_QUANTITIES))
    )
    #: Extra name characters (LCNMCHAR/UCNMCHAR) and name start characters (LCNMSTRT/UCNMSTRT).
    name_chars: str = "-."
    name_start_chars: str = ""
    source: str = "built-in"

    def delim(self, role: str) -> str:
        return self.delimiters[role]

    def quantity(self, name: str) -> int:
        return self.quantities[name]


REFERENCE_SYNTAX = SgmlDeclaration(source="reference concrete syntax")
BRACKET_SYNTAX = replace(
    REFERENCE_SYNTAX,
    delimiters=MappingProxyType({**REFERENCE_DELIMITERS, "STAGO": "[", "ETAGO": "[/", "TAGC": "]"}),
    source="SciELO bracket syntax (art.dcl)",
)

_TOKEN = re.compile(r'\s+|--.*?--|"([^"]*)"|\'([^\']*)\'|([^\s"\']+)', re.S)


def _tokens(text: str) -> list[tuple[str, str]]:
    """Split declaration text into ('lit', text) and ('word', text) tokens, dropping comments."""
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None or m.group(2) is not None:
            out.append(("lit", m.group(1) if m.group(1) is not None else m.group(2)))
        elif m.group(3) is not None:
            out.append(("word", m.group(3)))
    return out


def _section(tokens: list[tuple[str, str]], start: str, stops: set[str]) -> list[tuple[str, str]]:
    """Tokens after the keyword ``start`` up to (not including) the first keyword in ``stops``."""
    words = [v.upper() if k == "word" else None for k, v in tokens]
    if start not in words:
        return []
    i = words.index(start) + 1
    j = i
    while j < len(tokens) and words[j] not in stops:
        j += 1
    return tokens[i:j]


def _yes(tokens: list[tuple[str, str]], key: str, default: bool) -> bool:
    for i, (kind, value) in enumerate(tokens[:-1]):
        if kind == "word" and value.upper() == key:
            return tokens[i + 1][1].upper() == "YES"
    return default


def _delimiters(tokens: list[tuple[str, str]]) -> dict[str, str]:
    delims = dict(REFERENCE_DELIMITERS)
    general = _section(tokens, "GENERAL", {"SHORTREF", "NAMES", "QUANTITY"})
    for i, (kind, value) in enumerate(general[:-1]):
        if kind == "word" and value.upper() in delims and general[i + 1][0] == "lit":
            delims[value.upper()] = general[i + 1][1]
    return delims


def _quantities(tokens: list[tuple[str, str]]) -> dict[str, int]:
    quantities = dict(REFERENCE_QUANTITIES)
    section = _section(tokens, "QUANTITY", {"FEATURES", "ENTITIES"})
    for i, (_kind, value) in enumerate(section[:-1]):
        if value.upper() in quantities and section[i + 1][1].isdigit():
            quantities[value.upper()] = int(section[i + 1][1])
    return quantities


def _naming(tokens: list[tuple[str, str]], keys: tuple[str, str]) -> str:
    chars = ""
    for i, (kind, value) in enumerate(tokens[:-1]):
        if kind == "word" and value.upper() in keys and tokens[i + 1][0] == "lit":
            chars += "".join(c for c in tokens[i + 1][1] if c not in chars)
    return chars


def parse_declaration_text(text: str, *, source: str = "<declaration>") -> SgmlDeclaration:
    """Read the text of ``<!SGML ...>``; raise DTDError when it is not an SGML declaration."""
    body = text.strip()
    if not body.upper().startswith("<!SGML"):
        raise DTDError(f"{source}: not an SGML declaration (it must start with '<!SGML')")
    tokens = _tokens(body[6:].rstrip(">"))
    naming = _section(tokens, "NAMING", {"DELIM"})
    namecase = _section(tokens, "NAMECASE", {"DELIM"})
    features = _section(tokens, "FEATURES", {"APPINFO"})
    return SgmlDeclaration(
        delimiters=MappingProxyType(_delimiters(tokens)),
        namecase_general=_yes(namecase, "GENERAL", True),
        namecase_entity=_yes(namecase, "ENTITY", False),
        omittag=_yes(features, "OMITTAG", False),
        shorttag=_yes(features, "SHORTTAG", False),
        quantities=MappingProxyType(_quantities(tokens)),
        name_chars=_naming(naming, ("LCNMCHAR", "UCNMCHAR")) or "",
        name_start_chars=_naming(naming, ("LCNMSTRT", "UCNMSTRT")),
        source=source,
    )


def find_declaration(text: str) -> tuple[int, int] | None:
    """Start and end offsets of a leading ``<!SGML ...>`` in ``text`` (comments allowed), or None."""
    m = re.match(r"\s*<!SGML\b", text, re.I)
    if not m:
        return None
    pos = m.end()
    for t in re.finditer(r'--.*?--|"[^"]*"|\'[^\']*\'|>', text[pos:], re.S):
        if t.group() == ">":
            return m.start() + len(m.group()) - len(m.group().lstrip()), pos + t.end()
    return None


def load_declaration(data: bytes | str | None) -> SgmlDeclaration:
    """An SGML declaration from bytes or text; ``None`` gives the reference concrete syntax."""
    if data is None:
        return REFERENCE_SYNTAX
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    return parse_declaration_text(text)
