"""The SQLite schema of the corpus store, as numbered forward migrations.

``MIGRATIONS[i]`` moves a database from version ``i`` to ``i + 1``; :func:`migrate` applies the
missing ones in one transaction each and records the version in ``schema_version``. A migration is
never edited once released: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first schema
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        chash TEXT NOT NULL,
        source TEXT,
        title TEXT,
        published TEXT,
        text TEXT NOT NULL,
        raw TEXT,
        removed TEXT NOT NULL DEFAULT '[]',
        format TEXT NOT NULL DEFAULT 'text',
        wire TEXT,
        credits TEXT NOT NULL DEFAULT '[]',
        meta TEXT NOT NULL DEFAULT '{}',
        path TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE INDEX articles_chash ON articles(chash);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE analyses (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        data TEXT NOT NULL
    );
    CREATE TABLE minhashes (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        sig BLOB NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        size INTEGER NOT NULL,
        first TEXT,
        last TEXT,
        signature TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE story_members (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        story TEXT NOT NULL REFERENCES stories(id),
        score REAL NOT NULL,
        terms TEXT NOT NULL,
        seq INTEGER NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story);
    CREATE TABLE dup_groups (
        representative TEXT PRIMARY KEY,
        kind TEXT NOT NULL
    );
    CREATE TABLE dup_members (
        article TEXT PRIMARY KEY,
        representative TEXT NOT NULL REFERENCES dup_groups(representative),
        kind TEXT NOT NULL,
        similarity REAL NOT NULL,
        stored INTEGER NOT NULL,
        url TEXT,
        source TEXT,
        chash TEXT
    );
    CREATE INDEX dup_members_rep ON dup_members(representative);
    CREATE INDEX dup_members_url ON dup_members(url);
    CREATE TABLE rejects (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (source, stage, code, detail)
    );
    CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE name_df (name TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid'
    );
    """,
    # 1 -> 2: stories.signature is written in the binary encoding of store/sigcodec.py (rows
    # written before stay JSON and are still read); the version keeps older newsfuse releases,
    # which read only JSON, from opening the database
    """
    INSERT OR REPLACE INTO meta VALUES ('signature_format', '"NFS1"');
    """,
    # 2 -> 3: briefings kept in the store for the web app (docs/web.md): one row per story,
    # stamped with a digest of its member articles so a changed story is briefed again; the
    # entities of each stored briefing, for entity pages and filters; indexes for the newest-first
    # story list (keyset paging) and the outlet filter
    """
    CREATE TABLE briefings (
        story TEXT PRIMARY KEY,
        members TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE story_entities (
        story TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        variants TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (key, story)
    ) WITHOUT ROWID;
    CREATE INDEX story_entities_story ON story_entities(story);
    CREATE INDEX stories_last ON stories(ifnull(last, ''), id);
    CREATE INDEX articles_source ON articles(source);
    """,
    # 3 -> 4: the sentence vectors of analysed articles (store/analyses.py), so that a briefing
    # of a stored story reads them back instead of encoding again
    """
    CREATE TABLE sentence_vectors (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        dim INTEGER NOT NULL,
        data BLOB NOT NULL
    );
    """,
    # 4 -> 5: per-outlet line fingerprints (clean/templates.py): a 64-bit hash of each short
    # normalised line of every stored article's raw text, with the number of articles and of
    # distinct publication days it was seen on, and the first and last of those days; the lines
    # an outlet repeats on several days are its furniture (``Store.furniture``)
    """
    CREATE TABLE outlet_lines (
        source TEXT NOT NULL,
        line INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        days INTEGER NOT NULL,
        first TEXT NOT NULL,
        last TEXT NOT NULL,
        PRIMARY KEY (source, line)
    ) WITHOUT ROWID;
    CREATE INDEX outlet_lines_recurring ON outlet_lines(source) WHERE articles >= 3;
    """,
    # 5 -> 6: a line's fingerprint keys a transcript's turn without its speaker label
    # ("KURTZ: Thank you." is "Thank you."); the rows counted with the earlier keys go, and
    # PYTHON_STEPS[6] counts every stored article's raw text again
    """
    DELETE FROM outlet_lines;
    """,
)


def recount_outlet_lines(conn: sqlite3.Connection) -> None:
    """Fill ``outlet_lines`` from the raw text of every stored article of an outlet (its text
    when it has none), each counted on its publication day (its ingest day when it has none),
    as ingest counts them (``clean.templates.line_fingerprints``)."""
    from newsfuse.clean.templates import LineCounts, line_fingerprints

    lines = LineCounts()
    rows = conn.execute(
        "SELECT source, published, ingested_at, ifnull(raw, text) FROM articles "
        "WHERE source IS NOT NULL"
    )
    for source, published, ingested, raw in rows:
        day = str(published or ingested)[:10]
        lines.add(str(source), day, line_fingerprints(str(raw)))
    conn.executemany(
        "INSERT OR REPLACE INTO outlet_lines VALUES (?,?,?,?,?,?)",
        (
            (src, fp, n, len(days), min(days), max(days))
            for (src, fp), (n, days) in lines.counts.items()
        ),
    )


#: Python steps run after the statements of a migration, in its transaction (the version they
#: move to -> the step): what SQL alone cannot compute
PYTHON_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {6: recount_outlet_lines}


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migrations; returns the resulting version."""
    version = current_version(conn)
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"database schema version {version} is newer than this newsfuse ({len(MIGRATIONS)})"
        )
    for i in range(version, len(MIGRATIONS)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for stmt in _statements(MIGRATIONS[i]):
                conn.execute(stmt)
            if i + 1 in PYTHON_STEPS:
                PYTHON_STEPS[i + 1](conn)
            conn.execute("INSERT INTO schema_version VALUES (?)", (i + 1,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Split a migration script at ``;`` ending a line (no ``;`` inside our statements)."""
    return [s.strip() for s in script.split(";\n") if s.strip()]
