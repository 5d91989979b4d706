"""An uploaded issue package (zip) or article files in, a kept submission out: its issue folder, its
validation report (HTML per article and language) and a preview of its pages.

The zip goes through the package checks of ``dtd.package`` first (size limits, zip bombs, ``..`` and
absolute names, symbolic links); a package they refuse leaves nothing behind. The members are then
written flat into the submission's own folder (``DATA/submissions/KEY/files``), never into the
collection. Single files are added over a copy of the issue's published folder. The report is the
validator's (``dtd.validate.validate_paths`` and ``dtd.report_html.to_html``); the preview is the
issue built on its own by ``scielo_pub.build.build`` (the function ``scielo-pub build`` calls),
so it shows the pages exactly as the site would, with the same sanitising.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
import shutil
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sqlalchemy import Connection, insert, select, update

from ..dtd import package as pkg
from ..dtd.report import groups, to_json_data
from ..dtd.report_html import to_html
from ..dtd.validate import ARTICLE_SUFFIXES, ValidationReport, validate_paths
from ..errors import Diagnostic, Severity
from ..store.workspace_schema import ws_submissions
from . import Places
from .accounts import ACRONYM, now

ISSUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._()+-]{0,199}$")
MAX_TOML_BYTES = 256 * 1024
#: Package problems that refuse the whole upload (nothing is kept).
REFUSING = {"package.unsafe-path", "package.bomb", "package.not-zip", "package.bad-member",
            "package.too-many-files"}  # fmt: skip


class Refused(Exception):
    """The upload was refused as a whole; ``diagnostics`` say why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser sent and its content."""

    filename: str
    stream: BinaryIO


def _refuse(where: str, message: str, code: str, advice: str) -> Refused:
    return Refused([Diagnostic(where, 1, 1, Severity.ERROR, message, code, "package", advice)])


def check_target(places: Places, journal: str, issue: str) -> None:
    """Refuse a journal that is not in the collection or an issue folder name that is not plain."""
    if not ACRONYM.match(journal) or not (places.journal_dir(journal) / "journal.toml").is_file():
        raise _refuse(journal, "no such journal in the collection", "workspace.journal",
                      "Choose one of your journals.")  # fmt: skip
    if not ISSUE.match(issue):
        raise _refuse(issue or "(empty)", "the issue folder name must be letters, digits, '.', "
                      "'_' or '-' (for example v12n3)", "workspace.issue-name",
                      "Name the issue folder like the others of the journal: v12n3.")  # fmt: skip


def receive(conn: Connection, places: Places, account: str, journal: str, issue: str,
            uploads: list[Upload], lang: str) -> str:  # fmt: skip
    """Keep an upload as a new submission and return its key; ``Refused`` when it cannot be taken."""
    check_target(places, journal, issue)
    uploads = [u for u in uploads if u.filename]
    if not uploads:
        raise _refuse(issue, "no file was sent", "workspace.no-file",
                      "Choose a .zip package or article files.")  # fmt: skip
    key = secrets.token_hex(12)
    folder = places.submission_dir(key)
    (folder / "upload").mkdir(parents=True)
    files = files_dir(folder, journal, issue)
    try:
        _source_tree(places, journal, folder)
        if len(uploads) == 1 and uploads[0].filename.lower().endswith(".zip"):
            kind = "package"
            _unpack(_save(uploads[0], folder / "upload" / "package.zip"), files)
        else:
            kind = "files"
            _add_files(places.issue_dir(journal, issue), uploads, files)
        if not (files / "issue.toml").is_file():
            raise _refuse(issue, "the issue has no issue.toml", "workspace.no-issue-toml",
                          "Put issue.toml in the package (see docs/COLLECTION_LAYOUT.md).")  # fmt: skip
        summary = check(folder, journal, issue, lang)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    listed = listing(files)
    conn.execute(
        insert(ws_submissions).values(
            key=key,
            account=account,
            created=now(),
            journal=journal,
            issue=issue,
            kind=kind,
            files=listed,
            digest=digest(listed),
            summary=summary,
            state="uploaded",
        )  # fmt: skip
    )
    return key


def _save(upload: Upload, target: Path) -> Path:
    limit = pkg.MAX_TOTAL_BYTES
    size = 0
    with target.open("wb") as out:
        while chunk := upload.stream.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise _refuse(upload.filename, f"is larger than {limit // 1048576} MB",
                              "package.bomb", "Split the issue into smaller packages.")  # fmt: skip
            out.write(chunk)
    return target


def _unpack(path: Path, files: Path) -> None:
    """Check the zip with the package checks, then write its members flat into ``files``."""
    package = pkg.read_zip(path)
    refusing = [d for d in package.diagnostics if d.code in REFUSING] if package.readable else []
    if not package.readable:
        refusing = list(package.diagnostics)
    if refusing:
        raise Refused(
            [dataclasses.replace(d, path=_relabel(d.path, path.parent)) for d in refusing]
        )
    wanted = {m.name: m for m in package.members}
    files.mkdir(parents=True)
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            base = PurePosixPath(name).name
            if name in wanted:
                _write_member(archive, info, files, base, wanted[name].size)
            elif base.lower() == "issue.toml" and _plain_member(info):
                if info.file_size > MAX_TOML_BYTES or (files / "issue.toml").exists():
                    raise _refuse("issue.toml", "more than one issue.toml, or one too large",
                                  "workspace.issue-toml", "Send one issue per package.")  # fmt: skip
                _write_member(archive, info, files, "issue.toml", MAX_TOML_BYTES)


def _plain_member(info: zipfile.ZipInfo) -> bool:
    """A regular file whose name stays inside the package (the package checks' rule)."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    return not (name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":")
                or stat.S_ISLNK(info.external_attr >> 16) or info.is_dir())  # fmt: skip


