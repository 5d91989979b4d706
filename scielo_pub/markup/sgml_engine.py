"""Which SGML engine runs: the module names in, the compiled or the pure-Python modules out.

``setup.py`` compiles the engine's hot modules (``ENGINE_MODULES``) with Cython from the same
``.py`` files when the package is installed; Python then imports the compiled ones. Setting
``SCIELO_PUB_SGML_PURE=1`` before ``scielo_pub.markup`` is imported makes the process import the
``.py`` files instead (the reference the compiled engine is tested against, and the fallback
where nothing was compiled). ``pure_sgml()`` loads the pure-Python ``scielo_pub.markup.sgml``
beside the imported one, for the tests and the benchmark that compare both in one process.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
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
        "sgml_parts",
        "sgml_fast",
        "sgml_instance",
    )
)
_HERE = Path(__file__).resolve().parent


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
    name = getattr(module, "__file__", None) or ""
    return name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def pure_sgml() -> ModuleType:
    """A separately loaded pure-Python ``scielo_pub.markup.sgml`` (the imported modules stay)."""
    names = (*ENGINE_MODULES, f"{_PACKAGE}.sgml")
    package = importlib.import_module(_PACKAGE)
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    attrs = {name: getattr(package, name.rpartition(".")[2], None) for name in names}
    finder = PureFinder()
    sys.meta_path.insert(0, finder)
    try:
        module = importlib.import_module(f"{_PACKAGE}.sgml")
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
    return module
