"""Small builders for the workspace tests: the demo collection without one issue, zips, form tokens."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from scielo_pub.cli import main

DEMO = Path(__file__).resolve().parents[2] / "collections" / "demo"
#: The issue the tests upload: held out of the collection before the first build.
JOURNAL, ISSUE = "ecl", "v8n2"
XML = "0718-462X-ecl-8-2-e240203.xml"
PID = "S0718-462X2024000200203"
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Demo:
    collection: Path
    site: Path
    #: The held-out issue's original files.
    held: Path


def build_template(tmp: Path) -> Demo:
    """The demo collection without ecl/v8n2, built with --no-pdf, and the held-out issue."""
    collection = tmp / "demo"
    shutil.copytree(DEMO, collection)
    held = tmp / ISSUE
    shutil.move(collection / "journals" / JOURNAL / "issues" / ISSUE, held)
    site = tmp / "site"
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        code = main(["build", str(collection), "-o", str(site), "--no-pdf", "-j", "1", "-q"])
    assert code == 0
    return Demo(collection, site, held)


def copy_demo(template: Demo, tmp: Path) -> Demo:
    shutil.copytree(template.collection, tmp / "demo")
    shutil.copytree(template.site, tmp / "site")
    return Demo(tmp / "demo", tmp / "site", template.held)


def issue_zip(held: Path, *, broken: bool = False, extra: dict[str, bytes] | None = None) -> bytes:
    """The held-out issue as a zip (in a top folder, as editors make them); ``broken`` misspells
    the XML article's title element, a DTD error."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(held.iterdir()):
            data = path.read_bytes()
            if broken and path.name == XML:
                data = data.replace(b"article-title>", b"article-titel>", 2)
            archive.writestr(f"{ISSUE}/{path.name}", data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buf.getvalue()


def symlink_zip(held: Path) -> bytes:
    """The issue with one member that is a symbolic link to /etc/passwd."""
    buf = io.BytesIO(issue_zip(held))
    with zipfile.ZipFile(buf, "a") as archive:
        info = zipfile.ZipInfo(f"{ISSUE}/figure.png")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return buf.getvalue()


def token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def tree_digest(folder: Path) -> str:
    """A digest of every file name and content under ``folder`` (hidden ones included)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()