def _write_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, files: Path, base: str,
                  limit: int) -> None:  # fmt: skip
    if not FILE.match(base):
        raise _refuse(info.filename, "has a file name that is not plain (letters, digits, '.', "
                      "'_', '-')", "workspace.file-name", "Rename the file and send it again.")  # fmt: skip
    target = files / base
    if target.exists():
        raise _refuse(info.filename, "has the same name as another file of the package",
                      "workspace.duplicate", "Package an issue's files flat, with one name each.")  # fmt: skip
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise _refuse(info.filename, "is larger than its header said", "package.bomb",
                      "Rebuild the zip with a standard tool.")  # fmt: skip
    target.write_bytes(data)


def _add_files(published: Path, uploads: list[Upload], files: Path) -> None:
    """The issue's published files with the uploaded ones added (or replacing same names)."""
    files.mkdir(parents=True)
    if published.is_dir():
        for entry in sorted(published.iterdir()):
            if entry.is_file() and not entry.is_symlink() and not entry.name.startswith("."):
                shutil.copyfile(entry, files / entry.name)
    for upload in uploads:
        base = PurePosixPath(upload.filename.replace("\\", "/")).name
        if not FILE.match(base) or base.lower() == "journal.toml":
            raise _refuse(upload.filename, "has a file name that is not plain (letters, digits, "
                          "'.', '_', '-')", "workspace.file-name", "Rename the file.")  # fmt: skip
        if base.lower().endswith(".zip"):
            raise _refuse(upload.filename, "a package must be sent on its own", "workspace.mixed",
                          "Send either one .zip package or article files.")  # fmt: skip
        _save(upload, files / base)
        if (files / base).stat().st_size > pkg.MAX_MEMBER_BYTES:
            raise _refuse(upload.filename, "is too large", "package.bomb", "Reduce the file.")


