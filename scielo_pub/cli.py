"""Command line in, exit status out: ``scielo-pub COMMAND ...``.

Each command lives in its own module under ``scielo_pub.commands`` and exposes
``register(subparsers) -> None``; the parser it adds sets ``func(args) -> int``. Commands are
discovered, so adding one never edits this file.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence

from . import __version__, commands, heap
from .errors import ScieloPubError


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or only ``command``'s when that names a command module
    (so ``scielo-pub validate FILE`` does not import the other twelve command modules)."""
    parser = argparse.ArgumentParser(
        prog="scielo-pub",
        description="Ingest, validate, render and export SciELO journal collections.",
    )
    parser.add_argument("--version", action="version", version=f"scielo-pub {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    module = _command_module(command) if command else None
    if module is not None:
        module.register(sub)
        if command in sub.choices:
            return parser
        return build_parser()
    import pkgutil

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    return parser


def _command_module(name: str):
    """The module of command ``name`` (each command lives in a module of the same name)."""
    if not name.isidentifier() or name.startswith("_"):
        return None
    qualified = f"{commands.__name__}.{name}"
    if importlib.util.find_spec(qualified) is None:
        return None
    return importlib.import_module(qualified)


def _command_of(argv: Sequence[str]) -> str | None:
    """The command word of ``argv``: its first argument that is not an option."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ScieloPubError as exc:
        for diag in exc.diagnostics:
            print(diag.format(), file=sys.stderr)
        print(f"scielo-pub: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("scielo-pub: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line; the traceback only on request
        if os.environ.get("SCIELO_PUB_TRACEBACK"):
            raise
        print(
            f"scielo-pub: internal error ({type(exc).__name__}: {exc}); this is a bug in "
            "scielo-pub, please report it (set SCIELO_PUB_TRACEBACK=1 to see where it happened)",
            file=sys.stderr,
        )
        return 2


def run() -> None:
    """The ``scielo-pub`` command: :func:`main`, then exit without collecting the heap.

    A build leaves hundreds of thousands of objects; the collection Python runs while it shuts
    down cost about a tenth of a second of a one-article rebuild. Freezing them first skips that
    pass (atexit handlers, finalizers and buffered output still run as usual). Before the
    command, :func:`heap.begin` freezes what the imports made and paces the collector.
    """
    heap.begin()  # what the imports made lives as long as the process (``heap.settle``)
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
