"""An issue folder or zip package in, its members (read safely, in memory) and issue-level
diagnostics out.

Zip members are never extracted to disk: names with ``..``, absolute paths, drive letters or symbolic
links are refused, sizes and compression ratios are bounded (zip bombs stop early), and nothing
outside the package is read or written. Issue checks: all articles agree on ISSN, volume, number and
year; PIDs, orders and DOIs are unique; every referenced image or supplementary file is in the
package and every packaged file is referenced; file sizes are sane.
"""

from __future__ import annotations

import stat
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import Diagnostic, Severity
from ..model.text import XLINK_HREF
from .validate import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, ValidationResult
from .xmlvalid import Locator

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
#: A member that expands more than this many times its compressed size is treated as a bomb.
MAX_RATIO = 200
LARGE_ASSET_BYTES = 20 * 1024 * 1024
_IGNORED = {"issue.toml", "journal.toml", "thumbs.db", ".ds_store"}
_REFERENCING = (
    "graphic",
    "inline-graphic",
    "media",
    "supplementary-material",
    "inline-supplementary-material",
)


@dataclass(frozen=True)
class Member:
    """A file of the package: its name inside the package, its size and (articles) its bytes."""

    name: str
    size: int
    data: bytes | None = None

    @property
    def is_article(self) -> bool:
        return PurePosixPath(self.name).suffix.lower() in ARTICLE_SUFFIXES


