"""The parsed DTD objects: element and attribute declarations plus entities, reusable across documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scielo_pub.dtd.catalog import Catalog
from scielo_pub.dtd.declaration import SgmlDeclaration
from scielo_pub.dtd.entities import Entity
from scielo_pub.dtd.model import Algebra
from scielo_pub.errors import Diagnostic

#: Declared values whose attribute values are name tokens (folded and white-space normalized).
TOKEN_TYPES = frozenset(
    {"NAME", "NAMES", "NUMBER", "NUMBERS", "NMTOKEN", "NMTOKENS", "NUTOKEN", "NUTOKENS",
     "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES", "GROUP", "NOTATION"}
)  # fmt: skip


@dataclass(frozen=True)
class AttrDef:
    """One attribute definition of an ATTLIST: declared value and default."""

    name: str
    declared: str  # CDATA, NAME, ..., GROUP (name token group) or NOTATION
    group: tuple[str, ...] = ()
    default: str = "IMPLIED"  # REQUIRED, IMPLIED, FIXED, CURRENT, CONREF or VALUE
    value: str | None = None

    @property
    def tokenized(self) -> bool:
        return self.declared in TOKEN_TYPES


@dataclass(frozen=True)
class ElementDecl:
    """One element type: tag omission, declared content or model automaton state, exceptions."""

    name: str
    omit_start: bool
    omit_end: bool
    content: str  # model, cdata, rcdata, empty or any
    model: int = 0
    mixed: bool = False
    inclusions: frozenset[str] = frozenset()
    exclusions: frozenset[str] = frozenset()
    line: int = 0


@dataclass
class Dtd:
    """A document type: parse once, then hand to ``parse_sgml`` for any number of documents."""

    name: str | None
    declaration: SgmlDeclaration
    catalog: Catalog | None
    algebra: Algebra = field(default_factory=Algebra)
    elements: dict[str, ElementDecl] = field(default_factory=dict)
    attlists: dict[str, dict[str, AttrDef]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    parameter_entities: dict[str, Entity] = field(default_factory=dict)
    default_entity: Entity | None = None
    notations: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    base: Path | None = None
    #: Names used in content models or exceptions but never declared.
    undeclared: set[str] = field(default_factory=set)
    #: SHORTREF maps: map name -> canonical short reference delimiter -> entity name.
    shortref_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    #: USEMAP associations: element name -> map name (``#EMPTY`` for the empty map).
    usemaps: dict[str, str] = field(default_factory=dict)

    def fold(self, name: str) -> str:
        return name.lower() if self.declaration.namecase_general else name

    def attributes(self, element: str) -> dict[str, AttrDef]:
        return self.attlists.get(element, {})
