"""``scielo-pub serve DIR``: a built site folder in, served by the Flask app on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve a built site locally")
    p.add_argument("site", type=Path, help="a folder written by 'scielo-pub build'")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.site / "index.html").is_file():
        raise InputError(f"{args.site} has no index.html; run 'scielo-pub build' first.")
    from werkzeug.serving import run_simple

    from ..site import create_app

    print(f"Serving {args.site} at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    try:
        run_simple(args.host, args.port, create_app(args.site), threaded=True)
    except KeyboardInterrupt:
        print("\nstopped")
    return 0
