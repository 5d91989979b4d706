"""SciELO Markup authors, affiliations and correspondence in, JATS contrib-group, aff and corresp out."""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry
from lxml import etree

from .scielo_common import Ctx, clean, el, strip_edges, sub, tag, text_of
from .scielo_inline import inline

#: Markup ``role`` attribute values -> JATS contrib-type.
CONTRIB_TYPES = {"nd": "author", "ed": "editor", "tr": "translator", "coord": "compiler"}
CONTRIB_TYPES |= {"org": "compiler", "inventor": "inventor", "rev": "reviewer"}


# --------------------------------------------------------------------------- countries


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", clean(name).lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip(" .")


@cache
def _country_index() -> dict[str, str]:
    """Country names (English, Portuguese, Spanish, French; common and official) -> ISO code."""
    index: dict[str, str] = {}
    catalogs = [gettext.NullTranslations()]
    for lang in ("pt_BR", "pt", "es", "fr"):
        try:
            catalogs.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [lang]))
        except OSError:
            continue
    for country in pycountry.countries:
        names = {country.name, getattr(country, "official_name", country.name)}
        names.add(getattr(country, "common_name", country.name))
        for catalog in catalogs:
            for name in list(names):
                index.setdefault(_fold(catalog.gettext(name)), country.alpha_2)
        for name in names:
            index.setdefault(_fold(name), country.alpha_2)
        index.setdefault(_fold(country.alpha_3), country.alpha_2)
    index.update({"brasil": "BR", "usa": "US", "eua": "US", "eeuu": "US", "uk": "GB"})
    index.update({"inglaterra": "GB", "england": "GB", "espanha": "ES", "mexico": "MX"})
    return index


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country named in English, Portuguese or Spanish."""
    folded = _fold(name)
    if len(folded) == 2 and pycountry.countries.get(alpha_2=folded.upper()):
        return folded.upper()
    return _country_index().get(folded)


# --------------------------------------------------------------------------- affiliations


def affiliation(node: etree._Element, ctx: Ctx) -> etree._Element:
    """``[aff]`` (institution in attributes) or ``[normaff]`` (tagged, normalised) -> ``<aff>``."""
    aff = el("aff", None, {"id": ctx.out_id(node.get("id"))})
    lab = node.find("label")
    if lab is not None and text_of(lab):
        sub(aff, "label", text_of(lab))
    original = _original_text(node)
    if original:
        sub(aff, "institution", original, {"content-type": "original"})
    normalized = clean(node.get("norgname"))
    if normalized:
        sub(aff, "institution", normalized, {"content-type": "normalized"})
    orgname = text_of(node.find("orgname")) or clean(node.get("orgname"))
    if orgname:
        sub(aff, "institution", orgname, {"content-type": "orgname"})
    for level in ("orgdiv1", "orgdiv2", "orgdiv3"):
        div = text_of(node.find(level)) or clean(node.get(level))
        if div:
            sub(aff, "institution", div, {"content-type": level})
    _address(node, aff)
    _country(node, aff, ctx)
    for mail in node.findall("email"):
        sub(aff, "email", text_of(mail))
    return aff


def _original_text(node: etree._Element) -> str:
    """The affiliation as printed: all its text except the label."""
    parts = [node.text or ""]
    for child in node:
        if tag(child) != "label":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return clean("".join(parts)).strip(" ,.;") or ""


def _address(node: etree._Element, aff: etree._Element) -> None:
    city, state = text_of(node.find("city")), text_of(node.find("state"))
    zipcode = text_of(node.find("zipcode"))
    if not (city or state or zipcode):
        return
    line = sub(aff, "addr-line")
    for name, value in (("city", city), ("state", state), ("postal-code", zipcode)):
        if value:
            sub(line, "named-content", value, {"content-type": name})


def _country(node: etree._Element, aff: etree._Element, ctx: Ctx) -> None:
    name = text_of(node.find("country")) or clean(node.get("ncountry"))
    code = clean(node.get("icountry")).upper() or (country_code(name) if name else None)
    if not name and not code:
        return
    if not code:
        ctx.warn(
            node,
            f"country {name!r} of affiliation {node.get('id')} is not a known country",
            "sgml-aff-country",
            "Write the country name in English, Portuguese or Spanish.",
        )
    sub(aff, "country", name or code, {"country": code})


# --------------------------------------------------------------------------- contributors


def contrib_group(authgrp: list[etree._Element], ctx: Ctx) -> etree._Element | None:
    """Authors, corporate authors and "on behalf of" -> ``<contrib-group>``."""
    group = el("contrib-group")
    for node in authgrp:
        name = tag(node)
        if name == "author":
            group.append(contributor(node, ctx))
        elif name == "corpauth":
            contrib = sub(group, "contrib", None, {"contrib-type": "author"})
            sub(contrib, "collab", text_of(node))
        elif name == "onbehalf" and len(group):
            sub(group[-1], "on-behalf-of", text_of(node))
    return group if len(group) else None


def contributor(node: etree._Element, ctx: Ctx) -> etree._Element:
    roles = (node.get("role") or "nd").lower().split()
    contrib_type = CONTRIB_TYPES.get(roles[0] if roles else "nd", "author")
    contrib = el("contrib", None, {"contrib-type": contrib_type})
    if (node.get("deceased") or "").lower() in ("y", "yes", "1"):
        contrib.set("deceased", "yes")
    if (node.get("eqcontr") or "").lower() in ("y", "yes", "1"):
        contrib.set("equal-contrib", "yes")
    for cid in node.findall("ctrbid"):
        kind = (cid.get("ctrbidtp") or "orcid").lower()
        sub(
            contrib,
            "contrib-id",
            orcid_id(text_of(cid)) if kind == "orcid" else text_of(cid),
            {"contrib-id-type": kind},
        )
    if node.find("surname") is not None:
        name = sub(contrib, "name")
        sub(name, "surname", text_of(node.find("surname")))
        given = text_of(node.find("fname"))
        if given:
            sub(name, "given-names", given)
    else:
        sub(contrib, "collab", text_of(node) or "Anonymous")
    for rid in (node.get("rid") or "").split():
        sub(contrib, "xref", None, {"ref-type": "aff", "rid": ctx.out_id(rid)})
    if (node.get("corresp") or "").lower() in ("y", "yes", "1") and ctx.corresps:
        sub(
            contrib,
            "xref",
            None,
            {"ref-type": "corresp", "rid": ctx.out_id(ctx.corresps[0].get("id"))},
        )
    return contrib


def orcid_id(value: str) -> str:
    """An ORCID as SciELO PS writes it: the bare 0000-0000-0000-000X identifier."""
    value = clean(value)
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


def fix_contrib_xrefs(group: etree._Element, ctx: Ctx) -> None:
    """Give aff/corresp xrefs their ref-type and label once every id is known."""
    for xref in group.iter("xref"):
        rid = xref.get("rid")
        kind = ctx.id_types.get(rid or "")
        if kind in ("aff", "corresp", "fn"):
            xref.set("ref-type", kind)
        label = ctx.labels.get(rid or "")
        if label and not xref.text:
            xref.text = label


def correspondence(node: etree._Element, ctx: Ctx) -> etree._Element:
    """``[corresp]`` -> ``<corresp id>`` with its label, text and e-mail."""
    out = el("corresp", None, {"id": ctx.out_id(node.get("id"))})
    lab = node.find("label")
    if lab is not None and text_of(lab):
        sub(out, "label", text_of(lab))
    inline(node, out, ctx, skip=frozenset({"label"}))
    return strip_edges(out)
