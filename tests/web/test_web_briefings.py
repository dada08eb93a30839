"""Briefings kept in the store: computed on a story's first request, served from the store
after, computed again when the story's articles change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore")]


def test_first_request_briefs_and_stores_then_a_change_rebriefs(store) -> None:
    from starlette.testclient import TestClient

    from newsfuse.web.app import Options, create_app

    db, _ = store
    db = Path(db)
    app = create_app(Options(db=db, compute=True, hosts=("testserver",)))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/story/s-003?format=json")
        assert r.status_code == 200 and r.json()["up_to_date"] is True
        assert [a["id"] for a in r.json()["articles"]] == ["f003"]
        with sqlite3.connect(db) as conn:
            (members,) = conn.execute(
                "SELECT members FROM briefings WHERE story = 's-003'"
            ).fetchone()
            conn.execute("UPDATE story_members SET story = 's-003' WHERE article = 'f004'")
        page = client.get("/story/s-003")
        assert page.status_code == 200 and "Harbour note 3" in page.text
        with sqlite3.connect(db) as conn:
            (after,) = conn.execute(
                "SELECT members FROM briefings WHERE story = 's-003'"
            ).fetchone()
        assert after != members
        again = client.get("/story/s-003?format=json").json()
        assert sorted(a["id"] for a in again["articles"]) == ["f003", "f004"]
    # a second server serves it from the store without computing
    app = create_app(Options(db=db, compute=False, hosts=("testserver",)))
    with TestClient(app) as client:
        r = client.get("/story/s-003?format=json")
        assert r.status_code == 200 and r.json()["up_to_date"] is True
