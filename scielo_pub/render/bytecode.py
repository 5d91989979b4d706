"""A site folder in, the page templates loaded out: compiled once per code version, kept as bytecode.

Before a local pool forks for article or journal tasks (``listings.before_fork``), ``load`` loads
every template of the web environment (``pages.environment``) into it, so the forked workers
inherit them instead of each compiling the ones its pages use. Jinja's compiled code is kept in
``OUT/.scielo-pub/templates/`` (Jinja's ``FileSystemBytecodeCache``: a file per template, written
to a temporary name and renamed), named by a tag that hashes the code's fingerprint (which covers
the templates and the environment's settings) and Jinja's version; files of another tag are
deleted when templates are loaded. Jinja checks each file against its template's
source and the Python version. A folder that cannot be used leaves them compiled as before; a build
that renders no page loads nothing. The cache is set on
the environment only while ``load`` runs: a template loaded later (another build in this process,
a worker on another host) is compiled as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

#: Where the bytecode is kept, under the site folder (beside the outputs' record).
FOLDER = ".scielo-pub/templates"
#: ``load`` reads and writes the compiled templates in ``FOLDER`` (off: compiles each as before).
BYTECODE_CACHE = True
#: The templates of the print environment (PDF sources) are not loaded here.
_SKIPPED = ("pdf.html",)


class _Cache(FileSystemBytecodeCache):
    """Jinja's file cache that does not fail a build: a file it cannot write is left unwritten."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def load(out: Path) -> None:
    """Every web page template loaded into ``pages.environment()`` (kept there for this process and
    those it forks), from the bytecode in ``out`` when it is there, else compiled and kept."""
    from jinja2 import __version__ as jinja_version

    from . import pages
    from .keys import code_fingerprint

    env = pages.environment()
    names = [name for name in env.list_templates() if name not in _SKIPPED]
    if not BYTECODE_CACHE:
        for name in names:
            env.get_template(name)
        return
    folder = Path(out) / FOLDER
    tag = hashlib.sha256(f"{code_fingerprint()}\0{jinja_version}".encode()).hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stored = os.listdir(folder)
    except OSError:  # not a folder, not writable: the templates compiled as before
        stored = None
    else:
        env.bytecode_cache = _Cache(os.fspath(folder), f"{tag}-%s.cache")
    try:
        for name in names:
            env.get_template(name)
    finally:
        env.bytecode_cache = None
    for stale in stored or ():  # another code version's
        if not stale.startswith(f"{tag}-"):
            (folder / stale).unlink(missing_ok=True)
