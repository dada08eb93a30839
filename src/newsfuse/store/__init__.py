"""The corpus store: one SQLite file (WAL mode), default ``./newsfuse.db``.

Articles, their optional analyses, duplicate groups, stories with their clustering signatures,
rejects, and an FTS5 index over titles and texts. Every ingest batch is written in one
transaction (:meth:`Store.write_batch`), so a process killed at any point leaves the database as
it was after the last whole batch, and a rerun carries on without duplicates (articles already
present by URL or normalized content hash are skipped). See ``docs/corpus.md``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from newsfuse.clean.templates import SITE_MIN_ARTICLES, SITE_MIN_DAYS, LineCounts, Templates
from newsfuse.model import Analysis, Article, Reject, Removed
from newsfuse.store import sigcodec
from newsfuse.store.schema import migrate

if TYPE_CHECKING:
    import numpy as np

    from newsfuse.corpus.cluster import ClusterState, StorySignature
    from newsfuse.corpus.dedup import Deduper, DuplicateGroup

__all__ = [
    "DEFAULT_DB",
    "Batch",
    "Duplicate",
    "Store",
    "StoredAnalysis",
    "StoryInfo",
    "WriterLock",
]

DEFAULT_DB = "newsfuse.db"
#: SQLite's page cache per connection, in MiB (the ``store_cache_mb`` setting's default): the
#: pages are in the system's file cache anyway, and a cache of 64 MiB per connection (two during
#: an ingest) filled as a large store grew
CACHE_MB = 16
_ARTICLE_COLS = "id, url, chash, source, title, published, text, raw, removed, format, wire, credits, meta, path"


STORY_UPSERT = "INSERT OR REPLACE INTO stories VALUES (?,?,?,?,?,?,?)"


def story_row(sig: StorySignature, now: str) -> tuple[object, ...]:
    """The ``stories`` table row of a story signature, stamped ``now`` (the term and name
    vectors in the binary encoding of :mod:`newsfuse.store.sigcodec`)."""
    return (
        sig.id,
        sig.title,
        sig.size,
        sig.first.isoformat() if sig.first else None,
        sig.last.isoformat() if sig.last else None,
        sigcodec.encode(sig.terms, sig.names),
        now,
    )


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """One story as listed by ``newsfuse stories``."""

    id: str
    title: str | None
    size: int
    sources: tuple[str, ...]
    first: str | None
    last: str | None
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "size": self.size,
            "sources": list(self.sources),
            "first": self.first,
            "last": self.last,
            "articles": list(self.articles),
        }


class StoredAnalysis(NamedTuple):
    """One article's stored analysis and sentence vectors (``Store.stored_analyses``), and the
    MinHash values of its stored text (uint32, ``corpus.dedup.minhash_values``; None when not
    stored)."""

    analysis: Analysis | None
    vectors: np.ndarray | None
    minhash: np.ndarray | None = None


class Duplicate(NamedTuple):
    """One article found to copy another: a row of ``dup_members`` (and its group)."""

    article: str
    representative: str
    kind: str  # "exact" or "near"
    similarity: float
    stored: bool  # whether the copy itself is stored (near copies are, exact ones are not)
    url: str | None
    source: str | None
    chash: str  # its normalized content hash


@dataclass(slots=True)
class Batch:
    """Everything one ingest batch writes, applied in a single transaction."""

    articles: list[tuple[Article, str]] = field(default_factory=list)  # (article, content hash)
    minhashes: list[tuple[str, bytes]] = field(default_factory=list)
    analyses: list[tuple[str, str]] = field(default_factory=list)  # (article id, JSON)
    # (article id, dim, float32 rows of its sentences: store/analyses.py)
    vectors: list[tuple[str, int, bytes]] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    # rows, serialized when the batch is closed (the signatures change with the next batch):
    stories: list[tuple[object, ...]] = field(default_factory=list)  # :func:`story_row`
    members: list[tuple[str, str, float, str]] = field(default_factory=list)  # terms as JSON
    df: Counter[str] = field(default_factory=Counter)
    name_df: Counter[str] = field(default_factory=Counter)
    meta: dict[str, object] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    # where the writer adds the NF123 rejects of articles a database error left out (a list
    # the ingest reads once the writer is closed)
    not_stored: list[Reject] | None = None
    lines: LineCounts = field(default_factory=LineCounts)  # outlet line fingerprints seen

    def __call__(self, store: Store) -> None:
        """Commit this batch to ``store`` (a job for :mod:`newsfuse.store.writer`)."""
        store.write_batch(self)


#: errors of one record's values (refused by SQLite or by its driver), as opposed to errors of the
#: database itself (``sqlite3.OperationalError``: disk full, locked, I/O), which stop the batch
_RECORD_ERRORS = (
    sqlite3.IntegrityError,
    sqlite3.DataError,
    sqlite3.InterfaceError,
    sqlite3.ProgrammingError,
    ValueError,  # UnicodeEncodeError (a lone surrogate) included
    OverflowError,
)


def _without(batch: Batch, failed: dict[str, Reject]) -> Batch:
    """``batch`` less the rows of the articles in ``failed`` (their duplicate-group and story
    member rows), with their rejects added."""
    return replace(
        batch,
        articles=[(a, h) for a, h in batch.articles if a.id not in failed],
        duplicates=[d for d in batch.duplicates if d.article not in failed],
        members=[m for m in batch.members if m[0] not in failed],
        rejects=[*batch.rejects, *failed.values()],
    )


class Store:
    """A newsfuse corpus database. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self, path: str | Path = DEFAULT_DB, *, create: bool = True, cache_mb: int = CACHE_MB
    ) -> None:
        """Open the store at ``path``; a missing one is created only with ``create`` (NF119
        otherwise); SQLite keeps up to ``cache_mb`` MiB of its pages in this process. A file
        that is not a newsfuse store (NF117) or was written by a newer newsfuse (NF118) raises
        :class:`~newsfuse.errors.NewsfuseError`, and is left as it was."""
        from newsfuse.errors import E, NewsfuseError

        self.path = str(path)
        self.cache_mb = cache_mb
        memory = self.path == ":memory:"
        if not memory and not create and not Path(self.path).is_file():
            raise NewsfuseError(E.NO_STORE, self.path)
        if not memory and Path(self.path).exists() and not Path(self.path).is_file():
            raise NewsfuseError(E.NOT_A_STORE, self.path, "not a regular file")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:  # a folder that does not exist, or cannot be written to
            why = _why_unopenable(self.path, exc)
            raise NewsfuseError(E.STORE_UNOPENABLE, self.path, why) from None
        try:
            _check_store(self.conn, self.path)
            if not memory:
                self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(f"PRAGMA cache_size={-1024 * max(1, int(cache_mb))}")  # in KiB
            self.conn.execute("PRAGMA foreign_keys=OFF")
            self.version = migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise NewsfuseError(E.NOT_A_STORE, self.path, str(exc)) from None
        except NewsfuseError:
            self.conn.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ---- lookups used while ingesting ---------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The ``urls`` an article has (stored, or recorded as an exact copy); one query per
        500."""
        return self._known(
            urls,
            "SELECT url FROM articles WHERE url IN ({q}) "
            "UNION SELECT url FROM dup_members WHERE url IN ({q})",
        )

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The article ids that :meth:`has_article` would find (one query per 500)."""
        return self._known(
            ids,
            "SELECT id FROM articles WHERE id IN ({q}) "
            "UNION SELECT article FROM dup_members WHERE article IN ({q})",
        )

    def _known(self, keys: Iterable[str], query: str) -> set[str]:
        todo = sorted(set(keys))
        out: set[str] = set()
        for k in range(0, len(todo), 500):
            part = todo[k : k + 500]
            marks = ",".join("?" * len(part))
            out.update(r[0] for r in self.conn.execute(query.format(q=marks), part + part))
        return out

    def has_article(self, aid: str) -> bool:
        q = "SELECT 1 FROM articles WHERE id = ? UNION ALL SELECT 1 FROM dup_members WHERE article = ?"
        return self.conn.execute(q, (aid, aid)).fetchone() is not None

    def load_deduper(self) -> Deduper:
        """A :class:`~newsfuse.corpus.dedup.Deduper` holding every stored article."""
        import numpy as np

        from newsfuse.corpus.dedup import Deduper

        dd = Deduper()
        q = "SELECT a.id, a.chash, m.sig FROM articles a JOIN minhashes m ON m.article = a.id"
        for aid, chash, sig in self.conn.execute(q + " ORDER BY a.rowid"):
            dd.add(aid, chash, np.frombuffer(sig, dtype=np.uint64))
        return dd

    def load_cluster_state(self) -> ClusterState:
        """The clustering state saved by earlier ingests (empty for a new database)."""
        from newsfuse.corpus.cluster import ClusterState, Member, StorySignature

        st = ClusterState()
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        st.n_docs = int(meta.get("n_docs", 0))
        st.next_id = int(meta.get("next_story", 1))
        st.df.update(dict(self.conn.execute("SELECT term, df FROM term_df")))
        st.name_df.update(dict(self.conn.execute("SELECT name, df FROM name_df")))
        q = "SELECT id, title, size, first, last, signature FROM stories"
        for sid, title, size, first, last, stored in self.conn.execute(q):
            terms, names = sigcodec.read(stored)
            st.stories[sid] = StorySignature(
                id=sid,
                size=size,
                terms=terms,
                names=names,
                first=date.fromisoformat(first) if first else None,
                last=date.fromisoformat(last) if last else None,
                title=title,
            )
        q = "SELECT article, story, terms FROM story_members ORDER BY seq"
        st.articles = [
            Member(a, s, [sys.intern(k) for k in json.loads(t)]) for a, s, t in self.conn.execute(q)
        ]
        return st

    # ---- writing ------------------------------------------------------------------------------

    def write_batch(self, batch: Batch) -> None:
        """Write one batch in one transaction.

        Each article's own rows (text, full-text index, MinHash, analysis, vectors) are written
        under a savepoint: a database error on one of them (a value SQLite or its driver refuses,
        a constraint) undoes that article alone, which is left out with an NF123 reject naming it
        (its story and duplicate-group rows too); the rest of the batch is stored. An error that
        is not the record's (disk full, database locked, I/O) rolls the whole batch back, and
        the ingest stops: a rerun redoes it."""
        c = self.conn
        now = now_stamp()
        c.execute("BEGIN IMMEDIATE")
        try:
            failed = self._write_articles(batch, now)
            if failed:
                batch = _without(batch, failed)
                if batch.not_stored is not None:
                    batch.not_stored.extend(failed.values())
            for art, rep, kind, sim, stored, url, source, chash in batch.duplicates:
                c.execute(
                    "INSERT INTO dup_groups VALUES (?,?) ON CONFLICT(representative) DO UPDATE "
                    "SET kind = CASE WHEN kind = excluded.kind THEN kind ELSE 'near' END",
                    (rep, kind),
                )
                c.execute(
                    "INSERT OR IGNORE INTO dup_members VALUES (?,?,?,?,?,?,?,?)",
                    (art, rep, kind, sim, int(stored), url, source, chash),
                )
            c.executemany(STORY_UPSERT, batch.stories)
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) FROM story_members").fetchone()[0]
            c.executemany(
                "INSERT INTO story_members VALUES (?,?,?,?,?)",
                [
                    (a, s, score, terms, seq + i + 1)
                    for i, (a, s, score, terms) in enumerate(batch.members)
                ],
            )
            if failed:  # the stories' sizes as their members say (a left-out article is none)
                c.executemany(
                    "UPDATE stories SET size = (SELECT COUNT(*) FROM story_members m "
                    "WHERE m.story = stories.id) WHERE id = ?",
                    [(row[0],) for row in batch.stories],
                )
            for table, col, counts in (
                ("term_df", "term", batch.df),
                ("name_df", "name", batch.name_df),
            ):
                c.executemany(
                    f"INSERT INTO {table} VALUES (?,?) "
                    f"ON CONFLICT({col}) DO UPDATE SET df = df + excluded.df",
                    counts.items(),
                )
            c.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?,?)",
                [(k, json.dumps(v)) for k, v in batch.meta.items()],
            )
            self._insert_rejects(batch.rejects, now)
            self._add_lines(batch.lines)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _write_articles(self, batch: Batch, now: str) -> dict[str, Reject]:
        """Insert each article of ``batch`` with its own rows under a savepoint; returns the
        NF123 rejects of those a database error left out, by article id."""
        c = self.conn
        minhash = dict(batch.minhashes)
        analyses = dict(batch.analyses)
        vectors = {aid: (dim, blob) for aid, dim, blob in batch.vectors}
        failed: dict[str, Reject] = {}
        for a, chash in batch.articles:
            c.execute("SAVEPOINT article")
            try:
                cur = c.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLS}, ingested_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*_article_row(a, chash), now),
                )
                c.execute(
                    "INSERT INTO articles_fts (rowid, title, text) VALUES (?,?,?)",
                    (cur.lastrowid, a.title or "", a.text),
                )
                if a.id in minhash:
                    c.execute(
                        "INSERT OR REPLACE INTO minhashes VALUES (?,?)", (a.id, minhash[a.id])
                    )
                if a.id in analyses:
                    c.execute(
                        "INSERT OR REPLACE INTO analyses VALUES (?,?)", (a.id, analyses[a.id])
                    )
                if a.id in vectors:
                    c.execute(
                        "INSERT OR REPLACE INTO sentence_vectors VALUES (?,?,?)",
                        (a.id, *vectors[a.id]),
                    )
            except _RECORD_ERRORS as exc:
                c.execute("ROLLBACK TO article")
                failed[a.id] = _not_stored(a, exc)
            c.execute("RELEASE article")
        return failed

    def _add_lines(self, lines: LineCounts) -> None:
        """Add one batch's line fingerprints to ``outlet_lines``. A day counts as new unless it is
        the first or last day the line was seen on: exact for an ingest in date order, an
        overcount only for a line seen again on a day between its first and last."""
        todo = list(lines.counts.items())
        for k in range(0, len(todo), 400):
            part = todo[k : k + 400]
            where = " OR ".join(["(source = ? AND line = ?)"] * len(part))
            args = [v for (src, fp), _ in part for v in (src, fp)]
            old = {
                (src, fp): (n, d, first, last)
                for src, fp, n, d, first, last in self.conn.execute(
                    f"SELECT source, line, articles, days, first, last FROM outlet_lines "
                    f"WHERE {where}",
                    args,
                )
            }
            rows = []
            for (src, fp), (n, days) in part:
                m, d, first, last = old.get((src, fp), (0, 0, None, None))
                new = sum(1 for day in days if day not in (first, last))
                first = min(days) if first is None else min(first, *days)
                last = max(days) if last is None else max(last, *days)
                rows.append((src, fp, m + n, d + new, first, last))
            self.conn.executemany("INSERT OR REPLACE INTO outlet_lines VALUES (?,?,?,?,?,?)", rows)

    def furniture(
        self, sources: Iterable[str] | None = None, min_days: int = SITE_MIN_DAYS
    ) -> Templates:
        """Each outlet's furniture: the lines of its stored articles seen in at least
        ``SITE_MIN_ARTICLES`` articles on at least ``min_days`` days (all outlets, or
        ``sources``)."""

        q = (
            "SELECT source, line, articles, days FROM outlet_lines "
            f"WHERE articles >= {SITE_MIN_ARTICLES} AND days >= ?"
        )
        args: list[object] = [min_days]
        if sources is not None:
            wanted = sorted(set(sources))
            if not wanted:
                return Templates()
            q += f" AND source IN ({','.join('?' * len(wanted))})"
            args += wanted
        out: dict[str, dict[int, tuple[int, int]]] = {}
        for src, fp, n, d in self.conn.execute(q, args):
            out.setdefault(str(src), {})[int(fp)] = (int(n), int(d))
        return Templates({s: dict(v) for s, v in out.items()})

    def _insert_rejects(self, rejects: Iterable[Reject], now: str) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO rejects (source, stage, code, reason, detail, at) "
            "VALUES (?,?,?,?,?,?)",
            [(r.source, r.stage, r.code, r.reason, r.detail, now) for r in rejects],
        )

    # ---- reading ------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Numbers of articles, stories, duplicates, rejects and analyses."""
        out = {}
        for name, table in (
            ("articles", "articles"),
            ("stories", "stories"),
            ("duplicates", "dup_members"),
            ("rejects", "rejects"),
            ("analyses", "analyses"),
            ("vectors", "sentence_vectors"),
        ):
            out[name] = self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return out

    def not_analysed(self) -> Counter[str]:
        """How many stored articles are in each language the analysis leaves out (NF121)."""
        from newsfuse.ingest.language import ANALYSED

        q = (
            "SELECT json_extract(meta, '$.language') AS lang, COUNT(*) FROM articles "
            "WHERE lang IS NOT NULL GROUP BY lang"
        )
        return Counter({lang: n for lang, n in self.conn.execute(q) if lang not in ANALYSED})

    def article(self, aid: str) -> Article | None:
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", (aid,)
        ).fetchone()
        return _row_article(row) if row else None

    def articles(self) -> list[Article]:
        """Every stored article, in ingest order."""
        q = f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY rowid"
        return [_row_article(r) for r in self.conn.execute(q)]

    def story_articles(self, story_id: str) -> list[Article]:
        """The stored articles of one story, oldest first (by date, then ingest order).

        Exact duplicates are not stored twice, so each text appears once; near-duplicates are
        stored and listed (``duplicate_groups`` tells which ones copy which).
        """
        q = (
            f"SELECT {', '.join('a.' + c.strip() for c in _ARTICLE_COLS.split(','))} "
            "FROM story_members m JOIN articles a ON a.id = m.article WHERE m.story = ? "
            "ORDER BY a.published IS NULL, a.published, a.rowid"
        )
        return [_row_article(r) for r in self.conn.execute(q, (story_id,))]

    def story_of_articles(self) -> dict[str, str]:
        """Article id -> story id, duplicates (stored or not) mapped to their original's story."""
        out = dict(self.conn.execute("SELECT article, story FROM story_members"))
        for art, rep in self.conn.execute("SELECT article, representative FROM dup_members"):
            if art not in out and rep in out:
                out[art] = out[rep]
        return out

    def stories(self, since: date | None = None) -> list[StoryInfo]:
        """Stories, largest first; ``since``: only stories with an article on or after it."""
        q = "SELECT id, title, size, first, last FROM stories"
        args: tuple[object, ...] = ()
        if since:
            q += " WHERE last >= ?"
            args = (since.isoformat(),)
        rows = self.conn.execute(q + " ORDER BY size DESC, id", args).fetchall()
        return [self._story_info(*r) for r in rows]

    def _story_info(
        self, sid: str, title: str | None, size: int, first: str | None, last: str | None
    ) -> StoryInfo:
        q = (
            "SELECT a.id, a.source FROM story_members m JOIN articles a ON a.id = m.article "
            "WHERE m.story = ? ORDER BY m.seq"
        )
        rows = self.conn.execute(q, (sid,)).fetchall()
        sources = tuple(sorted({s for _, s in rows if s}))
        return StoryInfo(sid, title, size, sources, first, last, tuple(a for a, _ in rows))

    def story(self, sid: str) -> StoryInfo | None:
        row = self.conn.execute(
            "SELECT id, title, size, first, last FROM stories WHERE id = ?", (sid,)
        ).fetchone()
        return self._story_info(*row) if row else None

    def search(self, query: str, limit: int = 20) -> list[tuple[StoryInfo, int, float]]:
        """Stories whose articles match the FTS5 ``query``: (story, matching articles, best rank)."""
        q = (
            "SELECT m.story, COUNT(*), MIN(f.rank) FROM articles_fts f "
            "JOIN articles a ON a.rowid = f.rowid JOIN story_members m ON m.article = a.id "
            "WHERE articles_fts MATCH ? GROUP BY m.story ORDER BY MIN(f.rank) LIMIT ?"
        )
        try:
            rows = self.conn.execute(q, (query, limit)).fetchall()
        except sqlite3.OperationalError:  # FTS syntax error: search the words as a phrase
            phrase = '"' + query.replace('"', " ") + '"'
            rows = self.conn.execute(q, (phrase, limit)).fetchall()
        out = []
        for sid, n, rank in rows:
            info = self.story(sid)
            if info:
                out.append((info, int(n), float(rank)))
        return out

    def duplicate_groups(self) -> list[DuplicateGroup]:
        """Stored duplicate groups: representative first, then members in arrival order."""
        from newsfuse.corpus.dedup import DuplicateGroup

        out = []
        for rep, kind in self.conn.execute(
            "SELECT representative, kind FROM dup_groups ORDER BY 1"
        ):
            rows = self.conn.execute(
                "SELECT article, similarity FROM dup_members WHERE representative = ? "
                "ORDER BY rowid",
                (rep,),
            ).fetchall()
            out.append(
                DuplicateGroup(
                    rep, (rep, *(a for a, _ in rows)), kind, min((s for _, s in rows), default=1.0)
                )
            )
        return out

    def rejects(self) -> list[Reject]:
        q = "SELECT source, stage, reason, detail, code FROM rejects ORDER BY id"
        return [Reject(*r) for r in self.conn.execute(q)]

    def analysis_json(self, aid: str) -> dict | None:
        row = self.conn.execute("SELECT data FROM analyses WHERE article = ?", (aid,)).fetchone()
        return json.loads(row[0]) if row else None

    def stored_analyses(self, articles: Sequence[Article]) -> list[StoredAnalysis]:
        """What an ingest with ``--analyze`` kept for each of ``articles``, in their order: the
        Analysis (None when not analysed), its sentence vectors (None when not stored, or
        not one row per sentence) and the MinHash values the ingest made of its text (the
        briefing's near-duplicate check reads them instead of hashing the text again)."""
        import numpy as np

        from newsfuse.store.analyses import decode_analysis, decode_vectors

        ids = [a.id for a in articles]
        data: dict[str, str] = {}
        vecs: dict[str, tuple[int, bytes]] = {}
        sigs: dict[str, bytes] = {}
        for lo in range(0, len(ids), 500):
            part = ids[lo : lo + 500]
            marks = ",".join("?" * len(part))
            q = f"SELECT article, data FROM analyses WHERE article IN ({marks})"
            data.update(self.conn.execute(q, part))
            q = f"SELECT article, dim, data FROM sentence_vectors WHERE article IN ({marks})"
            vecs.update((a, (d, b)) for a, d, b in self.conn.execute(q, part))
            q = f"SELECT article, sig FROM minhashes WHERE article IN ({marks})"
            sigs.update(self.conn.execute(q, part))
        out = []
        for a in articles:
            an = decode_analysis(a, json.loads(data[a.id])) if a.id in data else None
            v = None
            if an is not None and a.id in vecs:
                v = decode_vectors(vecs[a.id][1], vecs[a.id][0])
                if len(v) != len(an.sentences):
                    v = None
            sig = sigs.get(a.id)
            # the ingest keeps datasketch's uint64 hash values; they are below 2^32 (its
            # affine32 scheme), which the briefing's check computes in uint32
            m = np.frombuffer(sig, dtype="<u8").astype(np.uint32) if sig else None
            out.append(StoredAnalysis(an, v, m))
        return out


