"""HTML read now or extracted later (on an ingest's workers) gives the same articles."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from tests.ingest.test_feed_warc import page, warc_bytes

from newsfuse.config import Settings
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.executors.local import LocalExecutor
from newsfuse.ingest import read_inputs
from newsfuse.ingest.html import PendingHtml
from newsfuse.model import Article, Reject
from newsfuse.store import Store

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
    "<link>https://news.example</link><description>d</description>"
    "<item><title>Quay works</title><link>https://news.example/works</link>"
    "<pubDate>Tue, 01 Mar 2022 10:00:00 GMT</pubDate>"
    "<description><![CDATA[<p>Crews repaired the quay overnight.</p>]]></description></item>"
    "</channel></rss>"
)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder with every kind of HTML input: a page, JSONL records, a WARC, a feed."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "quay.html").write_text(page("Quay reopens", "Monday"))
    records = [
        {
            "id": "r1",
            "html": page("Ferries back", "Tuesday"),
            "url": "https://a.example/1",
            "published": "2022-03-02",
            "source": "Island Post",
            "title": "Ferries are back",
        },
        {"id": "r2", "html": "<html><body><nav>Menu</nav></body></html>"},  # no body: NF109
        {"id": "r3", "text": "Freight traffic returned to normal on Wednesday, the port said."},
    ]
    (d / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    pages = [(f"https://port.example/{i}", page(f"Quay story {i}", "Friday")) for i in range(2)]
    (d / "crawl.warc").write_bytes(warc_bytes(pages))
    (d / "harbour.rss").write_text(FEED)
    return d


def _extracted(items: list) -> list[Article | Reject]:
    return [i.extract() if isinstance(i, PendingHtml) else i for i in items]


def test_deferred_pages_extract_to_the_articles_read_at_once(mixed: Path) -> None:
    settings = Settings(progress=False)
    now = list(read_inputs([str(mixed)], settings, finish=False))
    later = list(read_inputs([str(mixed)], settings, finish=False, extract=False))
    pending = [i for i in later if isinstance(i, PendingHtml)]
    # the HTML file, the JSONL html records, both WARC pages and the feed entry wait
    assert len(pending) == 6
    assert all(isinstance(i, Article) for i in later if i.id == "r3")  # a text record is read
    assert _extracted(pickle.loads(pickle.dumps(later))) == now  # they travel to workers
    got = {a.id: a for a in now if isinstance(a, Article)}
    # the reader's own fields still win over the page's after a deferred extraction
    r1 = got["r1"]
    assert (r1.title, r1.source, r1.url, str(r1.published)) == (
        "Ferries are back",
        "Island Post",
        "https://a.example/1",
        "2022-03-02",
    )
    assert {a.format for a in got.values()} >= {"jsonl", "warc", "feed"}
    assert any(isinstance(r, Reject) and r.code == "NF109" for r in now)


def test_deferred_extraction_needs_deferred_finishing(mixed: Path) -> None:
    with pytest.raises(ValueError, match="finish=False"):
        list(read_inputs([str(mixed)], Settings(progress=False), extract=False))


def test_ingest_extracts_pages_on_its_workers(mixed: Path, tmp_path: Path) -> None:
    """The store is the same whether pages are extracted while reading or by the workers; the
    page without a body is a named reject either way."""
    settings = Settings(jobs=2, progress=False)

    def ingest(db: Path, extract: bool) -> tuple:
        items = read_inputs([str(mixed)], settings, finish=False, extract=extract)
        with Store(db) as store:
            rep = ingest_articles(
                store, items, settings, executor=LocalExecutor(2), finish=True, batch_size=3
            )
            rows = store.conn.execute(
                "SELECT id, url, source, title, published, text FROM articles ORDER BY rowid"
            ).fetchall()
        return rows, sorted((r.source, r.code) for r in rep.rejects)

    at_once = ingest(tmp_path / "a.db", extract=True)
    on_workers = ingest(tmp_path / "b.db", extract=False)
    assert on_workers == at_once
    rows, rejects = on_workers
    assert len(rows) == 6  # the page, two JSONL records, two WARC pages, the feed entry
    assert [code for src, code in rejects if src.endswith("records.jsonl:2")] == ["NF109"]
