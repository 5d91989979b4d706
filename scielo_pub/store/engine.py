"""A store URL (or nothing) in, a SQLAlchemy engine over the collection store with every table made out.

``default_url(out)`` is the SQLite file beside a built site (``OUT/.scielo-pub/store.sqlite``);
``postgresql://`` and ``postgres://`` URLs are run through psycopg 3 (``postgresql+psycopg://``).
``connect`` makes every table on ``schema.metadata`` (``create_all``; existing tables are kept) and the
indexes declared since a store was made, unless the catalogue lists every one already. ``create_all``
is SQLAlchemy's, with each new table's indexes made in the order of their names (every schema of
scielo-pub is made through it, so a SQLite file's bytes do not depend on the process that made it).
``driver_rows`` reads a query's rows as the database driver's tuples (the stores' and the citation
index's bulk reads of one row per article).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, Select, Table, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import ConfigError
from .schema import metadata

STORE_FILE = Path(".scielo-pub") / "store.sqlite"


def default_url(out: str | Path) -> str:
    """The SQLite store of the site built into ``out``."""
    return f"sqlite:///{(Path(out) / STORE_FILE).resolve()}"


def normalise_url(url: str | Path) -> str:
    """``postgresql://`` -> ``postgresql+psycopg://``; a plain file path -> a SQLite URL."""
    text = str(url).strip()
    if "://" not in text:
        return f"sqlite:///{Path(text).resolve()}"
    scheme, rest = text.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2"):
        return f"postgresql+psycopg://{rest}"
    return text


def check_url(url: str | Path) -> URL:
    """The parsed, normalised store URL; a ConfigError (exit 2) for anything but SQLite or PostgreSQL."""
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError as exc:
        raise ConfigError(f"{url!s} is not a database URL ({exc}); use a file path, "
                          "sqlite:///PATH or postgresql://USER@HOST/DB.") from None  # fmt: skip
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"{url!s}: the store runs on SQLite or PostgreSQL, not {backend}.")
    return parsed


def connect(url: str | Path, *, create: bool = True) -> Engine:
    """An engine over the store at ``url``; with ``create`` every table of ``metadata`` is made."""
    parsed = check_url(url)
    normalised = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(normalised, parsed.database)
    else:
        engine = create_engine(normalised, pool_pre_ping=True)
    if create:
        _register_extensions()
        if not _made(engine):
            create_all(engine, metadata)
            _add_indexes(engine)
    return engine


def create_all(
    bind: Engine | Connection, schema: MetaData, tables: list[Table] | None = None
) -> None:
    """``schema.create_all(bind, tables=tables)``, each new table's indexes made in the order of
    their names (``_ByName``)."""
    for table in schema.tables.values():
        if type(table.indexes) is not _ByName:
            table.indexes = _ByName(table.indexes)
    schema.create_all(bind, tables=tables)


class _ByName(set):
    """A table's indexes, iterated in the order of their names: SQLAlchemy makes a new table's
    indexes in the order it iterates them, and a plain set's order follows the objects'
    addresses, so a SQLite catalogue (and the file's bytes) would differ from one process to the
    next."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self), key=_index_name))


def _index_name(index) -> str:
    return index.name or ""


def _made(engine: Engine) -> bool:
    """Whether every table and index of ``metadata`` is in the store already: one catalogue query,
    instead of one per table (``create_all``) and per table's indexes (``_add_indexes``)."""
    wanted = {*metadata.tables, *(ix.name for t in metadata.tables.values() for ix in t.indexes)}
    if engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
    else:
        query = ("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() UNION "
                 "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")  # fmt: skip
    with engine.connect() as conn:
        return wanted <= set(conn.exec_driver_sql(query).scalars())


def _add_indexes(engine: Engine) -> None:
    """Indexes declared since a store's tables were made (``create_all`` makes those of new tables
    only), made on an existing store; each table's indexes are read from the catalogue."""
    with engine.begin() as conn:
        known = inspect(conn)
        for table in metadata.sorted_tables:
            have = {ix["name"] for ix in known.get_indexes(table.name)}
            for index in table.indexes:  # in name order (``create_all`` above)
                if index.name not in have:
                    index.create(conn)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return engine


def _register_extensions() -> None:
    """Import the modules that add tables or DDL to ``metadata``: the search index and every
    ``store/<part>_schema.py`` (so a part adds its tables without editing this file)."""
    from . import search  # noqa: F401  (registers the full-text index DDL)

    package = importlib.import_module(__package__ or "scielo_pub.store")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.endswith("_schema"):
            importlib.import_module(f"{__package__}.{info.name}")


def driver_rows(conn: Connection, query: Select) -> list[tuple]:
    """The rows of ``query`` (of integers and strings) as the database driver's tuples, fetched at
    once in the connection's transaction: a bulk read of one row per article without SQLAlchemy
    making a ``Row`` of each (~3 us a row, against ~1 us the driver takes)."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[n] for n in compiled.positiontup or ()) if compiled.positional else params
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()