@dataclass(frozen=True)
class Package:
    """What a folder or zip holds, and what was refused or wrong while reading it."""

    path: str
    members: tuple[Member, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    #: False when the package could not be read at all (not a zip, unreadable folder).
    readable: bool = True

    @property
    def articles(self) -> list[Member]:
        return [m for m in self.members if m.is_article]

    @property
    def assets(self) -> list[Member]:
        return [m for m in self.members if not m.is_article]

    def article_path(self, member: Member) -> str:
        """How a member is named in reports: ``package.zip/name`` or the file's path."""
        return (
            f"{self.path}/{member.name}"
            if not Path(self.path).is_dir()
            else str(Path(self.path) / member.name)
        )


def _pkg(path: str, message: str, code: str, advice: str, severity=Severity.ERROR, line=1, col=1):
    return Diagnostic(path, line, col, severity, message, code, "package", advice)


def read_folder(folder: Path, *, read_articles: bool = True) -> Package:
    """The files of an issue folder (not following symbolic links out of it); the bytes of its
    articles too unless ``read_articles`` is False (the build reads each article on its own)."""
    root = folder.resolve()
    members: list[Member] = []
    diagnostics: list[Diagnostic] = []
    try:
        entries = sorted(p for p in folder.rglob("*") if not _hidden(p.relative_to(folder)))
    except OSError as exc:
        return Package(str(folder), (), (_unreadable(str(folder), exc),), False)
    for entry in entries:
        rel = entry.relative_to(folder).as_posix()
        if entry.is_symlink() and not entry.resolve().is_relative_to(root):
            diagnostics.append(_unsafe(str(folder), rel, "is a link to a file outside the package"))
            continue
        if not entry.is_file() or entry.name.lower() in _IGNORED:
            continue
        if read_articles:
            members.append(_folder_member(entry, rel, diagnostics, str(folder)))
        else:
            members.append(Member(rel, entry.stat().st_size))
    return Package(str(folder), tuple(members), tuple(diagnostics))


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _folder_member(entry: Path, rel: str, diagnostics: list[Diagnostic], where: str) -> Member:
    size = entry.stat().st_size
    if PurePosixPath(rel).suffix.lower() not in ARTICLE_SUFFIXES or size > MAX_ARTICLE_BYTES:
        return Member(rel, size)  # oversized articles are reported by validate_article's guard
    try:
        return Member(rel, size, entry.read_bytes())
    except OSError as exc:
        diagnostics.append(_unreadable(f"{where}/{rel}", exc))
        return Member(rel, size, b"")


def _unreadable(path: str, exc: Exception) -> Diagnostic:
    return _pkg(
        path, f"cannot be read: {exc}", "package.unreadable",
        "Check that the file or folder exists and that you may read it.",
    )  # fmt: skip


def _unsafe(where: str, name: str, why: str) -> Diagnostic:
    return _pkg(
        where, f"'{name}' {why}; it was not read", "package.unsafe-path",
        "Package files flat, with plain names: no '..', absolute paths or links.",
    )  # fmt: skip


def read_zip(path: Path) -> Package:
    """The members of a zip package, read in memory within the size and ratio limits."""
    where = str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            raise ValueError("not a regular file")
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Package(
            where, (), (_pkg(where, f"is not a readable zip file: {exc}", "package.not-zip",
                             "Send the issue as a .zip made by a standard zip tool, or as a "
                             "folder."),), False,
        )  # fmt: skip
    with archive:
        return _read_members(archive, where)


def _read_members(archive: zipfile.ZipFile, where: str) -> Package:
    infos = archive.infolist()
    diagnostics: list[Diagnostic] = []
    if len(infos) > MAX_MEMBERS:
        diagnostics.append(
            _pkg(
                where,
                f"holds {len(infos)} files, more than the {MAX_MEMBERS} allowed; only the "
                f"first {MAX_MEMBERS} were read",
                "package.too-many-files",
                "Split the package: one zip per issue.",
            )  # fmt: skip
        )
        infos = infos[:MAX_MEMBERS]
    members: list[Member] = []
    total = 0
    for info in infos:
        member = _zip_member(archive, info, where, diagnostics, MAX_TOTAL_BYTES - total)
        if member is None:
            continue
        total += member.size
        members.append(member)
        if total >= MAX_TOTAL_BYTES:
            break
    return Package(where, tuple(members), tuple(diagnostics))


def _safe_name(name: str) -> str | None:
    """The member name when it stays inside the package, else ``None``."""
    clean = name.replace("\\", "/")
    pure = PurePosixPath(clean)
    if clean.startswith("/") or ".." in pure.parts or (len(clean) > 1 and clean[1] == ":"):
        return None
    return clean


def _zip_member(archive, info: zipfile.ZipInfo, where, diagnostics, budget) -> Member | None:
    name = _safe_name(info.filename)
    if name is None:
        diagnostics.append(_unsafe(where, info.filename, "points outside the package"))
        return None
    if stat.S_ISLNK(info.external_attr >> 16):
        diagnostics.append(_unsafe(where, info.filename, "is a symbolic link"))
        return None
    if info.is_dir() or _hidden(Path(name)) or PurePosixPath(name).name.lower() in _IGNORED:
        return None
    limit = min(MAX_MEMBER_BYTES, budget)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limit or (ratio > MAX_RATIO and info.file_size > 1024 * 1024):
        diagnostics.append(_bomb(where, name, info.file_size, ratio))
        return None
    return _read_member(archive, info, name, where, diagnostics, limit)


def _read_member(archive, info, name, where, diagnostics, limit) -> Member | None:
    """Read at most ``limit`` bytes, whatever the header claims (headers can lie)."""
    keep = PurePosixPath(name).suffix.lower() in ARTICLE_SUFFIXES
    size, chunks = 0, []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    diagnostics.append(_bomb(where, name, size, size / max(info.compress_size, 1)))
                    return None
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        diagnostics.append(
            _pkg(
                where,
                f"'{name}' cannot be read from the zip: {exc}",
                "package.bad-member",
                "Rebuild the zip (without encryption) and send it again.",
            )  # fmt: skip
        )
        return None
    return Member(name, size, b"".join(chunks) if keep else None)


def _bomb(where: str, name: str, size: int, ratio: float) -> Diagnostic:
    return _pkg(
        where, f"'{name}' would expand to {size / 1048576:.1f} MB ({ratio:.0f} times its "
        f"compressed size); it was not read", "package.bomb",
        f"Files over {MAX_MEMBER_BYTES // 1048576} MB or compressed more than {MAX_RATIO}:1 are "
        "refused; check the package for a corrupted or malicious file.",
    )  # fmt: skip


def read_package(path: Path) -> Package:
    """A folder or a zip file as a Package."""
    if path.is_dir():
        return read_folder(path)
    return read_zip(path)


@dataclass
class _Agreement:
    label: str
    values: dict[str, str] = field(default_factory=dict)


def check_issue(package: Package, results: Iterable[ValidationResult]) -> list[Diagnostic]:
    """Issue-level diagnostics across the package's articles and files."""
    results = [r for r in results if r.article is not None]
    out: list[Diagnostic] = []
    if not package.articles:
        out.append(
            _pkg(
                package.path,
                "holds no article (.xml or .sgm) file",
                "package.no-articles",
                "Add the issue's article files to the package.",
            )  # fmt: skip
        )
    out += _agreement(results)
    out += _uniques(results)
    out += _files(package, results)
    return out


def _agreement(results: list[ValidationResult]) -> list[Diagnostic]:
    fields = {
        "issn": lambda a: a.issn_electronic or a.issn_print,
        "volume": lambda a: a.volume,
        "number": lambda a: a.issue,
        "year": _issue_year,
    }
    out = []
    for name, get in fields.items():
        values = {r.path: get(r.article) for r in results}
        common = Counter(v for v in values.values() if v).most_common(1)
        if not common:
            continue
        majority = common[0][0]
        for path, value in values.items():
            if value and value != majority:
                out.append(
                    _pkg(
                        path,
                        f"{name} is '{value}' but the other articles of the issue have "
                        f"'{majority}'",
                        f"package.{name}-mismatch",
                        f"Every article of an issue has the same {name}; correct this article "
                        "or move it to its own issue.",
                    )  # fmt: skip
                )
    return out


def _issue_year(article) -> str | None:
    date = article.pub_dates.get("collection") or article.pub_date
    return str(date.year) if date else None


def _uniques(results: list[ValidationResult]) -> list[Diagnostic]:
    fields = {"pid": lambda a: a.pid, "order": lambda a: a.order, "doi": lambda a: a.doi}
    out = []
    for name, get in fields.items():
        seen: dict[str, str] = {}
        for r in results:
            value = get(r.article)
            if not value:
                continue
            if value in seen:
                out.append(
                    _pkg(
                        r.path,
                        f"{name} '{value}' is also used by {seen[value]}",
                        f"package.{name}-duplicate",
                        f"Each article of an issue has its own {name}.",
                    )  # fmt: skip
                )
            else:
                seen[value] = r.path
    return out


def _files(package: Package, results: list[ValidationResult]) -> list[Diagnostic]:
    assets = {PurePosixPath(m.name).name: m for m in package.assets}
    stems = {PurePosixPath(n).stem.lower(): n for n in assets}
    used: set[str] = set()
    out: list[Diagnostic] = []
    for result in results:
        locator = Locator(result.data, result.tree)
        for el in result.tree.getroot().iter(*_REFERENCING):
            href = (el.get(XLINK_HREF) or "").strip()
            if not href or "://" in href:
                continue
            name = PurePosixPath(href.replace("\\", "/")).name
            found = name if name in assets else stems.get(PurePosixPath(name).stem.lower())
            if found is None:
                stem_only = stems.get(name.lower())
                found = stem_only
            if found is None:
                line, col = locator.position(el) if result.data else (1, 1)
                out.append(
                    _pkg(
                        result.path,
                        f"'{href}' is referenced but not in the package",
                        "package.file-missing",
                        "Add the file to the package, or correct the xlink:href.",
                        line=line,
                        col=col,
                    )  # fmt: skip
                )
            else:
                used.add(found)
    for name, member in assets.items():
        out += _asset_checks(package, member, referenced=name in used)
    return out


def _asset_checks(package: Package, member: Member, *, referenced: bool) -> list[Diagnostic]:
    where = package.article_path(member)
    out = []
    if not referenced:
        out.append(
            _pkg(
                where,
                "no article of the package refers to this file",
                "package.file-unreferenced",
                "Remove the file, or reference it from the article (graphic, media or "
                "supplementary-material).",
                Severity.WARNING,
            )  # fmt: skip
        )
    if member.size == 0:
        out.append(
            _pkg(
                where,
                "the file is empty",
                "package.file-empty",
                "Export the image or document again and replace the empty file.",
            )
        )
    elif member.size > LARGE_ASSET_BYTES:
        out.append(
            _pkg(
                where,
                f"the file is {member.size / 1048576:.1f} MB",
                "package.file-large",
                "Images for the web are usually under 5 MB; reduce its resolution or compression.",
                Severity.WARNING,
            )  # fmt: skip
        )
    return out
