"""Opening the corpus store for the web app: checks with numbered errors, read-only connections.

:func:`check_store` runs once before the server starts: a missing file (NF901), a file that is
not a newsfuse store (NF902), a store of a newer schema (NF903) or one locked by another process
(NF904) stops it with a message, never a traceback. An older store is brought up to date by the
same migrations every newsfuse command applies. While serving, each worker thread reads through
its own ``mode=ro`` connection; only :mod:`newsfuse.web.briefs` writes, and only the briefing
tables.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from newsfuse.errors import E, NewsfuseError
from newsfuse.store.schema import MIGRATIONS

READ_TIMEOUT = 5.0  # seconds a read waits for a lock before the page says NF904


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def store_error(exc: sqlite3.Error, path: Path | str) -> NewsfuseError:
    """The numbered error for an SQLite failure on the store."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return NewsfuseError(E.WEB_LOCKED, str(path))
    return NewsfuseError(E.WEB_NOT_A_STORE, str(path), str(exc))


def check_store(path: Path, *, migrate: bool = True, timeout: float = READ_TIMEOUT) -> int:
    """Check that ``path`` is a newsfuse store this version can serve; returns its schema
    version (after migrating an older store, unless ``migrate`` is off)."""
    if not path.is_file():
        raise NewsfuseError(E.WEB_NO_STORE, str(path))
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=timeout)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "articles" not in tables or "schema_version" not in tables:
                raise NewsfuseError(E.WEB_NOT_A_STORE, str(path), "no articles table")
            version = int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise store_error(exc, path) from None
    if version > len(MIGRATIONS):
        raise NewsfuseError(
            E.WEB_NEWER_SCHEMA,
            str(path),
            f"version {version}, this newsfuse reads {len(MIGRATIONS)}",
        )
    if version < len(MIGRATIONS) and migrate:
        from newsfuse.store import Store

        try:
            Store(path).close()
        except sqlite3.Error as exc:
            raise store_error(exc, path) from None
        version = len(MIGRATIONS)
    return version


class Db:
    """Read-only connections to one store, one per thread (SQLite connections are not shared
    across threads), closed by :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    _ro_uri(self.path), uri=True, timeout=READ_TIMEOUT, check_same_thread=False
                )
                conn.execute("PRAGMA query_only = 1")
                conn.execute("PRAGMA cache_size = -16384")
            except sqlite3.Error as exc:
                raise store_error(exc, self.path) from None
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for c in self._all:
                c.close()
            self._all.clear()
