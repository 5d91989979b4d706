"""Entity declarations, byte decoding and ISO 8879 SDATA-to-Unicode mapping: values in, text out."""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass
from pathlib import Path

#: Largest external entity or DTD file read (bytes); bigger ones are refused as hostile.
MAX_EXTERNAL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Entity:
    """One ENTITY declaration. ``kind`` is text, cdata, sdata, pi, ndata, subdoc, starttag, endtag, ms or md."""

    name: str
    kind: str
    text: str | None = None
    public_id: str | None = None
    system_id: str | None = None
    base: Path | None = None
    parameter: bool = False
    notation: str | None = None

    @property
    def external(self) -> bool:
        return self.text is None


_SDATA_NAME = re.compile(r"^\[\s*([A-Za-z][A-Za-z0-9]*)\s*\]$")


def sdata_to_unicode(text: str) -> str | None:
    """``[aacute]`` (ISO 8879 entity-set SDATA text) as the Unicode text it names, or None if unknown."""
    m = _SDATA_NAME.match(text.strip())
    if not m:
        return None
    name = m.group(1)
    found = html.entities.html5.get(name + ";")
    if found is None and name[-1:].isdigit():
        found = html.entities.html5.get(name.rstrip("0123456789") + ";")
    return found


_C1_BYTES = re.compile(rb"[\x80-\x9f]")


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding used: the override, else UTF-8 when it decodes cleanly, else cp1252/Latin-1."""
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _C1_BYTES.search(data):
        text = data.decode("cp1252", errors="replace")
        return text, "cp1252"
    return data.decode("latin-1"), "latin-1"


def normalize_newlines(text: str) -> str:
    """CR LF and lone CR become LF, so every record ends with one newline."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_external(path: Path) -> bytes:
    """Bytes of a local external entity, refusing files above MAX_EXTERNAL_BYTES."""
    size = path.stat().st_size
    if size > MAX_EXTERNAL_BYTES:
        raise OSError(f"{path} is {size} bytes, more than the {MAX_EXTERNAL_BYTES} allowed")
    return path.read_bytes()
