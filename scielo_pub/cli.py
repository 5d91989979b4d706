"""Command line in, exit status out: ``scielo-pub COMMAND ...``.

Each command lives in its own module under ``scielo_pub.commands`` and exposes
``register(subparsers) -> None``; the parser it adds sets ``func(args) -> int``. Commands are
discovered, so adding one never edits this file.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__, commands
from .errors import ScieloPubError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scielo-pub",
        description="Ingest, validate, render and export SciELO journal collections.",
    )
    parser.add_argument("--version", action="version", version=f"scielo-pub {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
