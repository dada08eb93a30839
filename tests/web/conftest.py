"""Fixtures for the web app's tests: a small store written directly (see ``web_synthetic.py``)
and a test client over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_synthetic import build


@pytest.fixture()
def store(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    db = tmp_path / "web.db"
    ids = build(db)
    return db, ids


@pytest.fixture()
def client(store: tuple[Path, dict[str, object]]):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from newsfuse.web.app import Options, create_app

    db, _ = store
    app = create_app(Options(db=db, compute=False, hosts=("testserver",)))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
