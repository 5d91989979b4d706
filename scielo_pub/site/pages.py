"""A request path in, the file ``scielo-pub build`` wrote for it out: the static pages of the site.

``/x/`` serves ``/x/index.html``; hidden files (the store, manifests) and paths that leave the site
folder are 404; there are no directory listings.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.security import safe_join

blueprint = Blueprint("pages", __name__)


@blueprint.get("/", defaults={"path": ""})
@blueprint.get("/<path:path>")
def page(path: str):
    return send(Path(current_app.config["SITE_ROOT"]), path)


def send(root: Path, path: str):
    """The file ``path`` names under ``root``; a folder gives its index.html; hidden files 404."""
    if any(part.startswith(".") for part in Path(path).parts):
        abort(404)
    target = safe_join(str(root), path)
    if target is None:
        abort(404)
    if Path(target).is_dir():
        path = f"{path.rstrip('/')}/index.html" if path else "index.html"
    return send_from_directory(root, path)
