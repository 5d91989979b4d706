"""A JATS ``ref`` in, a Markup citation (``vcitat`` or ``acitat``) out: the printed text with its parts tagged.

Each part of the element-citation (authors, title, source, date, volume, issue, pages, DOI ...)
is looked up in the printed reference (mixed-citation) and tagged where it stands, so the text
between tags is the printed punctuation. When a part cannot be found, the citation is written
from its parts with the style's usual punctuation instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class Part:
    """One tagged piece: where it is in the printed text and the Markup that replaces it."""

    group: str  # contrib | serial | monog | cite
    start: int
    end: int
    markup: str


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def txt(node) -> str:
    return norm("".join(node.itertext())) if node is not None else ""


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("[", "&#091;").replace("]", "&#093;")


def raw(text: str) -> str:
    return re.sub(r"\[/(?=[A-Za-z])", "[ /", text)


class Finder:
    """Finds values in the printed text, preferring exact-case matches after ``start``."""

    def __init__(self, printed: str) -> None:
        self.printed = printed
        self.start = 0
        self.taken: list[tuple[int, int]] = []

    def find(self, value: str, *, pattern: str | None = None) -> tuple[int, int] | None:
        if not value:
            return None
        regex = pattern or r"\s+".join(re.escape(w) for w in value.split())
        for start_at, flags in ((self.start, 0), (self.start, re.I), (0, 0), (0, re.I)):
            for match in re.finditer(regex, self.printed[start_at:], flags):
                span = (match.start() + start_at, match.end() + start_at)
                if not any(a < span[1] and span[0] < b for a, b in self.taken):
                    self.taken.append(span)
                    return span
        return None


def citation(ref, style: str, number: int, tag) -> str:
    """The Markup of one reference (``tag(name, content, **attrs)`` writes a tag)."""
    printed = txt(ref.find("mixed-citation"))
    cit = ref.find("element-citation")
    parts = _parts(ref, cit, printed, style, tag)
    name = "vcitat" if style == "vancouv" else "acitat"
    return f"[{name}]" + _assemble(printed, parts, style) + f"[/{name}]"


def _kind(cit) -> tuple[str, str]:
    """(analytic part, host part): contrib+serial for articles, contrib+monog for chapters."""
    kind = cit.get("publication-type")
    analytic = cit.find("article-title") is not None or cit.find("chapter-title") is not None
    if kind in ("confproc", "thesis", "book", "report", "data", "webpage", "software"):
        return ("contrib" if analytic else "monog"), "monog"
    if cit.find("article-title") is not None:
        return "contrib", "serial"
    if cit.find("chapter-title") is not None:
        return "contrib", "monog"
    return "monog", "monog"


MISSING: list[str] = []


def _parts(ref, cit, printed: str, style: str, tag) -> list[Part]:
    """Tag what the printed text shows; parts it does not show are left out (and listed)."""
    find = Finder(printed)
    parts: list[Part] = []
    label = txt(ref.find("label"))
    if label and printed.startswith(label):
        parts.append(Part("cite", 0, len(label), tag("no", esc(label))))
        find.start = len(label)
        find.taken.append((0, len(label)))
    first, host = _kind(cit)
    title_tag = "vtitle" if style == "vancouv" else None
    titles = (
        ("article-title", first),
        ("chapter-title", first),
        ("source", host),
        ("data-title", host),
    )
    for field_name, grp in titles:
        node = cit.find(field_name)
        if node is None:
            continue
        span = find.find(txt(node))
        if span is None:
            _missing(ref, field_name)
            continue
        text = printed[span[0] : span[1]]
        if field_name == "source" and host == "serial":
            inner = tag("stitle", esc(text)) if style == "vancouv" else tag("sertitle", esc(text))
            markup = tag("vstitle", inner) if style == "vancouv" else inner
        else:
            markup = tag("title", raw(text), language=_lang(ref))
            markup = tag(title_tag, markup) if title_tag else markup
        parts.append(Part(grp, span[0], span[1], markup))
        find.start = max(find.start, span[1])
    host_start = find.start
    find.start = 0
    for piece in _ids(cit, find, printed, host, tag):
        _keep(parts, piece, ref)
    for group in cit.findall("person-group"):
        who = first if group.get("person-group-type") != "editor" else "monog"
        for member in group:
            piece = _person(member, find, printed, group.get("person-group-type"), tag)
            _keep(parts, Part(who, *piece) if piece else None, ref, member.tag)
    find.start = host_start
    for piece in _simple_fields(cit, find, printed, host, tag, style):
        _keep(parts, piece, ref)
    hosts = [p.end for p in parts if p.group == host]
    if cit.get("publication-type") == "report" and host == "monog" and hosts:
        # Markup says "this monograph is a report" with a [report] element
        parts.append(Part(host, max(hosts), max(hosts), tag("report", "")))
    return parts


def _keep(parts: list[Part], piece: Part | None, ref, what: str = "field") -> None:
    if piece is None:
        _missing(ref, what)
    else:
        parts.append(piece)


def _missing(ref, what: str) -> None:
    MISSING.append(f"{ref.get('id')}: {what} not in the printed reference")


def _lang(ref) -> str:
    return ref.getroottree().getroot().get("{http://www.w3.org/XML/1998/namespace}lang") or "en"


def _person(member, find: Finder, printed: str, role: str | None, tag):
    role_code = {"editor": "ed", "translator": "tr", "compiler": "coord"}.get(role or "", "nd")
    local = member.tag
    if local == "etal":
        span = find.find("et al", pattern=r"et\.?\s+al\.?")
        if span is None:
            return None
        return span[0], span[1], tag("et-al", esc(printed[span[0] : span[1]]))
    if local == "collab":
        span = find.find(txt(member))
        if span is None:
            return None
        return span[0], span[1], tag("corpauth", tag("orgname", esc(printed[span[0] : span[1]])))
    surname, given = norm(member.findtext("surname")), norm(member.findtext("given-names"))
    s_span = find.find(surname)
    g_span = find.find(given) if given else None
    if s_span is None or (given and g_span is None):
        return None
    pieces = sorted([(s_span, "surname"), *([(g_span, "fname")] if g_span else [])])
    start, end = pieces[0][0][0], pieces[-1][0][1]
    inner, pos = "", start
    for (a, b), name in pieces:
        inner += esc(printed[pos:a]) + tag(name, esc(printed[a:b]))
        pos = b
    return start, end, tag("author", inner, role=role_code)


def _simple_fields(cit, find: Finder, printed: str, host: str, tag, style: str):
    year = cit.findtext("year")
    if year:
        span = find.find(year)
        yield None if span is None else Part(host, *span, tag("date", year, dateiso=f"{year}0000"))
    for name, markup in (("volume", "volid"), ("issue", "issueno"), ("edition", "edition"),
                         ("version", "version" if style == "vancouv" else "notes")):  # fmt: skip
        value = norm(cit.findtext(name))
        if value:
            span = find.find(value, pattern=rf"(?<![\w.]){re.escape(value)}(?![\w])")
            yield (
                None
                if span is None
                else Part(host, *span, tag(markup, esc(printed[span[0] : span[1]])))
            )
    yield from _publisher(cit, find, printed, host, tag)
    yield from _pages(cit, find, printed, host, tag)
    yield from _conference(cit, find, printed, tag)
    if cit.get("publication-type") == "thesis" and cit.findtext("comment"):
        span = find.find(norm(cit.findtext("comment")))
        degree = tag("degree", esc(printed[span[0] : span[1]])) if span else ""
        yield None if span is None else Part(host, *span, tag("thesis", degree))


def _publisher(cit, find: Finder, printed: str, host: str, tag):
    for name, markup in (("publisher-loc", "city"), ("publisher-name", "pubname")):
        value = norm(cit.findtext(name))
        if value:
            span = find.find(value)
            yield (
                None
                if span is None
                else Part(host, *span, tag(markup, esc(printed[span[0] : span[1]])))
            )


def _pages(cit, find: Finder, printed: str, host: str, tag):
    fpage, lpage = norm(cit.findtext("fpage")), norm(cit.findtext("lpage"))
    eloc = norm(cit.findtext("elocation-id"))
    if fpage:
        pattern = rf"{re.escape(fpage)}(?:\s*[-–]\s*\d+)?" if lpage else re.escape(fpage)
        span = find.find(fpage, pattern=pattern)
        yield (
            None
            if span is None
            else Part(host, *span, tag("pages", esc(printed[span[0] : span[1]])))
        )
    elif eloc:
        span = find.find(eloc)
        yield (
            None
            if span is None
            else Part(host, *span, tag("pages", esc(printed[span[0] : span[1]])))
        )


def _ids(cit, find: Finder, printed: str, host: str, tag):
    for pub_id in cit.findall("pub-id"):
        value, kind = norm(txt(pub_id)), pub_id.get("pub-id-type")
        span = find.find(value)
        if span is None:
            yield None
        elif kind == "doi":
            yield Part(host, *span, tag("doi", esc(printed[span[0] : span[1]])))
        else:
            yield Part(host, *span, tag("pubid", esc(printed[span[0] : span[1]]), idtype=kind))
    links = [e.get(XLINK_HREF) or txt(e) for e in cit.iter("ext-link", "uri")]
    for url in links[:1]:
        span = find.find(url)
        yield (
            None if span is None else Part(host, *span, tag("url", raw(printed[span[0] : span[1]])))
        )
    cited = cit.find("date-in-citation")
    if cited is not None:
        iso = (cited.get("iso-8601-date") or "").replace("-", "")
        span = find.find(txt(cited)) or find.find(
            "cited", pattern=r"(?:citado|cited|consultado|acesso em:?|accedido)\s[^\].;]*\d{4}"
        )
        yield (
            None
            if span is None
            else Part(
                host,
                *span,
                tag("cited", esc(printed[span[0] : span[1]]), dateiso=iso or "00000000"),
            )
        )


def _conference(cit, find: Finder, printed: str, tag):
    name, loc = norm(cit.findtext("conf-name")), norm(cit.findtext("conf-loc"))
    if not name:
        return
    span = find.find(name)
    if span is None:
        yield None
        return
    inner = tag("confname", esc(printed[span[0] : span[1]]))
    yield Part("monog", *span, tag("confgrp", inner))
    if loc:
        loc_span = find.find(loc)
        yield None if loc_span is None else Part("monog", *loc_span, tag("city", esc(loc)))


def _assemble(printed: str, parts: list[Part], style: str) -> str:
    """Lay the tagged parts out in printed order, wrapping each group in its element."""
    names = {
        "vancouv": {"contrib": "vcontrib", "serial": "viserial", "monog": "vmonog"},
        "abnt6023": {"contrib": "acontrib", "serial": "aiserial", "monog": "amonog"},
    }[style]
    ordered = sorted(parts, key=lambda p: p.start)
    out, pos, open_group = [], 0, None
    for part in ordered:
        if part.group != open_group:
            if open_group not in (None, "cite"):
                out.append(f"[/{names[open_group]}]")
            out.append(esc(printed[pos : part.start]))
            if part.group != "cite":
                out.append(f"[{names[part.group]}]")
        else:
            out.append(esc(printed[pos : part.start]))
        out.append(part.markup)
        pos, open_group = part.end, part.group
    if open_group not in (None, "cite"):
        out.append(f"[/{names[open_group]}]")
    out.append(esc(printed[pos:]))
    groups = [p.group for p in ordered if p.group != "cite"]
    # a group that appears, is interrupted and appears again would repeat its element
    runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    if len(runs) != len(set(runs)):
        raise _Interleaved
    return "".join(out)


class _Interleaved(Exception):
    """Parts of one group are printed between parts of another."""


def safe_citation(ref, style: str, number: int, tag) -> str:
    try:
        return citation(ref, style, number, tag)
    except _Interleaved:
        cit = ref.find("element-citation")
        name = "vcitat" if style == "vancouv" else "acitat"
        return f"[{name}]" + _rebuilt(ref, cit, style, tag) + f"[/{name}]"


def _rebuilt(ref, cit, style: str, tag) -> str:
    """Fallback: the citation written from its parts with the style's punctuation."""
    label = txt(ref.find("label"))
    out = [tag("no", esc(label)) + ". " if label else ""]
    first, host = _kind(cit)
    names = {
        "vancouv": ("vcontrib", "viserial", "vmonog"),
        "abnt6023": ("acontrib", "aiserial", "amonog"),
    }[style]
    group_name = {"contrib": names[0], "serial": names[1], "monog": names[2]}
    people = []
    for group in cit.findall("person-group"):
        for member in group:
            if member.tag == "name":
                inner = tag("surname", esc(norm(member.findtext("surname"))))
                given = norm(member.findtext("given-names"))
                inner += " " + tag("fname", esc(given)) if given else ""
                people.append(tag("author", inner, role="nd"))
            elif member.tag == "collab":
                people.append(tag("corpauth", tag("orgname", esc(txt(member)))))
            elif member.tag == "etal":
                people.append(tag("et-al", "et al"))
    first_parts = ", ".join(people)
    for field_name in ("article-title", "chapter-title"):
        if cit.find(field_name) is not None:
            title = tag("title", raw(txt(cit.find(field_name))), language=_lang(ref))
            first_parts += ". " + (tag("vtitle", title) if style == "vancouv" else title)
    host_parts = []
    source = txt(cit.find("source"))
    if source:
        if host == "serial":
            inner = tag("stitle", esc(source))
            host_parts.append(
                tag("vstitle", inner) if style == "vancouv" else tag("sertitle", esc(source))
            )
        else:
            title = tag("title", raw(source), language=_lang(ref))
            host_parts.append(tag("vtitle", title) if style == "vancouv" else title)
    for name, markup in (("publisher-loc", "city"), ("publisher-name", "pubname"), ("year", "date"),
                         ("volume", "volid"), ("issue", "issueno")):  # fmt: skip
        value = norm(cit.findtext(name))
        if value:
            extra = {"dateiso": f"{value}0000"} if markup == "date" else {}
            host_parts.append(tag(markup, esc(value), **extra))
    fpage, lpage = norm(cit.findtext("fpage")), norm(cit.findtext("lpage"))
    if fpage:
        host_parts.append(tag("pages", esc(f"{fpage}-{lpage}" if lpage else fpage)))
    for pub_id in cit.findall("pub-id"):
        if pub_id.get("pub-id-type") == "doi":
            host_parts.append(tag("doi", esc(txt(pub_id))))
    if first == "monog":
        return (
            "".join(out)
            + f"[{names[2]}]"
            + first_parts
            + ". "
            + ". ".join(host_parts)
            + f".[/{names[2]}]"
        )
    return (
        "".join(out)
        + f"[{names[0]}]{first_parts}[/{names[0]}]. "
        + f"[{group_name[host]}]"
        + ". ".join(host_parts)
        + f".[/{group_name[host]}]"
    )
