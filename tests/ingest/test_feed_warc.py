"""Feeds and WARC files built by the tests themselves; fetching only with --fetch."""

from __future__ import annotations

import functools
import http.server
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.ingest.feed import read_feed
from newsfuse.ingest.warc import read_warc
from newsfuse.model import Article, Reject
from newsfuse.store import Store

PARA = (
    "The harbour authority of Port Ellery reopened the northern quay on {day} after a week of "
    "repairs, the port director Miriam Okafor told reporters at the ferry terminal. Ferries to "
    "the outer islands will run on the summer timetable, and freight traffic is expected to "
    "return to normal levels within days, she said, thanking the crews who worked overnight."
)


def page(title: str, day: str) -> str:
    paras = "".join(f"<p>{PARA.format(day=day)} Paragraph {i}.</p>" for i in range(4))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | News</nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>Contact us</footer></body></html>"
    )


def rss(items: int = 2, base: str = "https://news.example") -> str:
    entries = "".join(
        f"<item><title>Quay reopens {i}</title><link>{base}/quay-{i}</link>"
        f"<pubDate>Tue, 0{i + 1} Mar 2022 10:00:00 GMT</pubDate>"
        f"<description>{PARA.format(day='Monday')} Item {i}.</description></item>"
        for i in range(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        f"<link>{base}</link><description>d</description>{entries}</channel></rss>"
    )


def test_feed_entries_become_articles() -> None:
    out = list(read_feed(rss(2), name="harbour.rss"))
    assert all(isinstance(a, Article) for a in out) and len(out) == 2
    a = out[0]
    assert a.format == "feed" and a.url == "https://news.example/quay-0"
    assert a.title == "Quay reopens 0" and a.published and a.published.isoformat() == "2022-03-01"
    assert "Miriam Okafor" in a.text and a.source == "Harbour News"


def test_malformed_feed_is_a_named_reject() -> None:
    out = list(read_feed("<rss><channel><title>x</title><item><title>broken", name="bad.rss"))
    assert any(isinstance(r, Reject) and r.code == "NF111" for r in out)
    assert not any(isinstance(r, Article) for r in out)
    out = list(read_feed("this is not xml at all", name="junk.rss"))
    assert [r.code for r in out if isinstance(r, Reject)] == ["NF111"]


def warc_bytes(pages: list[tuple[str, str]], gzip: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
        )
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(rec)
    return buf.getvalue()


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_records_and_truncation(gzip: bool) -> None:
    pages = [(f"https://port.example/{i}", page(f"Quay story {i}", "Monday")) for i in range(3)]
    data = warc_bytes(pages, gzip=gzip)
    full = list(read_warc(data, name="crawl.warc"))
    assert [a.url for a in full if isinstance(a, Article)] == [u for u, _ in pages]
    assert all(a.format == "warc" for a in full if isinstance(a, Article))
    assert not any(isinstance(r, Reject) for r in full)
    cut = list(read_warc(data[: int(len(data) * 0.8)], name="cut.warc"))
    arts = [a for a in cut if isinstance(a, Article)]
    rejects = [r for r in cut if isinstance(r, Reject)]
    assert [a.url for a in arts] == [u for u, _ in pages[: len(arts)]] and 1 <= len(arts) <= 2
    assert [r.code for r in rejects] == ["NF112"] and rejects[0].source == "cut.warc"


def test_garbage_warc_is_a_named_reject() -> None:
    out = list(read_warc(b"WARC/1.0\r\nnot really a warc header\r\n\r\n\x00\x01", name="x.warc"))
    assert [r.code for r in out if isinstance(r, Reject)] == ["NF112"]


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[str]:
    """A feed and its linked pages served on 127.0.0.1 by http.server."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.xml").write_text(rss(2, base="http://127.0.0.1:{port}"), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    feed = (site / "feed.xml").read_text(encoding="utf-8").replace("{port}", str(port))
    (site / "feed.xml").write_text(feed, encoding="utf-8")
    for i in range(2):
        (site / f"quay-{i}").write_text(page(f"Quay reopens {i}", "Tuesday"), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


def test_local_feed_fetched_only_with_fetch_and_allow_private(served: str, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    res = runner.invoke(app, ["ingest", served, "--db", db, "--jobs", "1"])
    # nothing could be read: exit code 2
    assert res.exit_code == 2 and "pass --fetch" in res.output + (res.stderr or "")
    res = runner.invoke(app, ["ingest", served, "--db", db, "--jobs", "1", "--fetch"])
    assert res.exit_code == 2
    assert "non-public address" in res.output + (res.stderr or "")
    with Store(db) as store:
        assert store.counts()["articles"] == 0
        assert {r.code for r in store.rejects()} == {"NF501"}
    res = runner.invoke(
        app, ["ingest", served, "--db", db, "--jobs", "1", "--fetch", "--allow-private"]
    )
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        arts = store.articles()
        assert len(arts) == 2 and all(a.format == "feed" for a in arts)
        # the linked pages (fuller than the feed's descriptions) were fetched and read
        assert all("Tuesday" in a.text for a in arts)
        assert sorted(a.title or "" for a in arts) == ["Quay reopens 0", "Quay reopens 1"]


def test_a_fetched_page_is_extracted_later_when_deferred(served: str, tmp_path: Path) -> None:
    """A single page URL: read now, or (``defer``) handed on unextracted, as `newsfuse ingest`
    does so that its workers extract it; both give the same article."""
    from newsfuse.corpus.fetch import FetchOptions, read_url
    from newsfuse.ingest.html import PendingHtml

    url = served.replace("feed.xml", "quay-1")
    opts = FetchOptions(allow_private=True, timeout=5)
    (now,) = list(read_url(url, opts))
    (later,) = list(read_url(url, opts, defer=True))
    assert isinstance(now, Article) and isinstance(later, PendingHtml)
    assert later.extract() == now and now.format == "html" and "Tuesday" in now.text
    db = str(tmp_path / "p.db")
    res = CliRunner().invoke(
        app, ["ingest", url, "--db", db, "--jobs", "2", "--fetch", "--allow-private"]
    )
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        (stored,) = store.articles()
        assert stored.url == url and stored.format == "html" and "Tuesday" in stored.text


def test_connection_goes_to_the_checked_address(served: str, monkeypatch) -> None:
    """The host is resolved once, checked, and the request connects to that address: a second
    DNS answer (DNS rebinding) is never asked for."""
    from newsfuse.corpus import fetch

    port = served.split(":")[2].split("/")[0]
    answers: list[str] = []
    real = socket.getaddrinfo

    def fake_getaddrinfo(host, *args, **kwargs):
        if host == "127.0.0.1":  # connecting to a literal address needs no DNS
            return real(host, *args, **kwargs)
        answers.append(host)
        if host == "news.rebind.invalid":  # unresolvable for the real resolver
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port)))]
        raise socket.gaierror(f"unexpected lookup of {host}")

    monkeypatch.setattr(fetch.socket, "getaddrinfo", fake_getaddrinfo)
    url = f"http://news.rebind.invalid:{port}/feed.xml"
    got = fetch.fetch_url(url, fetch.FetchOptions(allow_private=True, timeout=5))
    assert isinstance(got, fetch.Fetched), got
    assert b"<rss" in got.data
    assert answers == ["news.rebind.invalid"]  # one lookup: the one that was checked
    refused = fetch.fetch_url(url, fetch.FetchOptions(allow_private=False, timeout=5))
    assert isinstance(refused, Reject) and "non-public address 127.0.0.1" in refused.detail


def test_linked_pages_fetched_concurrently_in_feed_order(tmp_path: Path) -> None:
    """The pages of a feed's entries are fetched several at a time: each page request waits
    (at a barrier) until another one is in flight, so fetching one after the other would break
    the barrier. The articles still come out in the feed's order."""
    from newsfuse.corpus.fetch import FetchOptions, read_url

    n = 6
    site = tmp_path / "site"
    site.mkdir()
    for i in range(n):
        (site / f"quay-{i}").write_text(page(f"Quay reopens {i}", "Tuesday"), encoding="utf-8")
    barrier = threading.Barrier(2, timeout=10)
    broken: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/quay-"):
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    broken.append(self.path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    (site / "feed.xml").write_text(rss(n, base=f"http://127.0.0.1:{port}"), encoding="utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        opts = FetchOptions(allow_private=True, timeout=20, concurrency=4)
        out = list(read_url(f"http://127.0.0.1:{port}/feed.xml", opts))
    finally:
        server.shutdown()
        server.server_close()
    assert broken == []
    assert [a.url for a in out] == [f"http://127.0.0.1:{port}/quay-{i}" for i in range(n)]
    assert all(isinstance(a, Article) and "Tuesday" in a.text for a in out)
    assert [a.title for a in out] == [f"Quay reopens {i}" for i in range(n)]
