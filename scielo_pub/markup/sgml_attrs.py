"""Attribute specifications of one start tag in, validated attribute values (after defaults) out."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from scielo_pub.dtd.types import AttrDef, Dtd

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*\Z")
_NMTOKEN = re.compile(r"[A-Za-z0-9.\-]+\Z")
_NUMBER = re.compile(r"[0-9]+\Z")
_NUTOKEN = re.compile(r"[0-9][A-Za-z0-9.\-]*\Z")
_CHECKS: dict[str, tuple[re.Pattern, bool, str]] = {
    "NAME": (_NAME, False, "a name"), "NAMES": (_NAME, True, "a list of names"),
    "NUMBER": (_NUMBER, False, "a number"), "NUMBERS": (_NUMBER, True, "a list of numbers"),
    "NMTOKEN": (_NMTOKEN, False, "a name token"), "NMTOKENS": (_NMTOKEN, True, "a list of name tokens"),
    "NUTOKEN": (_NUTOKEN, False, "a number token"), "NUTOKENS": (_NUTOKEN, True, "a list of number tokens"),
    "ID": (_NAME, False, "a name (an ID)"), "IDREF": (_NAME, False, "a name (an IDREF)"),
    "IDREFS": (_NAME, True, "a list of names (IDREFS)"), "ENTITY": (_NAME, False, "an entity name"),
    "ENTITIES": (_NAME, True, "a list of entity names"),
}  # fmt: skip


class AttrSpec(NamedTuple):
    """One ``name=value`` (or value-only) specification as written in a start tag (a tuple:
    made once per attribute of every tag, so cheaper to build than a frozen dataclass)."""

    name: str | None
    value: str
    literal: bool
    offset: int


Report = Callable[[str, str], None]


class _Recorder:
    """A report function that also notes each problem's code."""

    __slots__ = ("codes", "report")

    def __init__(self, codes: list[str], report: Report) -> None:
        self.codes, self.report = codes, report

    def __call__(self, message: str, code: str) -> None:
        self.codes.append(code)
        self.report(message, code)


