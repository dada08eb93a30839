"""The web app over a small store written here: pages, paging, JSON twins, feeds, errors, and
hostile article text, titles, outlet names and links."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner
from web_synthetic import EVIL

from newsfuse.cli import app as cli
from newsfuse.web.views import safe_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _no_markup_from_data(html: str) -> None:
    """The hostile markup of the data shows as text, never as tags."""
    assert "<script>" not in html and "<img" not in html and "<b>Outlet" not in html
    assert "&lt;script&gt;" in html


def test_story_list_newest_first_with_keyset_paging(client) -> None:
    r = client.get("/?n=10")
    assert r.status_code == 200
    ids = re.findall(r'href="/story/([^"]+)"', r.text)
    assert ids[:3] == ["s-top", "s-029", "s-028"]
    seen = list(dict.fromkeys(ids))
    nxt = re.search(r'rel="next" href="([^"]+)"', r.text)
    pages = 1
    while nxt:
        r = client.get(nxt.group(1).replace("&amp;", "&"))
        assert r.status_code == 200
        seen += list(dict.fromkeys(re.findall(r'href="/story/([^"]+)"', r.text)))
        nxt = re.search(r'rel="next" href="([^"]+)"', r.text)
        pages += 1
    assert pages == 4 and len(seen) == 31 and len(set(seen)) == 31
    prev = re.search(r'rel="prev" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
    back = re.findall(r'href="/story/([^"]+)"', client.get(prev).text)
    assert list(dict.fromkeys(back)) == seen[20:30]


def test_json_twin_of_the_story_list(client) -> None:
    a = client.get("/?format=json&n=5").json()
    b = client.get("/api/stories?n=5").json()
    assert a == b
    top = a["stories"][0]
    assert top["id"] == "s-top" and top["size"] == 3
    # the wire copy of Daily Plain counts once: Evil and Daily Plain
    assert top["independent_sources"] == 2 and not top["single_source"]
    assert a["stories"][1]["single_source"]
    older = client.get(a["older"]).json()
    assert [s["id"] for s in older["stories"]] == ["s-025", "s-024", "s-023", "s-022", "s-021"]


def test_filters_by_date_outlet_entity(client) -> None:
    ids = [
        s["id"]
        for s in client.get("/api/stories?since=2024-03-05&until=2024-03-06").json()["stories"]
    ]
    assert ids == ["s-005", "s-004"]
    ids = [s["id"] for s in client.get("/api/stories?outlet=Daily Plain&n=100").json()["stories"]]
    assert ids == ["s-top"]
    ids = [s["id"] for s in client.get("/api/stories?entity=ana lopez").json()["stories"]]
    assert ids == ["s-top"]  # spelling merged: "Ana López" is stored
    assert client.get("/?since=yesterday").status_code == 400
    assert "NF906" in client.get("/?since=yesterday").text
    assert client.get("/?after=garbage").status_code == 400


def test_story_page_escapes_and_links_citations(client, store) -> None:
    r = client.get("/story/s-top")
    assert r.status_code == 200
    html = r.text
    _no_markup_from_data(html)
    assert 'href="/article/evil#c=0-' in html
    assert "2 million" in html and "3 million" in html  # discrepancy side by side
    assert 'class="timeline"' in html and "<circle" in html  # the drawn timeline
    assert 'class="grid"' in html
    assert "1 copy" in html  # the wire copy folded under Daily Plain
    data = client.get("/story/s-top?format=json").json()
    assert data["headline"].startswith("Bridge <script>")  # JSON keeps the text as is
    cite = data["summary"][0]["citations"][0]
    text = next(a["text"] for a in data["articles"] if a["id"] == cite["article"])
    assert text[cite["start"] : cite["end"]].startswith("The council <script>")


def test_story_page_lists_each_outlets_loaded_phrases_with_citations(client) -> None:
    from web_synthetic import LOADED_EVIL, LOADED_PLAIN

    html = client.get("/story/s-top").text
    _no_markup_from_data(html)
    framing = html[html.index('<section id="framing">') :]
    framing = framing[: framing.index("</section>")]
    for span in (LOADED_PLAIN, LOADED_EVIL):
        href = f"/article/{span.article}#c={span.start}-{span.end}"
        assert f'class="loaded" href="{href}"' in framing
        # the article page anchors the cited range, so the link lands on the words
        assert f'id="c={span.start}-{span.end}"' in client.get(f"/article/{span.article}").text
    assert "“reopen”" in framing and "(pos)" in framing
    assert "(neg → Ana &lt;script&gt;" in framing  # polarity and target, escaped
    assert framing.index("Daily Plain") < framing.index("reopen")


def test_article_page_highlights_spans_and_refuses_script_links(client) -> None:
    r = client.get("/article/evil")
    html = r.text
    _no_markup_from_data(html)
    assert 'id="c=0-' in html and "<mark" in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert "share line" in html  # removed boilerplate with its reason
    copy = client.get("/article/copy").text
    assert 'href="data:' not in copy
    plain = client.get("/article/plain").text
    assert 'href="https://example.org/bridge?a=1&amp;b=2"' in plain


def test_security_headers_methods_and_hosts(client) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text.replace('<script src="/static/app.js" defer></script>', "")
    assert client.post("/").status_code == 405
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_entity_outlet_search_and_feeds(client) -> None:
    r = client.get("/entity/ana lopez")
    assert r.status_code == 200 and "Ana López" in r.text
    _no_markup_from_data(r.text)
    feed = client.get("/entity/ana%20lopez?format=atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)
    ns = "{http://www.w3.org/2005/Atom}"
    assert [e.findtext(f"{ns}title") for e in root.iter(f"{ns}entry")] == [f"Bridge {EVIL}"]
    out = client.get("/outlet/Daily Plain")
    assert out.status_code == 200 and "s-top" in out.text
    evil_outlet = client.get("/outlet/" + 'Evil <b>Outlet</b> "&"')
    assert evil_outlet.status_code == 200 and "<b>Outlet</b>" not in evil_outlet.text
    hits = client.get("/api/search?q=harbour").json()["stories"]
    assert len(hits) == 25 and all(h["id"].startswith("s-0") for h in hits)
    assert client.get("/search?q=%22unbalanced").status_code == 200  # bad FTS syntax: a phrase
    atom = client.get("/search?q=bridge&format=atom")
    ElementTree.fromstring(atom.content)


def test_numbered_errors_never_tracebacks(client, store) -> None:
    r = client.get("/story/nope")
    assert r.status_code == 404 and "NF905" in r.text and "Traceback" not in r.text
    assert client.get("/api/article/nope").json()["error"]["code"] == "NF905"
    # a story without a stored briefing on a server that does not compute them
    r = client.get("/story/s-003")
    assert r.status_code == 503 and "NF908" in r.text and "Harbour note 3" in r.text


def test_a_changed_story_is_not_served_as_up_to_date(client, store) -> None:
    db, _ = store
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE story_members SET story = 's-top' WHERE article = 'f001'")
    data = client.get("/story/s-top?format=json").json()
    assert data["up_to_date"] is False


def test_safe_url() -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:x",
        "data:text/html,x",
        "//evil.example",
        "/relative",
        "http://a.example/\nx",
        "vbscript:x",
        None,
        "",
    ):
        assert safe_url(bad) is None


def _serve(args: list[str]):
    return CliRunner().invoke(cli, ["serve", *args])


def test_serve_refuses_missing_foreign_newer_and_locked_stores(tmp_path: Path, store) -> None:
    r = _serve(["--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "NF901" in r.output and "Traceback" not in r.output
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    r = _serve(["--db", str(junk)])
    assert r.exit_code == 2 and "NF902" in r.output
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    r = _serve(["--db", str(other)])
    assert r.exit_code == 2 and "NF902" in r.output
    db, _ = store
    newer = tmp_path / "newer.db"
    newer.write_bytes(db.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999)")
    r = _serve(["--db", str(newer)])
    assert r.exit_code == 2 and "NF903" in r.output
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        from newsfuse.errors import NewsfuseError
        from newsfuse.web.db import check_store

        with pytest.raises(NewsfuseError, match="NF904"):
            check_store(db, timeout=0.2)
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def test_serve_refuses_a_port_in_use(store) -> None:
    import socket

    db, _ = store
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = _serve(["--db", str(db), "--port", str(port)])
    assert r.exit_code == 2 and "NF909" in r.output


def test_json_contract_of_the_stored_briefing_round_trips(store) -> None:
    from newsfuse.render.json import to_dict
    from newsfuse.web import codec

    _, ids = store
    b = ids["briefing"]
    back = codec.loads(codec.dumps(b))
    assert back == b and to_dict(back) == to_dict(b)
    assert json.loads(codec.dumps(b))["entities"][0]["mention_spans"]
    assert back.timeline[0].day_score == 0.75


def test_a_briefing_stored_before_the_day_scores_is_briefed_again(store) -> None:
    """A row of the stored form before timeline entries carried ``day_score`` would decode with
    no score and be served as fresh, its page ranked as before: it is read as an older form."""
    from newsfuse.web import codec

    _, ids = store
    old = json.loads(codec.dumps(ids["briefing"]))
    for t in old["timeline"]:
        del t["day_score"]
    old["format"] = 2
    with pytest.raises(ValueError):
        codec.loads(json.dumps(old))


def test_story_page_lists_the_articles_left_out_of_its_briefing(client, store) -> None:
    """An article left out of a stored story's briefing (too long, NF125; past the story's
    bound, NF128; another language, NF121) is listed on the story page, escaped, not dropped
    from sight."""
    import sqlite3 as sq
    from dataclasses import replace

    from web_synthetic import EVIL as evil

    from newsfuse.model import Reject
    from newsfuse.web import briefs

    db, ids = store
    left = Reject(
        f"in/{evil}.txt", "analyze", "is left out of the briefing", "1,200 > 1,000", "NF128"
    )
    b = replace(ids["briefing"], rejects=(left,))
    with sq.connect(db) as conn:
        briefs.save(conn, "s-top", briefs.digest(["evil", "plain", "copy"]), b)
    html = client.get("/story/s-top").text
    assert "Left out of this briefing" in html and "[NF128] in/" in html
    _no_markup_from_data(html)
