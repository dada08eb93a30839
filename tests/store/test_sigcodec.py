"""Binary story signatures: exact round trips, loud failures, and JSON rows of older stores."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from newsfuse.corpus.cluster import StorySignature
from newsfuse.store import Store, sigcodec, story_row
from newsfuse.store.schema import MIGRATIONS


def test_round_trip_is_exact() -> None:
    terms = {"harbour": 0.1 + 0.2, "zürich": 1e-300, "東京": 3.0, "quay": 2.718281828459045}
    names = {"miriam okafor": 3, "okafor": 1, "port ellery": 12}
    got_terms, got_names = sigcodec.decode(sigcodec.encode(terms, names))
    assert got_terms == terms and list(got_terms) == list(terms)  # values and order
    assert got_names == names and all(type(v) is int for v in got_names.values())
    assert sigcodec.decode(sigcodec.encode({}, {})) == ({}, {})
    assert sigcodec.decode(sigcodec.encode({"solo": 1.5}, {})) == ({"solo": 1.5}, {})


def test_bad_input_fails_loudly() -> None:
    with pytest.raises(ValueError, match="NUL"):
        sigcodec.encode({"a\x00b": 1.0}, {})
    with pytest.raises(ValueError, match="integers"):
        sigcodec.encode({}, {"name": 1.5})  # type: ignore[dict-item]
    blob = sigcodec.encode({"harbour": 1.0, "quay": 2.0}, {"okafor": 1})
    with pytest.raises(ValueError, match="truncated"):
        sigcodec.decode(blob[:-4])
    with pytest.raises(ValueError, match="not a binary"):
        sigcodec.decode(b"JSON" + blob[4:])


def test_json_rows_of_version_1_stores_still_load(tmp_path: Path) -> None:
    """A store written before the binary encoding: version 1, a JSON signature. Opening it
    migrates it to the current version and loads the signature as it was."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for stmt in MIGRATIONS[0].split(";\n"):
        if stmt.strip():
            conn.execute(stmt)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    old = StorySignature(
        "s000001",
        2,
        {"quay": 1.25, "harbour": 0.5},
        {"okafor": 2},
        date(2022, 3, 1),
        date(2022, 3, 2),
        "Quay reopens",
    )
    row = list(story_row(old, "2022-03-02T00:00:00Z"))
    # as version 1 wrote it
    row[5] = json.dumps(
        {
            "size": 2,
            "terms": old.terms,
            "names": old.names,
            "first": "2022-03-01",
            "last": "2022-03-02",
            "title": "Quay reopens",
        }
    )
    conn.execute("INSERT INTO stories VALUES (?,?,?,?,?,?,?)", row)
    conn.close()
    with Store(db) as store:
        assert store.version == len(MIGRATIONS) >= 2
        loaded = store.load_cluster_state().stories["s000001"]
    assert loaded == old


def test_new_rows_are_binary_and_load_back(tmp_path: Path) -> None:
    sig = StorySignature("s000007", 1, {"levee": 0.7}, {"danube": 1}, None, None, None)
    with Store(tmp_path / "new.db") as store:
        store.conn.execute(
            "INSERT INTO stories VALUES (?,?,?,?,?,?,?)", story_row(sig, "2024-01-01T00:00:00Z")
        )
        stored = store.conn.execute("SELECT signature FROM stories").fetchone()[0]
        assert isinstance(stored, bytes) and stored.startswith(sigcodec.MAGIC)
        assert store.load_cluster_state().stories["s000007"] == sig
