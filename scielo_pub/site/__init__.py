"""A built site folder and its store in, a WSGI application serving them out (``scielo_pub.site:create_app``).

``create_app`` is the app factory (Flask's pattern); each face of the site is a blueprint of its own
(``search`` and ``stats`` also answer the paths where the build wrote their static pages, before the
``pages`` blueprint would send those files):
``pages`` (the static files ``scielo-pub build`` wrote: ``/x/`` -> ``/x/index.html``, PDFs, downloads,
no hidden files, no directory listings), ``search`` (``/search`` and its Atom feeds), ``api`` (the JSON
API under ``/api/v1/``), ``oai`` (the OAI-PMH 2.0 provider at ``/oai``, docs/OAI.md), ``sushi`` (the
COUNTER_SUSHI R5.1 API under ``/r51/``), ``usage`` (usage statistics pages) and ``stats`` (citation
statistics pages under ``/stats/citations/``) and, when the app is given the collection folder it
publishes into (``collection`` or the ``COLLECTION`` setting), ``workspace`` (the editors' workspace
under ``/workspace/``: sign in, upload, report, preview, publish). The dynamic faces read the collection store: ``db`` (or
the ``STORE_URL`` setting), by default the SQLite store the build wrote beside the site. Under a
production WSGI server::

    waitress-serve --call 'scielo_pub.site:app_from_env'        # SCIELO_PUB_SITE=build/demo
    gunicorn 'scielo_pub.site:create_app("build/demo")'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .. import store
from ..errors import ConfigError
from ..store.oai import OAIReader
from . import api, oai, pages, search, stats, sushi, usage
from .db import init_store
from .urls import normalise_base_url


def create_app(
    site: str | Path,
    test_config: Mapping[str, Any] | None = None,
    *,
    db: str | None = None,
    collection: str | Path | None = None,
    base_url: str | None = None,
) -> Flask:
    """A Flask app over the built site folder ``site`` (it must hold ``index.html``) and its store
    (``db``, default the SQLite store the build wrote beside the site); with ``collection`` (the
    folder the site is built from) the editors' workspace is on. ``base_url`` (or the ``BASE_URL``
    setting, or ``$SCIELO_PUB_BASE_URL``) is the public address the dynamic faces write in absolute
    URLs (:mod:`.urls`); ``ConfigError`` when it is not an http(s) URL. Settings: ``WORKSPACE_DIR``
    (uploads, default ``SITE/.scielo-pub/workspace``), ``WORKSPACE_PDF`` (render PDFs when
    publishing, default true), ``SESSION_COOKIE_SECURE``, ``SECRET_KEY``."""
    root = Path(site).resolve()
    app = Flask(__name__, static_folder=None)
    app.config.update(SITE_ROOT=str(root), SEND_FILE_MAX_AGE_DEFAULT=300)
    app.json.sort_keys = False  # type: ignore[attr-defined]  (keys in the documented order)
    if test_config:
        app.config.update(test_config)
    public = base_url or app.config.get("BASE_URL") or os.environ.get("SCIELO_PUB_BASE_URL")
    try:
        app.config["BASE_URL"] = normalise_base_url(public) if public else None
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    engine = store.connect(
        db or app.config.get("STORE_URL") or store.default_url(root), create=False
    )
    init_store(app, engine)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(api.blueprint)
    oai.init_app(app, OAIReader(engine))
    app.register_blueprint(sushi.blueprint)
    app.register_blueprint(usage.blueprint)
    app.register_blueprint(stats.blueprint)
    collection = collection or app.config.get("COLLECTION")
    if collection:
        _workspace(app, root, Path(collection).resolve(), db or app.config.get("STORE_URL"))
    app.register_blueprint(pages.blueprint)  # last: its catch-all route serves files
    return app


def _workspace(app: Flask, root: Path, collection: Path, db: str | None) -> None:
    from ..workspace import Places
    from . import workspace

    data = Path(app.config.get("WORKSPACE_DIR") or root / ".scielo-pub" / "workspace")
    pdf = bool(app.config.get("WORKSPACE_PDF", True))
    workspace.init_app(app, Places(collection, root, data.resolve(), db, pdf))


def app_from_env() -> Flask:
    """``create_app`` over ``$SCIELO_PUB_SITE``, ``$SCIELO_PUB_DB`` and ``$SCIELO_PUB_COLLECTION``
    (the workspace), and ``$SCIELO_PUB_BASE_URL``, for WSGI servers' ``--call``."""
    site = os.environ.get("SCIELO_PUB_SITE")
    if not site:
        raise RuntimeError("set SCIELO_PUB_SITE to the folder 'scielo-pub build' wrote")
    return create_app(site, db=os.environ.get("SCIELO_PUB_DB") or None,
                      collection=os.environ.get("SCIELO_PUB_COLLECTION") or None)  # fmt: skip