def listing(files: Path) -> list[dict]:
    out = []
    for entry in sorted(files.iterdir()):
        if entry.is_file() and not entry.is_symlink():
            data = entry.read_bytes()
            out.append({"name": entry.name, "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})  # fmt: skip
    return out


def digest(files: Iterable[dict]) -> str:
    pairs = sorted((f["name"], f["sha256"]) for f in files)
    return hashlib.sha256(repr(pairs).encode()).hexdigest()


def _relabel(path: str, folder: Path) -> str:
    """A report path without the server's folders: ``files/x.xml`` -> ``x.xml``."""
    prefix = str(folder) + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


def files_dir(folder: Path, journal: str, issue: str) -> Path:
    """The submission's issue folder, inside its own copy of the collection's layout."""
    return folder / "src" / "journals" / journal / "issues" / issue


def _source_tree(places: Places, journal: str, folder: Path) -> None:
    """``src/``: collection.toml and the journal's settings (not its issues), as in the collection,
    so the readers find journal.toml where they look for it and the preview builds like the site."""
    source = folder / "src"
    jdir = source / "journals" / journal
    jdir.mkdir(parents=True)
    shutil.copyfile(places.collection / "collection.toml", source / "collection.toml")
    for entry in places.journal_dir(journal).iterdir():
        if entry.name == "issues" or entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_file():
            shutil.copyfile(entry, jdir / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, jdir / entry.name, symlinks=False)


def validate(folder: Path, journal: str, issue: str, lang: str) -> ValidationReport:
    """The validator's report on the submission's issue folder (report paths are file names)."""
    files = files_dir(folder, journal, issue)
    report = validate_paths([files], lang=lang)
    results = tuple(
        dataclasses.replace(
            r,
            path=_relabel(r.path, files),
            diagnostics=tuple(
                dataclasses.replace(d, path=_relabel(d.path, files)) for d in r.diagnostics
            ),
        )  # fmt: skip
        for r in report.results
    )
    extra = tuple(dataclasses.replace(d, path=_relabel(d.path, files)) for d in report.diagnostics)
    return dataclasses.replace(report, results=results, diagnostics=extra)


def check(folder: Path, journal: str, issue: str, lang: str) -> dict:
    """Validate, write the HTML reports in ``lang`` and the preview; the summary to keep."""
    report = validate(folder, journal, issue, lang)
    write_reports(report, folder, lang)
    failed = preview(folder, journal, issue)
    data = to_json_data(report)
    articles = [{"file": a["file"], "errors": a["errors"], "warnings": a["warnings"]}
                for a in data["articles"]]  # fmt: skip
    return {
        **{k: data["summary"][k] for k in ("articles", "errors", "warnings", "info")},
        "articles_list": articles,
        "files_problems": [
            {
                "file": f["file"],
                "problems": len(f["problems"]),
                "errors": sum(p["severity"] in ("error", "fatal") for p in f["problems"]),
            }
            for f in data["files"]
        ],  # fmt: skip
        "preview_failed": failed,
    }


def write_reports(report: ValidationReport, folder: Path, lang: str) -> None:
    """``reports/LANG.html`` (the whole issue) and ``reports/LANG-N.html`` (article N)."""
    out = folder / "reports"
    out.mkdir(exist_ok=True)
    (out / f"{lang}.html").write_text(to_html(report, lang=lang), encoding="utf-8")
    for n, group in enumerate(g for g in groups(report) if g.result is not None):
        one = ValidationReport((group.result,), tuple(d for d in report.diagnostics
                                                      if d.path == group.path))  # fmt: skip
        (out / f"{lang}-{n}.html").write_text(to_html(one, lang=lang), encoding="utf-8")


def report_file(places: Places, row, lang: str, article: int | None) -> Path | None:
    """The HTML report of a submission (one article when ``article`` is given), made if missing."""
    folder = places.submission_dir(row.key)
    name = f"{lang}.html" if article is None else f"{lang}-{article}.html"
    target = folder / "reports" / name
    if not target.is_file() and files_dir(folder, row.journal, row.issue).is_dir():
        write_reports(validate(folder, row.journal, row.issue, lang), folder, lang)
    return target if target.is_file() else None


def preview(folder: Path, journal: str, issue: str) -> list[str]:
    """Build the submission's ``src/`` (its issue alone) into ``preview/``, without PDFs, by the
    build's own function; the articles that could not be published."""
    from ..build import build
    from ..executors import LocalExecutor

    with LocalExecutor(1) as executor:
        report = build(folder / "src", folder / "preview", pdf=False, executor=executor)
    return [_relabel(p, files_dir(folder, journal, issue)) for p in report.failed]


def get(conn: Connection, key: str):
    if not re.fullmatch(r"[0-9a-f]{24}", key or ""):
        return None
    return conn.execute(select(ws_submissions).where(ws_submissions.c.key == key)).first()


def history(conn: Connection, journal: str, issue: str | None = None, limit: int = 50):
    query = select(ws_submissions).where(ws_submissions.c.journal == journal)
    if issue is not None:
        query = query.where(ws_submissions.c.issue == issue)
    return conn.execute(query.order_by(ws_submissions.c.id.desc()).limit(limit)).all()


def publishable(row) -> bool:
    summary = row.summary
    files_errors = sum(f.get("errors", 0) for f in summary.get("files_problems", []))
    return (
        row.state in ("uploaded", "published", "superseded")
        and summary.get("articles", 0) > 0
        and summary.get("errors", 0) == 0
        and files_errors == 0
        and not summary.get("preview_failed")
    )


def mark(conn: Connection, row, state: str, who: str | None = None) -> None:
    values: dict = {"state": state}
    if state == "published":
        values.update(published=now(), published_by=who)
        conn.execute(
            update(ws_submissions)
            .where(ws_submissions.c.journal == row.journal, ws_submissions.c.issue == row.issue,
                   ws_submissions.c.state == "published", ws_submissions.c.id != row.id)
            .values(state="superseded")
        )  # fmt: skip
    conn.execute(update(ws_submissions).where(ws_submissions.c.id == row.id).values(**values))


def article_names(files: Iterable[dict]) -> list[str]:
    return [f["name"] for f in files if PurePosixPath(f["name"]).suffix.lower() in ARTICLE_SUFFIXES]
