"""The web app in a real browser: Debian's Chromium driven by Playwright, on a store ingested
from ../shared (the five example articles and three ECB+ dev topics), served by uvicorn on
127.0.0.1. A missing browser fails these tests; they never skip."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[tuple[str, str]]:
    import uvicorn

    from newsfuse.web import sample
    from newsfuse.web.app import Options, create_app

    db = tmp_path_factory.mktemp("web") / "sample.db"
    story = sample.build(db, topics=3)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Options(db=db))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", story
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    p = context.new_page()
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert not errors, errors  # no CSP violation, no script error


def _ids(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#stories a.headline", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h.removeprefix("/story/") for h in hrefs]


def test_page_through_the_stories(server, page) -> None:
    base, _ = server
    page.goto(base + "/?n=3")
    first = _ids(page)
    assert len(first) == 3
    page.click("a[rel=next]")
    second = _ids(page)
    assert second and not set(first) & set(second)
    page.click("a[rel=next]")
    third = _ids(page)
    assert third and not set(third) & set(first + second)
    page.click("a[rel=prev]")
    assert _ids(page) == second
    page.click("a[rel=prev]")
    assert _ids(page) == first and page.locator("a[rel=prev]").count() == 0


def test_a_summary_citation_lands_on_the_highlighted_words(server, page) -> None:
    base, story = server
    page.goto(base + "/")
    page.click(f'#stories a[href="/story/{story}"]')
    assert page.locator("h1").inner_text()
    data = json.loads(page.request.get(f"{base}/api/story/{story}").text())
    cite = page.locator("#summary a.cite").first
    href = cite.get_attribute("href")
    aid, _, rng = href.removeprefix("/article/").partition("#c=")
    start, end = (int(x) for x in rng.split("-"))
    text = next(a["text"] for a in data["articles"] if a["id"] == aid)
    cite.click()
    page.wait_for_url(f"**/article/{aid}#c={start}-{end}")
    page.wait_for_selector("#text .current")
    marked = "".join(
        page.eval_on_selector_all("#text .current", "els => els.map(e => e.textContent)")
    )
    assert marked == text[start:end] and len(marked) > 20
    box = page.evaluate(
        "() => { const r = document.querySelector('#text .current').getBoundingClientRect();"
        " return [r.top, r.bottom, window.innerHeight]; }"
    )
    assert 0 <= box[0] < box[2], box  # scrolled into view
    bg = page.eval_on_selector("#text .current", "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    # any range, not only a cited one: marked from the offsets alone
    page.goto(f"{base}/article/{aid}#c=5-17")
    page.wait_for_selector("#text mark.current")
    marked = "".join(
        page.eval_on_selector_all("#text .current", "els => els.map(e => e.textContent)")
    )
    assert marked == text[5:17]


def test_search_json_twin_and_entity_page(server, page) -> None:
    base, story = server
    page.goto(base + "/search?q=Blinken")
    hits = page.eval_on_selector_all(
        "#results a.headline", "els => els.map(e => e.getAttribute('href'))"
    )
    assert f"/story/{story}" in hits
    page.fill("form.search input[name=q]", "Lohan rehab")
    page.click("form.search button")
    assert page.locator("#results li").count() >= 1
    page.goto(base + "/?format=json")
    listed = json.loads(page.locator("body").inner_text())
    assert story in [s["id"] for s in listed["stories"]]
    api = json.loads(page.request.get(base + "/api/stories").text())
    assert api["stories"] == listed["stories"]
    page.goto(f"{base}/story/{story}")
    link = page.locator("#entities a").first
    name = link.inner_text()
    link.click()
    assert page.locator("h1").inner_text() == name
    assert page.locator(f'#stories a[href="/story/{story}"]').count() == 1


def test_a_loaded_phrase_in_the_framing_section_lands_on_its_words(server, page) -> None:
    base, story = server
    page.goto(f"{base}/story/{story}")
    data = json.loads(page.request.get(f"{base}/api/story/{story}").text())
    shown = page.locator("#framing a.loaded")
    assert shown.count() >= 1
    link = shown.first
    phrase = link.inner_text().strip("“”")
    href = link.get_attribute("href")
    aid, _, rng = href.removeprefix("/article/").partition("#c=")
    start, end = (int(x) for x in rng.split("-"))
    listed = {(x["article"], x["start"], x["end"]) for x in data["loaded_language"]}
    assert (aid, start, end) in listed  # the JSON carries every phrase the page shows
    link.click()
    page.wait_for_url(f"**/article/{aid}#c={start}-{end}")
    page.wait_for_selector("#text .current")
    marked = "".join(
        page.eval_on_selector_all("#text .current", "els => els.map(e => e.textContent)")
    )
    assert marked == phrase