def _check_store(conn: sqlite3.Connection, path: str) -> None:
    """Raise NF117 for an SQLite database of another program, NF118 for a newer newsfuse's
    store (both are left untouched); an empty file or database becomes a new store."""
    from newsfuse.errors import E, NewsfuseError
    from newsfuse.store.schema import MIGRATIONS

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return
    if "schema_version" not in tables or "articles" not in tables and len(tables) > 1:
        shown = ", ".join(sorted(tables)[:5])
        raise NewsfuseError(E.NOT_A_STORE, path, f"an SQLite database with tables {shown}")
    version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
    if version > len(MIGRATIONS):
        detail = f"schema version {version}; this newsfuse reads up to {len(MIGRATIONS)}"
        raise NewsfuseError(E.STORE_TOO_NEW, path, detail)


class WriterLock:
    """One writer per store: an exclusive lock on ``DB.lock`` beside the database, held while an
    ingest runs (released by the system when the process ends, even when killed). A second
    writer fails at once with NF116 instead of interleaving its batches with the first's."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fh: BinaryIO | None = None

    def __enter__(self) -> WriterLock:
        import fcntl

        from newsfuse.errors import E, NewsfuseError

        if self.path == ":memory:":
            return self
        try:
            fh = open(self.path + ".lock", "a+b")  # noqa: SIM115 - closed in __exit__
        except OSError as exc:
            why = _why_unopenable(self.path, exc)
            raise NewsfuseError(E.STORE_UNOPENABLE, self.path, why) from None
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            raise NewsfuseError(E.STORE_LOCKED, self.path) from None
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()  # closing releases the lock
            self._fh = None


def _why_unopenable(path: str, exc: BaseException) -> str:
    """Why the store at ``path`` (or its lock file beside it) cannot be created or opened."""
    folder = Path(path).parent
    if not folder.is_dir():
        return f"no folder {folder}"
    return getattr(exc, "strerror", None) or str(exc)


def now_stamp() -> str:
    """The current UTC time as stored (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _not_stored(a: Article, exc: BaseException) -> Reject:
    """The NF123 reject of an article whose rows the database refused with ``exc``."""
    from newsfuse.errors import E, reject

    detail = f"article {a.id}: {type(exc).__name__}: {exc}"[:300]
    return reject(a.path or a.url or a.id, "store", E.NOT_STORED, detail)


def refusal(a: Article, chash: str) -> Reject | None:
    """The NF123 reject of an article whose values the database would refuse (text SQLite cannot
    bind: a lone surrogate), found before it is written; None when its row can be written.

    An ingest checks this before the article enters the corpus's duplicate and story state: the
    writer commits batches later, and an article it left out must not be what a later copy is
    recorded as a duplicate of, or what a story was built around."""
    try:
        for v in _article_row(a, chash):
            if isinstance(v, str):
                v.encode("utf-8")  # what sqlite3 does when it binds the value
    except ValueError as exc:  # UnicodeEncodeError
        return _not_stored(a, exc)
    return None


def _article_row(a: Article, chash: str) -> tuple[object, ...]:
    meta = {
        "source_method": a.source_method,
        "date_method": a.date_method,
        "wire_method": a.wire_method,
        "published_partial": a.published_partial,
        "language": a.language,
        "notes": list(a.notes),
    }
    return (
        a.id,
        a.url,
        chash,
        a.source,
        a.title,
        a.published.isoformat() if a.published else None,
        a.text,
        a.raw,
        json.dumps([[r.line, r.reason] for r in a.removed]),
        a.format,
        a.wire,
        json.dumps(list(a.credits)),
        json.dumps({k: v for k, v in meta.items() if v}),
        a.path,
    )


def _row_article(row: Sequence[Any]) -> Article:  # an SQLite row: column types vary
    (
        aid,
        url,
        _chash,
        source,
        title,
        published,
        text,
        raw,
        removed,
        fmt,
        wire,
        credits,
        meta,
        path,
    ) = row
    m = json.loads(str(meta))
    return Article(
        id=str(aid),
        text=str(text),
        source=source,
        title=title,
        url=url,
        published=date.fromisoformat(str(published)) if published else None,
        path=path,
        raw=raw,
        removed=tuple(Removed(line, reason) for line, reason in json.loads(str(removed))),
        source_method=m.get("source_method", ""),
        date_method=m.get("date_method", ""),
        wire=wire,
        wire_method=m.get("wire_method", ""),
        published_partial=m.get("published_partial"),
        credits=tuple(json.loads(str(credits))),
        format=str(fmt),
        language=m.get("language"),
        notes=tuple(m.get("notes", ())),
    )
