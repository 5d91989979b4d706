"""The collection store: the build writes it (``write``), the served app and analyses read it.

``connect(url)`` gives a SQLAlchemy engine with every table made; ``default_url(out)`` is the SQLite
file beside a built site. Tables live in ``schema`` (one ``metadata``); full-text search in ``search``.
"""

from __future__ import annotations

from .engine import STORE_FILE, check_url, connect, default_url, normalise_url
from .schema import metadata

__all__ = ["STORE_FILE", "check_url", "connect", "default_url", "metadata", "normalise_url"]
