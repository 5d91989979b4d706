"""Which SGML engine runs: the module names in, the compiled or the pure-Python modules out.

``setup.py`` compiles the engine's hot modules (``ENGINE_MODULES``) with Cython from the same
``.py`` files when the package is installed; Python then imports the compiled ones. Setting
``SCIELO_PUB_SGML_PURE=1`` before ``scielo_pub.markup`` is imported makes the process import the
``.py`` files instead (the reference the compiled engine is tested against, and the fallback
where nothing was compiled); so does a partial build or a compiled module older than its sources
(``stale``), so an edit never runs against an old build. ``pure_sgml()`` loads the pure-Python
``scielo_pub.markup.sgml`` beside the imported one, for the tests and the benchmark that compare
both in one process.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

PURE_ENV = "SCIELO_PUB_SGML_PURE"
_PACKAGE = "scielo_pub.markup"
ENGINE_MODULES = tuple(
    f"{_PACKAGE}.{name}"
    for name in (
        "sgml_lexer",
        "sgml_records",
        "sgml_attrs",
        "sgml_frame",
        "sgml_parts",
        "sgml_fast",
        "sgml_instance",
    )
)
#: The compiled engine's lxml helper (``sgml_lxml.pyx``, no pure-Python twin): checked by ``stale``.
HELPER = "sgml_lxml"
_HERE = Path(__file__).resolve().parent
_SUFFIXES = tuple(importlib.machinery.EXTENSION_SUFFIXES)


class PureFinder:
    """A meta path finder: the engine's modules as ``.py`` source even beside compiled ones."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in ENGINE_MODULES:
            return None
        source = _HERE / f"{fullname.rpartition('.')[2]}.py"
        return importlib.util.spec_from_file_location(fullname, source)


def install_pure_finder() -> None:
    """Make this process import the pure-Python engine (``scielo_pub.markup`` calls this when
    ``SCIELO_PUB_SGML_PURE`` is set)."""
    if not any(isinstance(f, PureFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, PureFinder())


def compiled() -> bool:
    """Whether the document loop this process runs is the compiled one."""
    module = importlib.import_module(f"{_PACKAGE}.sgml_instance")
    return _is_extension(module)


def _is_extension(module: ModuleType) -> bool:
    return (getattr(module, "__file__", None) or "").endswith(_SUFFIXES)


def stale() -> bool:
    """Whether the compiled modules beside the sources must not be used: only some of the engine's
    modules were built (they import each other's types), or, in a tree the extension was built
    in (Cython's ``.c`` files lie beside the sources, as after an editable install or
    ``build_ext --inplace``; an installed wheel has none), one is older than its ``.py`` or
    ``.pxd`` (or the helper ``sgml_lxml`` older than its ``.pyx``), so the sources changed after
    the build. ``scielo_pub.markup`` then runs the
    pure-Python engine until it is built again."""
    entries = {entry.name: entry for entry in os.scandir(_HERE)}
    built = {}
    for name in ENGINE_MODULES:
        short = name.rpartition(".")[2]
        found = [
            e for n, e in entries.items() if n.startswith(f"{short}.") and n.endswith(_SUFFIXES)
        ]
        if found:
            built[short] = max(e.stat().st_mtime for e in found)
    if not built:
        return False
    if len(built) < len(ENGINE_MODULES):
        return True
    helper = [e for n, e in entries.items() if n.startswith(f"{HELPER}.") and n.endswith(_SUFFIXES)]
    if helper:  # (optional: where it is missing, the compiled engine uses lxml's Python API)
        built[HELPER] = max(e.stat().st_mtime for e in helper)
    for short, made in built.items():
        if f"{short}.c" not in entries:
            continue
        sources = [entries.get(f"{short}.{ext}") for ext in ("py", "pxd", "pyx")]
        if any(e is not None and e.stat().st_mtime > made for e in sources):
            return True
    return False


@cache
def pure_modules() -> dict[str, ModuleType]:
    """The engine's modules and ``scielo_pub.markup.sgml`` loaded once more from their ``.py``
    files, beside the imported ones (which stay what the rest of the process uses)."""
    names = (*ENGINE_MODULES, f"{_PACKAGE}.sgml")
    package = importlib.import_module(_PACKAGE)
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    attrs = {name: getattr(package, name.rpartition(".")[2], None) for name in names}
    finder = PureFinder()
    sys.meta_path.insert(0, finder)
    try:
        importlib.import_module(f"{_PACKAGE}.sgml")
        loaded = {name: sys.modules[name] for name in names}
    finally:
        sys.meta_path.remove(finder)
        for name in names:
            sys.modules.pop(name, None)
            short = name.rpartition(".")[2]
            if attrs[name] is not None:
                setattr(package, short, attrs[name])
            elif hasattr(package, short):
                delattr(package, short)
        sys.modules.update(saved)
    return loaded


def pure_sgml() -> ModuleType:
    """The pure-Python ``scielo_pub.markup.sgml`` (``pure_modules``), for comparisons."""
    return pure_modules()[f"{_PACKAGE}.sgml"]
