"""A Flask app and a store engine in, per-request store connections out; a store that cannot be read is a 503.

``connection()`` gives a read-only use of the app's engine. A missing or unreadable store (a site built
before the store existed, a database that is down) answers 503 with a message, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, jsonify, request
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

EXTENSION = "scielo_pub_store"


class StoreUnavailable(Exception):
    """The store could not answer (missing tables, database down)."""


def init_store(app: Flask, engine: Engine) -> None:
    app.extensions[EXTENSION] = engine
    app.register_error_handler(StoreUnavailable, _unavailable)


def engine() -> Engine:
    return current_app.extensions[EXTENSION]


@contextmanager
def connection() -> Iterator[Connection]:
    """A connection to the store; database errors become ``StoreUnavailable`` (HTTP 503)."""
    try:
        with engine().connect() as conn:
            yield conn
    except SQLAlchemyError as exc:
        current_app.logger.warning("store unavailable: %s", exc)
        raise StoreUnavailable(str(exc.__class__.__name__)) from None


def _unavailable(_exc: StoreUnavailable):
    message = (
        "The collection store cannot be read. Build the collection again with "
        "'scielo-pub build' (it writes the store), or check the --db URL."
    )
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), 503
    return message, 503, {"Content-Type": "text/plain; charset=utf-8"}
