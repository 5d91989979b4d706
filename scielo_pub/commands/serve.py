"""``scielo-pub serve SITE [--db URL] [--collection DIR]``: a built site and its store in, served by
waitress until Ctrl-C (with ``--collection``, the editors' workspace too).

The app is the WSGI application ``scielo_pub.site:create_app`` (static pages, search, API and the
other blueprints); waitress is a production WSGI server, so this is how a collection is served in
production too (docs/API.md shows gunicorn as well).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve a built site: pages, search, API")
    p.add_argument("site", type=Path, help="a folder written by 'scielo-pub build'")
    p.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="the collection store (default: SITE/.scielo-pub/store.sqlite, as the build wrote it)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="public address of the site (e.g. https://www.example.org/): absolute URLs of the "
        "API, search feeds and OAI-PMH use it instead of the request's address (default "
        "$SCIELO_PUB_BASE_URL); the static pages keep the base URL 'build --base-url' wrote",
    )
    p.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    p.add_argument("--access-log", type=Path, metavar="FILE",
                   help="append an Apache combined-format line per request (for 'usage import')")  # fmt: skip
    p.add_argument("--collection", type=Path, metavar="DIR",
                   help="the collection folder SITE is built from: turns on the editors' workspace "
                   "under /workspace/ (publishing writes there and rebuilds SITE)")  # fmt: skip
    p.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True,
                   help="render PDFs when the workspace publishes (--no-pdf: HTML only, quicker)")  # fmt: skip
    p.add_argument("--secure-cookies", action="store_true",
                   help="send the workspace's session cookie only over HTTPS (set it behind TLS)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.site / "index.html").is_file():
        raise InputError(f"{args.site} has no index.html; run 'scielo-pub build' first.")
    from waitress import create_server

    from ..site import create_app
    from ..store import check_url

    if args.db:
        check_url(args.db)
    if args.collection and not (args.collection / "collection.toml").is_file():
        raise InputError(f"{args.collection} has no collection.toml; give the collection folder.")
    config = {"WORKSPACE_PDF": args.pdf, "SESSION_COOKIE_SECURE": args.secure_cookies}
    app = create_app(
        args.site, config, db=args.db, collection=args.collection, base_url=args.base_url
    )  # a bad --base-url: ConfigError
    if args.access_log:
        from ..site.accesslog import AccessLog

        app.wsgi_app = AccessLog(app.wsgi_app, args.access_log)  # type: ignore[method-assign]
    server = create_server(app, host=args.host, port=args.port, threads=max(1, args.threads))
    host, port = server.effective_host, server.effective_port  # type: ignore[union-attr]
    print(f"Serving {args.site} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.close()
    return 0
