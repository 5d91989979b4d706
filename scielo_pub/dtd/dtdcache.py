"""A DTD file and the resolver that finds its modules in; a parsed ``etree.DTD`` out, cached as one flat text.

Parsing the JATS Publishing DTD from its hundred module files takes libxml2 longer than the rest
of a one-file ``validate``. The first parse is dumped by libxml2 itself (every element, attribute
list, notation and general entity as it holds them) and kept in the user cache
(:mod:`scielo_pub.usercache`) with the digests of every module file read; later processes parse
that flat text, which takes a fraction of the time. Comments, processing instructions and the
parameter entities no declaration still refers to are left out. The key is the DTD file's path
and bytes, the catalogs' bytes and the lxml/libxml2 versions; an entry whose module files changed,
that fails to parse or that was written by a DTD load that refused an include is not used.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from .. import usercache

KIND = "xml-dtd"
#: One declaration, comment or processing instruction of libxml2's dump of a DTD.
_ITEM = re.compile(r"<!--.*?-->|<\?.*?\?>|<!(?:[^\"'>]|\"[^\"]*\"|'[^']*')*>", re.S)
_PE_DECL = re.compile(r"<!ENTITY\s+%\s+([^\s\"']+)")
_PE_REF = re.compile(r"%([^\s;%\"'<>]+);")
_EXTERNAL = re.compile(r"\s(?:SYSTEM|PUBLIC)\s")


def load_cached(
    target: Path, catalog_files: tuple[Path, ...], parse: Callable[[Path], tuple]
) -> tuple[etree.DTD | None, str | None]:
    """The DTD at ``target``: from the cache when its entry still holds, else ``parse(target)``.

    ``parse`` returns ``(dtd_or_None, problem_or_None, files_read, refused, flat_text_or_None)``.
    """
    key = _key(target, catalog_files)
    entry = usercache.load(KIND, key) if key else None
    dtd = _from_entry(entry)
    if dtd is not None:
        return dtd, None
    dtd, problem, files, refused, dump = parse(target)
    if dtd is not None and key and not refused and dump is not None:
        flat = flatten(dump)
        deps = _digests(files)
        if flat is not None and deps is not None:
            usercache.store(KIND, key, {"deps": deps, "dtd": flat})
    return dtd, problem


def _key(target: Path, catalog_files: tuple[Path, ...]) -> str | None:
    parts: list[bytes | str] = [str(target), etree.__version__, repr(etree.LIBXML_VERSION)]
    try:
        parts.append(target.read_bytes())
        for path in catalog_files:
            parts += [str(path), path.read_bytes()]
    except OSError:
        return None
    return usercache.content_key(KIND, parts)


def _digests(files: list[Path]) -> list[list[str]] | None:
    out = []
    for path in dict.fromkeys(files):
        try:
            out.append([str(path), hashlib.sha256(path.read_bytes()).hexdigest()])
        except OSError:
            return None
    return out


def _from_entry(entry) -> etree.DTD | None:
    """The DTD of a cache entry whose module files are unchanged (``None`` otherwise)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("dtd"), str):
        return None
    deps = entry.get("deps")
    if not isinstance(deps, list):
        return None
    for dep in deps:
        if not (isinstance(dep, list) and len(dep) == 2 and all(isinstance(d, str) for d in dep)):
            return None
        try:
            if hashlib.sha256(Path(dep[0]).read_bytes()).hexdigest() != dep[1]:
                return None
        except OSError:
            return None
    try:
        return etree.DTD(io.BytesIO(entry["dtd"].encode("utf-8")))
    except (etree.DTDParseError, ValueError):
        return None


def flatten(dump: str) -> str | None:
    """The declarations of libxml2's dump of a DTD that validation needs, as one DTD text.

    ``None`` when the dump holds something this does not understand, or when a parameter entity
    still referred to is external (a flat text must not load other files).
    """
    items: list[str] = []
    pos = 0
    for match in _ITEM.finditer(dump):
        if dump[pos : match.start()].strip():
            return None
        pos = match.end()
        text = match.group()
        if not text.startswith(("<!--", "<?")):
            items.append(text)
    if dump[pos:].strip():
        return None
    pe_decls = {m.group(1): text for text in items if (m := _PE_DECL.match(text))}
    needed = _referenced([text for text in items if not _PE_DECL.match(text)], pe_decls)
    kept = []
    for text in items:
        match = _PE_DECL.match(text)
        if match is None:
            kept.append(text)
        elif match.group(1) in needed:
            if _EXTERNAL.search(text):
                return None
            kept.append(text)
    return "\n".join(kept) + "\n"


def _referenced(texts: list[str], pe_decls: dict[str, str]) -> set[str]:
    """Names of the parameter entities ``texts`` refer to, directly or through other ones."""
    needed: set[str] = set()
    todo = [name for text in texts for name in _PE_REF.findall(text)]
    while todo:
        name = todo.pop()
        if name in needed or name not in pe_decls:
            continue
        needed.add(name)
        todo += _PE_REF.findall(pe_decls[name].split(None, 3)[-1])
    return needed
