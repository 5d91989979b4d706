"""A built site folder in, a Flask application serving it out.

``create_app`` is the app factory (Flask's pattern) that later features grow on: search, OAI-PMH,
editors' submission and the usage and citation dashboards register as blueprints here. Today it serves
what ``scielo-pub build`` wrote: pages (``/x/`` -> ``/x/index.html``), PDFs, downloads, with a 404
page and no directory listings, and the OAI-PMH provider at ``/oai`` (``site.oai``) over the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, abort, send_from_directory
from werkzeug.security import safe_join

from .. import store
from ..store.oai import OAIReader
from . import oai


def create_app(
    site: str | Path, test_config: Mapping[str, Any] | None = None, *, db: str | None = None
) -> Flask:
    """A Flask app over the built site folder ``site`` (it must hold ``index.html``) and its store
    (``db``, default the SQLite store the build wrote beside the site)."""
    root = Path(site).resolve()
    app = Flask(__name__, static_folder=None)
    app.config.update(SITE_ROOT=str(root), SEND_FILE_MAX_AGE_DEFAULT=300)
    if test_config:
        app.config.update(test_config)
    engine = store.connect(
        db or app.config.get("STORE_URL") or store.default_url(root), create=False
    )
    oai.init_app(app, OAIReader(engine))

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def page(path: str):
        return _send(root, path)

    return app


def _send(root: Path, path: str):
    """The file ``path`` names under ``root``; a folder gives its index.html; hidden files 404."""
    if any(part.startswith(".") for part in Path(path).parts):
        abort(404)
    target = safe_join(str(root), path)
    if target is None:
        abort(404)
    if Path(target).is_dir():
        path = f"{path.rstrip('/')}/index.html" if path else "index.html"
    return send_from_directory(root, path)
