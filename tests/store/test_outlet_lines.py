"""Per-outlet line fingerprints (schema 5): counted at ingest, an outlet's furniture out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsfuse.clean.templates import LineCounts, fingerprint
from newsfuse.config import Settings
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.executors.local import LocalExecutor
from newsfuse.model import Article
from newsfuse.store import Batch, Store

PROMO = "Readers may comment on this page for two days after it appears."
PLACES = ["the northern pier", "the old harbour", "the island village", "the river mouth"]


def _article(i: int, day: int, source: str = "Harbour Times", promo: bool = True) -> Article:
    place = PLACES[i % len(PLACES)]
    body = [
        f"The harbour authority approved a new ferry line to {place} on Monday after a debate.",
        f"The ferry line to {place} will carry passengers every hour from spring, officials said.",
        f"Businesses near {place} welcomed the decision and said it would bring more visitors.",
    ]
    lines = [*body[:2], PROMO, body[2]] if promo else body
    return Article(
        id=f"a{i}-{day}",
        text="\n".join(lines),
        source=source,
        published=date(2020, 3, day),
        url=f"https://harbour.example/{i}/{day}",
    )


def _ingest(store: Store, arts: list[Article]) -> None:
    ingest_articles(
        store, arts, Settings(jobs=1, progress=False), batch_size=2, executor=LocalExecutor(1)
    )


def test_lines_are_counted_per_outlet_with_their_days(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        assert store.version >= 5
        _ingest(store, [_article(0, 1), _article(1, 1), _article(2, 1)])
        # three articles, one day: one story's updates, not yet the site's furniture
        assert store.furniture().lines == {}
        assert store.furniture(min_days=1).count("Harbour Times", PROMO) == 3
        _ingest(store, [_article(3, 2), _article(0, 2, source="Other Daily")])
        tpl = store.furniture()
        assert tpl.seen("Harbour Times", PROMO) == (4, 2)
        assert tpl.count("Other Daily", PROMO) == 0  # outlets are counted apart
        assert tpl.reason("Harbour Times", PROMO) == (
            "outlet template (repeats in 4 articles of Harbour Times on 2 days)"
        )
        row = store.conn.execute(
            "SELECT articles, days, first, last FROM outlet_lines WHERE source = ? AND line = ?",
            ("Harbour Times", fingerprint(PROMO)),
        ).fetchone()
        assert row == (4, 2, "2020-03-01", "2020-03-02")
        assert store.furniture(["Other Daily"]).lines == {}


def test_a_day_between_the_first_and_last_counts_once(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        for day in ("2020-03-01", "2020-03-05", "2020-03-05", "2020-03-01"):
            batch = Batch()
            lines = LineCounts()
            lines.add("Harbour Times", day, [7])
            batch.lines = lines
            store.write_batch(batch)
        row = store.conn.execute("SELECT articles, days FROM outlet_lines").fetchone()
        assert row == (4, 2)


def test_ingest_removes_the_furniture_it_knows(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        _ingest(store, [_article(0, 1), _article(1, 1), _article(2, 2)])
        first = store.article("a0-1")
        assert first is not None and PROMO in first.text  # nothing learned yet
        _ingest(store, [_article(3, 3)])
        later = store.article("a3-3")
        assert later is not None and PROMO not in later.text
        assert [r.reason for r in later.removed] == [
            "outlet template (repeats in 3 articles of Harbour Times on 2 days)"
        ]
        assert "Businesses near the river mouth welcomed" in later.text


def test_load_with_a_store_removes_the_outlets_furniture(tmp_path: Path) -> None:
    from newsfuse.api import load

    with Store(tmp_path / "c.db") as store:
        _ingest(store, [_article(0, 1), _article(1, 1), _article(2, 2)])
        page = tmp_path / "page.txt"
        page.write_text(_article(3, 4).text, encoding="utf-8")
        settings = Settings(progress=False, source="Harbour Times")
        (alone,) = load([page], settings).articles
        assert PROMO in alone.text  # one article: nothing repeats within the batch
        (known,) = load([page], settings, store).articles
        assert PROMO not in known.text


def test_a_stored_story_is_briefed_without_furniture_learned_after_it(tmp_path: Path, nlp) -> None:
    from newsfuse.api import brief_story

    with Store(tmp_path / "c.db") as store:
        _ingest(store, [_article(0, 1)])
        _ingest(store, [_article(1, 2), _article(2, 3), _article(3, 4)])
        stored = store.article("a0-1")
        assert stored is not None and PROMO in stored.text  # stored before it was known
        story = store.story_of_articles()["a0-1"]
        b = brief_story(store, story, Settings(progress=False, embeddings=False, jobs=1), nlp)
        (first,) = [a for a in b.articles if a.id == "a0-1"]
        assert PROMO not in first.text
        assert "outlet template" in first.removed[0].reason
        assert all(PROMO not in s.text for s in b.summary)


def test_a_store_of_schema_5_counts_its_lines_again(tmp_path: Path) -> None:
    """Schema 6 keys a turn without its speaker label: the rows of the earlier keys go and the
    stored articles are counted again, on their publication days."""
    path = tmp_path / "c.db"
    with Store(path) as store:
        _ingest(store, [_article(0, 1), _article(1, 1), _article(2, 2)])
        counted = sorted(store.conn.execute("SELECT * FROM outlet_lines"))
        assert store.furniture().seen("Harbour Times", PROMO) == (3, 2)
        # back to schema 5, with a row of an earlier key
        store.conn.execute("DELETE FROM schema_version WHERE version = 6")
        store.conn.execute("DELETE FROM outlet_lines")
        store.conn.execute(
            "INSERT INTO outlet_lines VALUES ('Harbour Times', 1, 9, 9, '2020-01-01', '2020-01-09')"
        )
    with Store(path) as store:
        assert store.version == 6
        assert sorted(store.conn.execute("SELECT * FROM outlet_lines")) == counted