class AttributeResolver:
    """Validates specifications against the ATTLIST; keeps ID, IDREF and #CURRENT state per document."""

    def __init__(self, dtd: Dtd, expand: Callable[[str], str], *, cache: bool = True) -> None:
        self.dtd = dtd
        self.expand = expand
        self.ids: dict[str, int] = {}
        self.idrefs: list[tuple[str, int]] = []
        self.current: dict[tuple[str, str], str] = {}
        self.litlen = dtd.declaration.quantity("LITLEN")
        #: Results for the same element and specifications, where they depend on nothing else.
        self.cache: dict[tuple, tuple[dict[str, str], bool]] = {}
        self.cacheable: dict[str, frozenset[str] | bool] = {}
        self.use_cache = cache
        #: Whether the last ``resolve`` result is one the cache holds (reusable for the same tag).
        self.reusable = False

    def resolve(
        self, element: str, specs: list[AttrSpec], offset: int, report: Report
    ) -> tuple[dict[str, str], bool]:
        """Attribute values in declaration order and whether a #CONREF attribute was given.

        The result is reused for a later tag with the same specifications when the first one
        reported nothing, the element has no #CURRENT attribute and no ID or IDREF(S) attribute
        is specified (their values depend on the tags before or are recorded for the end).
        The caller must not change the returned dict."""
        self.reusable = False
        defs = self.dtd.attributes(element)
        if not specs and not defs:
            return {}, False
        ids = self.cacheable.get(element)
        if ids is None:
            ids = self.cacheable[element] = self._id_attributes(defs)
        if (
            not self.use_cache
            or ids is False
            or (ids and any(s.name is not None and self.dtd.fold(s.name) in ids for s in specs))
        ):
            return self._resolve(element, specs, defs, offset, report)
        key = (element, *[spec[:3] for spec in specs])
        found = self.cache.get(key)
        if found is None:
            reported: list[str] = []
            found = self._resolve(element, specs, defs, offset, _Recorder(reported, report))
            if reported:
                return found
            self.cache[key] = found
        self.reusable = True
        return found

    @staticmethod
    def _id_attributes(defs: dict[str, AttrDef]) -> frozenset[str] | bool:
        """False if a #CURRENT attribute makes results depend on earlier tags, else the names
        of the ID and IDREF(S) attributes (results reusable when none of them is given)."""
        if any(d.default == "CURRENT" for d in defs.values()):
            return False
        return frozenset(n for n, d in defs.items() if d.declared in ("ID", "IDREF", "IDREFS"))

    def _resolve(
        self,
        element: str,
        specs: list[AttrSpec],
        defs: dict[str, AttrDef],
        offset: int,
        report: Report,
    ) -> tuple[dict[str, str], bool]:
        given: dict[str, str] = {}
        undeclared: dict[str, str] = {}
        conref = False
        for spec in specs:
            found = self._definition(defs, spec, report)
            if found is None:
                if spec.name is not None:  # SP reports it and still passes it on as CDATA
                    value = self.expand(spec.value) if spec.literal else spec.value
                    undeclared.setdefault(self.dtd.fold(spec.name), value)
                continue
            if found.name in given:
                report(
                    f"attribute {found.name.upper()} is specified twice; keep one",
                    "sgml.duplicate-attribute",
                )
                continue
            given[found.name] = self._value(element, found, spec, report, offset)
            conref = conref or found.default == "CONREF"
        out = self._complete(element, defs, given, report)
        for name, value in undeclared.items():
            out.setdefault(name, value)
        return out, conref

    def _definition(
        self, defs: dict[str, AttrDef], spec: AttrSpec, report: Report
    ) -> AttrDef | None:
        if spec.name is None:
            token = self.dtd.fold(spec.value)
            for definition in defs.values():
                if token in definition.group:
                    return definition
            report(
                f"value {spec.value!r} is not a member of a group specified for any attribute; "
                "write it as name=value",
                "sgml.attribute-value-only",
            )
            return None
        name = self.dtd.fold(spec.name)
        definition = defs.get(name)
        if definition is None:
            report(
                f"there is no attribute {name.upper()}; remove it or declare it in the DTD (kept as given)",
                "sgml.undefined-attribute",
            )
        return definition

    def _value(self, element: str, d: AttrDef, spec: AttrSpec, report: Report, offset: int) -> str:
        raw = spec.value
        if spec.literal:
            if len(raw) > self.litlen:
                report(
                    f"attribute value literal is longer than LITLEN ({self.litlen}); shorten it",
                    "sgml.litlen",
                )
            raw = self.expand(raw)
        elif not self.dtd.declaration.shorttag:
            report(
                "an attribute value must be a literal (SHORTTAG NO); put it in quotes",
                "sgml.unquoted-value",
            )
        elif not _NMTOKEN.match(raw):
            report(
                f"an attribute value must be a literal unless it contains only name characters: "
                f"quote {raw!r}",
                "sgml.unquoted-value",
            )
        value = raw.replace("\n", " ").replace("\t", " ")
        if d.tokenized:
            value = self._tokens(element, d, value, report, offset)
        elif d.default == "FIXED" and value != d.value:
            report(
                f"value of fixed attribute {d.name.upper()} must be {d.value!r}",
                "sgml.fixed-attribute",
            )
        if d.default == "CURRENT":
            self.current[(element, d.name)] = value
        return value

    def _tokens(self, element: str, d: AttrDef, value: str, report: Report, offset: int) -> str:
        words = value.split()
        if self.dtd.declaration.namecase_general and d.declared not in ("ENTITY", "ENTITIES"):
            words = [w.lower() for w in words]
        value = " ".join(words)
        if d.declared in ("GROUP", "NOTATION"):
            if len(words) != 1 or words[0] not in d.group:
                choices = "|".join(d.group)
                report(
                    f"value {value!r} of attribute {d.name.upper()} must be one of ({choices})",
                    "sgml.attribute-value",
                )
            return value
        pattern, many, what = _CHECKS[d.declared]
        if not words or (len(words) > 1 and not many) or not all(pattern.match(w) for w in words):
            report(
                f"value {value!r} of attribute {d.name.upper()} must be {what}",
                "sgml.attribute-value",
            )
            return value
        if d.declared == "ID":
            if value in self.ids:
                report(
                    f"ID {value.upper()!r} already defined; give this element another ID",
                    "sgml.duplicate-id",
                )
            else:
                self.ids[value] = offset
        elif d.declared in ("IDREF", "IDREFS"):
            self.idrefs.extend((w, offset) for w in words)
        elif d.declared in ("ENTITY", "ENTITIES"):
            for w in words:
                if w not in self.dtd.entities:
                    report(
                        f"value of attribute {d.name.upper()} names undeclared entity {w!r}",
                        "sgml.attribute-entity",
                    )
        if d.default == "FIXED" and value != (d.value or "").lower():
            report(
                f"value of fixed attribute {d.name.upper()} must be {d.value!r}",
                "sgml.fixed-attribute",
            )
        return value

    def _complete(
        self, element: str, defs: dict[str, AttrDef], given: dict[str, str], report: Report
    ) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, d in defs.items():
            if name in given:
                out[name] = given[name]
            elif d.default == "REQUIRED":
                report(
                    f'required attribute {name.upper()} not specified; add {name}="..."',
                    "sgml.required-attribute",
                )
            elif d.default in ("VALUE", "FIXED") and d.value is not None:
                value = " ".join(d.value.split()) if d.tokenized else d.value
                out[name] = (
                    value.lower()
                    if d.tokenized and self.dtd.declaration.namecase_general
                    else value
                )
            elif d.default == "CURRENT":
                current = self.current.get((element, name))
                if current is None:
                    report(
                        f"first occurrence of #CURRENT attribute {name.upper()} not specified; give it a value",
                        "sgml.current-attribute",
                    )
                else:
                    out[name] = current
        return out
