"""HTTP requests to ``/oai`` in, OAI-PMH 2.0 responses out: the Flask blueprint over the store.

GET takes the arguments from the query string, POST from an ``application/x-www-form-urlencoded``
body (both as the protocol allows). Protocol errors are OAI-PMH ``error`` elements in a 200 response,
as the protocol requires. ``/oai/lilacs-record.xsd`` serves the schema of the ``lilacs`` format.

Settings (``app.config``): ``OAI_PAGE_SIZE`` (records per list page, default 100),
``OAI_TOKEN_TTL`` (seconds a resumption token lives, default 86400), ``OAI_REPOSITORY`` (the
``<repository>`` of ``oai:<repository>:<PID>``, default the collection's acronym),
``OAI_ADMIN_EMAIL`` (one address or a list; default ``webmaster@`` the host of the collection's
base URL, the mailbox RFC 2142 names for a web service; set it in production), ``OAI_BASE_URL`` (default the collection's
base URL + ``oai``), and ``OAI_TOKEN_SECRET`` or ``SECRET_KEY`` (signs resumption tokens; without
either a random key is made per process, so tokens do not survive a restart or cross worker
processes). Each ``OAI_*`` setting may also be given as a ``SCIELO_PUB_OAI_*`` environment variable
(``SCIELO_PUB_OAI_ADMIN_EMAIL=a@x.org,b@x.org``), for ``scielo-pub serve`` and WSGI servers.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, abort, current_app, request, send_file
from sqlalchemy.exc import SQLAlchemyError

from ..errors import ConfigError
from ..store.oai import OAIReader
from .oai_metadata import LILACS_XSD
from .oai_protocol import TokenCodec
from .oai_provider import Provider, ProviderConfig

bp = Blueprint("oai", __name__)

#: Largest POST body accepted (the six verbs' arguments fit in far less).
MAX_POST_BYTES = 16 * 1024


#: Settings that may also come from ``SCIELO_PUB_<NAME>`` environment variables.
SETTINGS = (
    "OAI_PAGE_SIZE", "OAI_TOKEN_TTL", "OAI_REPOSITORY", "OAI_ADMIN_EMAIL", "OAI_BASE_URL",
    "OAI_TOKEN_SECRET",
)  # fmt: skip


def init_app(app: Flask, reader: OAIReader) -> None:
    """Register the blueprint on ``app``, answering from ``reader``; bad settings stop here."""
    for name in SETTINGS:
        value = os.environ.get(f"SCIELO_PUB_{name}")
        if value and name not in app.config:
            app.config[name] = value.split(",") if name == "OAI_ADMIN_EMAIL" else value
    app.config.setdefault("OAI_PAGE_SIZE", 100)
    app.config.setdefault("OAI_TOKEN_TTL", 86400)
    for name, low in (("OAI_PAGE_SIZE", 1), ("OAI_TOKEN_TTL", 60)):
        try:
            app.config[name] = int(app.config[name])
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be a whole number, not {app.config[name]!r}") from None
        if app.config[name] < low:
            raise ConfigError(f"{name} must be at least {low}")
    if not app.config.get("SECRET_KEY") and not app.config.get("OAI_TOKEN_SECRET"):
        app.config["OAI_TOKEN_SECRET"] = secrets.token_hex(32)
    app.extensions["scielo_pub.oai"] = reader
    app.register_blueprint(bp)


@bp.route("/oai", methods=["GET", "POST"])
def endpoint() -> Response:
    if request.method == "POST":
        if request.mimetype != "application/x-www-form-urlencoded":
            abort(415, "OAI-PMH POST requests carry application/x-www-form-urlencoded arguments")
        if (request.content_length or 0) > MAX_POST_BYTES:
            abort(413)
        args = request.form.to_dict(flat=False)
    else:
        args = request.args.to_dict(flat=False)
    body = provider().respond(args)
    return Response(body, mimetype="text/xml", content_type="text/xml; charset=utf-8")


@bp.errorhandler(SQLAlchemyError)
def store_unreadable(exc: SQLAlchemyError) -> tuple[str, int, dict[str, str]]:
    """A store that is missing or unreadable is the server's problem: 503, said plainly."""
    current_app.logger.error("OAI-PMH cannot read the store: %s", exc)
    message = "The collection store cannot be read; build the collection (scielo-pub build).\n"
    return message, 503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "600"}


@bp.get("/oai/lilacs-record.xsd")
def lilacs_schema() -> Response:
    return send_file(LILACS_XSD, mimetype="application/xml", max_age=86400)


def _webmaster(site_url: str) -> str:
    """``webmaster@`` the site's host (RFC 2142); a dotless host gets ``.localdomain`` so the
    address has the form the OAI-PMH schema requires."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"webmaster@{host if '.' in host else host + '.localdomain'}"


def provider() -> Provider:
    """A provider for this request, with the app's settings and the store's collection record."""
    reader: OAIReader = current_app.extensions["scielo_pub.oai"]
    config = current_app.config
    acronym, base_url = reader.site()
    site_url = config.get("BASE_URL") or base_url or request.url_root
    repository = str(config.get("OAI_REPOSITORY") or acronym or "scielo-pub")
    emails = config.get("OAI_ADMIN_EMAIL") or _webmaster(site_url)
    secret = config.get("OAI_TOKEN_SECRET") or config["SECRET_KEY"]
    ttl = timedelta(seconds=config["OAI_TOKEN_TTL"])
    return Provider(
        reader,
        ProviderConfig(
            endpoint=str(config.get("OAI_BASE_URL") or site_url.rstrip("/") + "/oai"),
            repository=repository,
            admin_emails=(emails,) if isinstance(emails, str) else tuple(emails),
            page_size=config["OAI_PAGE_SIZE"],
            codec=TokenCodec(secret, repository, ttl),
            site_url=site_url,
            store_url=base_url,
        ),
    )
