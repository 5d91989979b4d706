"""SGML Open catalog text in, a ``Catalog`` that maps public/system identifiers and doctypes to local files out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scielo_pub.errors import DTDError

_TOKEN = re.compile(r'\s+|--.*?--|"([^"]*)"|\'([^\']*)\'|(\S+)', re.S)
_ARITY = {
    "PUBLIC": 2, "SYSTEM": 2, "DOCTYPE": 2, "ENTITY": 2, "LINKTYPE": 2, "NOTATION": 2,
    "SGMLDECL": 1, "DTDDECL": 2, "DOCUMENT": 1, "CATALOG": 1, "BASE": 1, "OVERRIDE": 1,
    "DELEGATE": 2, "SYSTEM-ID": 2,
}  # fmt: skip


def normalize_public(public_id: str) -> str:
    """Public identifiers compare after collapsing white space."""
    return " ".join(public_id.split())


@dataclass(frozen=True)
class Catalog:
    """Resolved catalog entries; paths are absolute."""

    public: dict[str, Path] = field(default_factory=dict)
    system: dict[str, Path] = field(default_factory=dict)
    doctype: dict[str, Path] = field(default_factory=dict)
    entity: dict[str, Path] = field(default_factory=dict)
    sgmldecl: Path | None = None
    base: Path = field(default_factory=Path.cwd)

    def resolve_public(self, public_id: str | None) -> Path | None:
        return self.public.get(normalize_public(public_id)) if public_id else None

    def resolve_system(self, system_id: str | None) -> Path | None:
        if not system_id:
            return None
        return self.system.get(system_id) or self.system.get(system_id.lower())

    def resolve_doctype(self, name: str) -> Path | None:
        return self.doctype.get(name.lower())

    def resolve_entity(
        self, name: str, public_id: str | None, system_id: str | None, base: Path | None
    ) -> Path | None:
        """Catalog PUBLIC, then SYSTEM, then ENTITY name, then the system id as a local relative path."""
        found = self.resolve_public(public_id) or self.resolve_system(system_id)
        found = found or self.entity.get(name)
        if found is None and system_id:
            found = local_path(system_id, base or self.base)
        return found


def local_path(system_id: str, base: Path) -> Path | None:
    """A system identifier as an existing local file, refusing URLs (no network access, ever)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", system_id) or "\x00" in system_id:
        return None
    text = system_id[5:] if system_id.lower().startswith("file:") else system_id
    try:
        candidate = Path(text) if Path(text).is_absolute() else base / text
        return candidate if candidate.is_file() else None
    except (OSError, ValueError):
        return None


def _entries(text: str) -> list[tuple[str, list[str]]]:
    tokens = [
        m.group(1)
        if m.group(1) is not None
        else m.group(2)
        if m.group(2) is not None
        else m.group(3)
        for m in _TOKEN.finditer(text)
        if m.group(1) is not None or m.group(2) is not None or m.group(3) is not None
    ]
    out: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(tokens):
        keyword = tokens[i].upper()
        arity = _ARITY.get(keyword)
        if arity is None:
            i += 1
            continue
        out.append((keyword, tokens[i + 1 : i + 1 + arity]))
        i += 1 + arity
    return out


def parse_catalog(text: str, base: Path) -> Catalog:
    """Build a Catalog from catalog text whose relative entries resolve against ``base``."""
    cat = Catalog(base=base)
    for keyword, args in _entries(text):
        if not args:
            continue
        target = base / args[-1]
        if keyword == "PUBLIC" and len(args) == 2:
            cat.public.setdefault(normalize_public(args[0]), target)
        elif keyword == "SYSTEM" and len(args) == 2:
            cat.system.setdefault(args[0], target)
            cat.system.setdefault(args[0].lower(), target)
        elif keyword == "DOCTYPE" and len(args) == 2:
            cat.doctype.setdefault(args[0].lower(), target)
        elif keyword == "ENTITY" and len(args) == 2:
            cat.entity.setdefault(args[0], target)
        elif keyword == "SGMLDECL" and cat.sgmldecl is None:
            object.__setattr__(cat, "sgmldecl", target)
        elif keyword == "BASE":
            base = base / args[0]
    return cat


def load_catalog(path: str | Path) -> Catalog:
    """Read an SGML Open catalog file; raise DTDError when it cannot be read."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("latin-1")
    except OSError as exc:
        raise DTDError(f"cannot read SGML catalog {path}: {exc.strerror}; check the path") from exc
    return parse_catalog(text, path.resolve().parent)
