"""A throwaway PostgreSQL server for the test session: Debian's binaries in, a connection URL out.

``postgresql_url`` starts one server per test session with ``initdb`` in a temporary folder and
``postgres`` on a free loopback port, and stops it at the end. PostgreSQL refuses to run as root, so
as root both run through ``runuser -u postgres`` (the Debian package creates that user). Tests that
need it skip with the reason when the binaries are absent (``tools/system-deps.sh`` installs the
``postgresql`` package when run as root, which ``make test`` does). ``fresh_postgresql_url`` gives a
test its own empty database on that server, so tests never see each other's tables.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_counter = itertools.count()


def _pg_bin() -> Path | None:
    """The folder with initdb/postgres: Debian's newest version, else whatever PATH holds."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in path.parent.parent.name.split("."))
    except ValueError:
        return (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    if shutil.which("runuser") is None:
        pytest.skip("PostgreSQL refuses to run as root and runuser is missing")
    return ["runuser", "-u", "postgres", "--", *argv]


class PostgresServer:
    """One ``postgres`` process on 127.0.0.1 over a data folder of its own."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.tmp = Path(tempfile.mkdtemp(prefix="scielo-pub-pg-"))
        self.data = self.tmp / "data"
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else (os.environ.get("USER") or "postgres")
        self.proc: subprocess.Popen | None = None
        self.log = None

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres", "postgres")
        subprocess.run(
            _as_server_user([str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user,
                             "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        argv = [str(self.bindir / "postgres"), "-D", str(self.data), "-h", "127.0.0.1",
                "-p", str(self.port), "-k", str(self.tmp), "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200"]  # fmt: skip
        self.log = open(self.tmp / "server.log", "wb")  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(
            _as_server_user(argv), stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited: {(self.tmp / 'server.log').read_text()}")
            ready = subprocess.run(
                [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("postgres did not start within 30 s")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log is not None:
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgresServer]:
    bindir = _pg_bin()
    if bindir is None or not (bindir / "postgres").exists():
        pytest.skip("PostgreSQL server binaries are absent (Debian package postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed")
    server = PostgresServer(bindir)
    try:
        server.start()
    except (OSError, subprocess.CalledProcessError, RuntimeError) as exc:
        server.stop()
        pytest.skip(f"could not start a throwaway PostgreSQL server: {exc}")
    yield server
    server.stop()


@pytest.fixture
def fresh_postgresql_url(postgresql_server: PostgresServer) -> str:
    """A new, empty database on the session's server; its SQLAlchemy URL (psycopg 3 driver)."""
    return postgresql_server.create_database(f"t{os.getpid()}_{next(_counter)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """Each store test runs twice: on a SQLite file, and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("fresh_postgresql_url")
