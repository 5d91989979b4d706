"""Build script for the optional compiled SGML engine: the hot modules of ``scielo_pub.markup``
compiled by Cython from the same ``.py`` files (typed by the ``.pxd`` files beside them).

Everything else about the package is declared in ``pyproject.toml``. When Cython or a C compiler
is missing the package installs without the extension and the pure-Python modules run (the same
trees and diagnostics, slower); ``SCIELO_PUB_SGML_PURE=1`` chooses them at run time.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext


def _engine_sources() -> list[str]:
    """The SGML engine's modules compiled when Cython is available, as ``sgml_engine`` lists them
    (that module is loaded from its file alone: it needs only the standard library)."""
    where = Path(__file__).resolve().parent / "scielo_pub" / "markup" / "sgml_engine.py"
    spec = importlib.util.spec_from_file_location("_scielo_pub_sgml_engine", where)
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    return [name.replace(".", "/") + ".py" for name in engine.ENGINE_MODULES]


class OptionalBuildExt(build_ext):
    """``build_ext`` that warns instead of failing: the pure-Python engine is the fallback."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - no compiler: install the pure-Python engine
            print(f"warning: the compiled SGML engine was not built ({exc})", file=sys.stderr)

    def build_extension(self, ext) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001 - as above, per module
            print(f"warning: {ext.name} was not compiled ({exc})", file=sys.stderr)


#: The compiled engine's helper that makes lxml elements through lxml's C API (compiled only:
#: the pure-Python engine calls ``etree.SubElement``), built against the installed lxml's headers.
LXML_HELPER = "scielo_pub/markup/sgml_lxml.pyx"


def _lxml_helper() -> list:
    try:
        import lxml
        from setuptools import Extension
    except ImportError:
        print("warning: lxml is missing at build time; sgml_lxml is not built", file=sys.stderr)
        return []
    name = LXML_HELPER.removesuffix(".pyx").replace("/", ".")
    return [Extension(name, [LXML_HELPER], include_dirs=lxml.get_include())]


def _extensions() -> list:
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("warning: Cython is missing; the SGML engine stays pure Python", file=sys.stderr)
        return []
    try:
        return cythonize(
            _engine_sources() + _lxml_helper(),
            language_level=3,
            compiler_directives={"binding": False, "annotation_typing": False},
            quiet=True,
        )
    except Exception as exc:  # noqa: BLE001 - a Cython that cannot compile them: stay pure
        print(f"warning: the SGML engine stays pure Python ({exc})", file=sys.stderr)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
