"""``collection.toml``, ``journal.toml`` and ``issue.toml`` in, the configuration records out.

See docs/COLLECTION_LAYOUT.md. ``_load`` turns a missing or broken file into a diagnostic (the
caller skips that journal or issue); ``Tomls`` keeps the parsed files in OUT between builds, so a
rebuild parses only those whose stat fingerprint (size, mtime in ns, inode) changed (not one
modified within the last seconds before it was read, as the read cache does with articles).
"""

from __future__ import annotations

import errno
import os
import pickle
import re
import stat
import time
import tomllib
from pathlib import Path

from .errors import ConfigError, Diagnostic, Severity
from .model import Collection, Issue, Journal
from .verdicts import load_record, write_file

#: A file modified less than this many ns before it was read may change again unseen.
_RACY_NS = 2_000_000_000


class Tomls:
    """The TOML files a build parses, kept in ``path`` (a pickle in OUT; None: not kept) with their
    stat fingerprint; a file whose fingerprint is the recorded one is not read again."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.known: dict = load_record(path) if path is not None else {}
        self.now: dict = {}
        self.started = time.time_ns()

    def parse(self, path: Path, info: os.stat_result | None = None) -> dict:
        """The file's table (``_parse_toml``: a broken file raises ``ConfigError``); ``info``: its
        ``stat`` when the caller took it already."""
        key = str(path)
        if info is None:
            try:
                info = os.stat(key)
            except OSError:
                return _parse_toml(path)
        mark = (info.st_size, info.st_mtime_ns, info.st_ino)
        held = self.known.get(key)
        if held is not None and held[0] == mark:
            self.now[key] = held
            return held[1]
        data = _parse_toml(path)
        if info.st_mtime_ns < self.started - _RACY_NS:
            self.now[key] = (mark, data)
        return data

    def save(self) -> None:
        if self.path is not None and self.now != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_file(self.path, pickle.dumps(self.now, protocol=pickle.HIGHEST_PROTOCOL))


#: Parses without keeping anything.
NO_TOMLS = Tomls()


def _refuse_outside(journal: Journal, folder: Path, root: Path, diagnostics: list) -> bool:
    """True (and a diagnostic) when a file journal.toml names resolves outside the collection."""
    named = [journal.dtd, journal.xsd, *_strs_or_one(journal.xml_dtd_catalog)]
    bad = [
        value
        for value in named
        if value and _names_a_path(value, folder) and not _inside(folder / value, root)
    ]
    for value in bad:
        diagnostics.append(
            Diagnostic(
                str(folder / "journal.toml"),
                1,
                1,
                Severity.ERROR,
                f"'{value}' resolves outside the collection; the journal is not built",
                "config.outside-collection",
                "package",
                "Keep DTDs, catalogs and schemas inside the collection folder.",
            )  # fmt: skip
        )
    return bool(bad)


def _strs_or_one(value) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else _strs(value)


def _names_a_path(value: str, folder: Path) -> bool:
    return "/" in value or "\\" in value or Path(value).is_absolute() or (folder / value).exists()


def _inside(path: Path, root: Path) -> bool:
    return Path(path).expanduser().resolve().is_relative_to(root.resolve())


def _read_collection(path: Path, tomls: Tomls = NO_TOMLS) -> Collection:
    toml_path = path / "collection.toml"
    if not toml_path.is_file():
        raise ConfigError(
            f"{toml_path} is missing. A collection folder needs a collection.toml; "
            "see docs/COLLECTION_LAYOUT.md."
        )
    data = tomls.parse(toml_path)
    info = data.get("collection", {})
    return Collection(
        acronym=str(info.get("acronym") or path.name),
        name={k: str(v) for k, v in (info.get("name") or {"en": path.name}).items()},
        publisher=info.get("publisher"),
        base_url=_slash(str(info.get("base_url") or "http://127.0.0.1:8000/")),
        default_language=str(info.get("default_language") or "pt"),
        lilacs={k: str(v) for k, v in data.get("lilacs", {}).items()},
        citations=dict(data.get("citations", {})),
        path=path,
        subject_names=_names_by_subject(data.get("subject_areas")),
    )


def _names_by_subject(value) -> dict[str, dict[str, str]]:
    """``{"Health Sciences": {"pt": "Ciências da Saúde", ...}}`` from a TOML table of tables."""
    if not isinstance(value, dict):
        return {}
    return {str(k): _names(v) for k, v in value.items() if isinstance(v, dict)}


def _names(value: dict) -> dict[str, str]:
    """A name per language (``{"pt": ..., "en": ...}``), language codes lower-cased."""
    return {str(k).lower(): str(v) for k, v in value.items() if isinstance(v, str | int | float)}


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _parse_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line, col = _toml_position(str(exc))
        raise ConfigError(
            f"{path} is not valid TOML ({exc}); fix it and build again.",
            diagnostics=[
                Diagnostic(str(path), line, col, Severity.ERROR, str(exc), "config.toml", "package")
            ],
        ) from None


def _toml_position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _load(path: Path, factory, diagnostics: list[Diagnostic], tomls: Tomls = NO_TOMLS):
    """Parse a TOML file into a record; a problem becomes a diagnostic and ``None``. The file is
    ``stat``-ed once: that it is a file, and its fingerprint for ``tomls``."""
    try:
        info = os.stat(path)
    except OSError as exc:  # as ``Path.is_file``: a missing file, else the error
        if exc.errno not in _MISSING:
            raise
        info = None
    except ValueError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        diagnostics.append(
            Diagnostic(
                str(path),
                1,
                1,
                Severity.ERROR,
                f"{path.name} is missing; this folder is skipped",
                "config.missing",
                "package",
                "Create it as docs/COLLECTION_LAYOUT.md describes.",
            )
        )
        return None
    try:
        return factory(tomls.parse(path, info))
    except ConfigError as exc:
        diagnostics.extend(exc.diagnostics)
    except (KeyError, TypeError, ValueError) as exc:
        diagnostics.append(
            Diagnostic(
                str(path),
                1,
                1,
                Severity.ERROR,
                f"bad or missing value: {exc}",
                "config.value",
                "package",
                "Compare the file with docs/COLLECTION_LAYOUT.md.",
            )
        )
    return None


def _strs(value) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _journal_from(data: dict, folder: Path | None = None) -> Journal:
    known = {
        "acronym", "title", "abbrev_title", "issn_print", "issn_electronic", "publisher",
        "publisher_city", "publisher_country", "subject_areas", "languages", "license",
        "about", "dtd", "xml_dtd_catalog", "xsd", "rules", "sections", "logo", "colour",
    }  # fmt: skip
    areas = data.get("subject_areas") or ()
    return Journal(
        acronym=str(data["acronym"]),
        title=str(data["title"]),
        abbrev_title=data.get("abbrev_title"),
        issn_print=data.get("issn_print"),
        issn_electronic=data.get("issn_electronic"),
        publisher=data.get("publisher"),
        publisher_city=data.get("publisher_city"),
        publisher_country=data.get("publisher_country"),
        subject_areas=tuple(_entry_name(a) for a in areas),
        languages=_strs(data.get("languages")),
        license=data.get("license"),
        about={k: str(v) for k, v in (data.get("about") or {}).items()},
        dtd=data.get("dtd"),
        xml_dtd_catalog=data.get("xml_dtd_catalog"),
        xsd=data.get("xsd"),
        rules={k: str(v) for k, v in (data.get("rules") or {}).items()},
        extra={k: v for k, v in data.items() if k not in known},
        sections=tuple(_names(s) for s in data.get("sections") or () if isinstance(s, dict)),
        subject_names={_entry_name(a): _names(a) for a in areas if isinstance(a, dict)},
        logo=_opt_str(data.get("logo")),
        colour=_colour(data.get("colour")),
        path=folder,
    )


def _entry_name(entry) -> str:
    """A configured name given as a string, or as a table per language (its English, else first)."""
    if isinstance(entry, dict):
        names = _names(entry)
        return names.get("en") or next(iter(names.values()), "")
    return str(entry)


_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")


def _colour(value) -> str | None:
    """A ``#rgb``/``#rrggbb`` brand colour; anything else is refused (it goes into the page's CSS)."""
    if value in (None, ""):
        return None
    if not _COLOUR.fullmatch(str(value)):
        raise ValueError(f"colour must be #rgb or #rrggbb, not {value!r}")
    return str(value)


def _issue_factory(journal: Journal, folder: Path):
    def make(data: dict) -> Issue:
        return Issue(
            journal_acronym=journal.acronym,
            folder=folder.name,
            year=int(data["year"]),
            volume=_opt_str(data.get("volume")),
            number=_opt_str(data.get("number")),
            supplement=_opt_str(data.get("supplement")),
            month=int(data["month"]) if data.get("month") else None,
            order=int(data["order"]) if data.get("order") is not None else None,
            sections=tuple(_entry_name(e) for e in data.get("sections") or ()),
            path=folder,
            section_titles=tuple(
                _names(e) if isinstance(e, dict) else {} for e in data.get("sections") or ()
            ),
        )

    return make


def _opt_str(value) -> str | None:
    return str(value) if value not in (None, "") else None
