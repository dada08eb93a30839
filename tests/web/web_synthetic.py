"""A small store written directly (no NLP): stories, articles, one stored briefing, built from
texts written here, some of them hostile (markup, script links) to test the web app's escaping."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from newsfuse.model import (
    Article,
    Briefing,
    Discrepancy,
    DiscrepancyValue,
    Entity,
    Fact,
    LoadedPhrase,
    QuoteGroup,
    Removed,
    Span,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.store import Batch, Store, now_stamp, sigcodec
from newsfuse.web import briefs

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
EVIL_TEXT = (
    f"The council {EVIL} voted on Tuesday to reopen the bridge. "
    "Mayor Ana Lopez said repairs cost 2 million dollars."
)
PLAIN_TEXT = "The council voted on Tuesday to reopen the bridge. Repairs cost 3 million dollars."
LOADED_PLAIN = Span("plain", PLAIN_TEXT.index("reopen"), PLAIN_TEXT.index("reopen") + 6)
LOADED_EVIL = Span("evil", EVIL_TEXT.index(EVIL), EVIL_TEXT.index(EVIL) + len(EVIL))


def _story(sid: str, title: str, day: date, articles: list[Article]) -> tuple[object, ...]:
    return (
        sid,
        title,
        len(articles),
        min(a.published for a in articles if a.published).isoformat(),
        day.isoformat(),
        sigcodec.encode({"bridge": 1.0}, {}),
        now_stamp(),
    )


def build(path: Path, n_filler: int = 30) -> dict[str, object]:
    """Write the store; returns ids the tests use."""
    d0 = date(2024, 3, 1)
    evil = Article(
        id="evil",
        text=EVIL_TEXT,
        source='Evil <b>Outlet</b> "&"',
        title=f"Bridge {EVIL} reopens",
        url="javascript:alert(document.cookie)",
        published=d0 + timedelta(days=n_filler + 1),
        removed=(Removed(f"Share {EVIL}", "share line"),),
    )
    plain = Article(
        id="plain",
        text=PLAIN_TEXT,
        source="Daily Plain",
        title="Bridge open again",
        url="https://example.org/bridge?a=1&b=2",
        published=d0 + timedelta(days=n_filler + 1),
    )
    copy = Article(
        id="copy",
        text=PLAIN_TEXT + " More.",
        source="Echo Times",
        title="Bridge open again (wire)",
        url="data:text/html,<script>alert(1)</script>",
        published=d0 + timedelta(days=n_filler + 1),
        wire="Daily Plain",
    )
    batch = Batch()
    for a in (evil, plain, copy):
        batch.articles.append((a, "h-" + a.id))
    top = [evil, plain, copy]
    batch.stories.append(_story("s-top", f"Bridge {EVIL}", d0 + timedelta(days=n_filler + 1), top))
    for a in top:
        batch.members.append((a.id, "s-top", 1.0, "[]"))
    fillers = []
    for k in range(n_filler):
        day = d0 + timedelta(days=k)
        a = Article(
            id=f"f{k:03d}",
            text=f"Filler story number {k} about the harbour.",
            source="Harbour Herald" if k % 2 else "Coast Courier",
            title=f"Harbour note {k}",
            published=day,
        )
        batch.articles.append((a, f"h-f{k}"))
        batch.stories.append(_story(f"s-{k:03d}", f"Harbour note {k}", day, [a]))
        batch.members.append((a.id, f"s-{k:03d}", 1.0, "[]"))
        fillers.append(f"s-{k:03d}")
    with Store(path) as store:
        store.write_batch(batch)
        b = briefing(evil, plain, copy)
        briefs.save(store.conn, "s-top", briefs.digest(["evil", "plain", "copy"]), b)
    return {"top": "s-top", "fillers": fillers, "briefing": b}


def briefing(evil: Article, plain: Article, copy: Article) -> Briefing:
    vote = Span("evil", 0, EVIL_TEXT.index(" to reopen"))
    cost = Span("evil", EVIL_TEXT.index("Mayor"), len(EVIL_TEXT))
    cost3 = Span("plain", PLAIN_TEXT.index("Repairs"), len(PLAIN_TEXT))
    return Briefing(
        id="s-top",
        headline=f"Bridge {EVIL} reopens",
        articles=(evil, plain, copy),
        summary=(
            SummarySentence(f"The council {EVIL} voted to reopen the bridge.", (vote,)),
            SummarySentence("Repairs cost millions.", (cost, cost3)),
        ),
        facts=(
            Fact(f"Council voted {EVIL}", ("evil", "plain"), 2, (vote,), ("Daily Plain", "Evil")),
        ),
        timeline=(TimelineEntry("2024-04-02", f"Vote {EVIL}", (vote,), ("evil",), 1, 0.75),),
        entities=(
            Entity(
                name="Ana López",
                type="PERSON",
                variants=("Ana López", "Ana Lopez", f"A. {EVIL}"),
                articles=("evil",),
                mentions=(cost,),
            ),
        ),
        quotes=(
            QuoteGroup(f"Ana {EVIL}", "repairs cost 2 million", "said", False, (cost,), ("evil",)),
        ),
        loaded=(
            LoadedPhrase(LOADED_PLAIN, "reopen", 0.81, "pos"),
            LoadedPhrase(LOADED_EVIL, EVIL, 0.9, "neg", f"Ana {EVIL}", cost),
        ),
        discrepancies=(
            Discrepancy(
                "number",
                f"cost {EVIL}",
                (
                    DiscrepancyValue("2 million", ("evil",), (cost,)),
                    DiscrepancyValue("3 million", ("plain",), (cost3,)),
                ),
            ),
        ),
    )
