"""Ingest over a worker pool: each batch split over the workers gives the store one process gives;
the analysis JSON is the one ``dataclasses.asdict`` gives."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.corpus.ingest import analysis_json, ingest_articles, split_chunks
from newsfuse.executors.local import LocalExecutor
from newsfuse.model import Analysis, Article, Mention, Quote, Reject, Sentence, Span, Timex
from newsfuse.store import Store

TOPICS = {
    "flood": "river flood levee rainfall evacuation Danube barrier pumps shelter Passau",
    "trade": "tariff export steel quota negotiation Brussels customs treaty import levy",
}


def make_items(n: int) -> list[Article | Reject]:
    """``n`` distinct short articles over two topics, with a read reject every 9th item."""
    out: list[Article | Reject] = []
    for i in range(n):
        if i % 9 == 4:
            out.append(Reject(f"file{i}.txt", "read", "unreadable", code="NF101"))
            continue
        t = list(TOPICS)[i % 2]
        words = TOPICS[t].split()
        text = (
            f"Update {i} on the {t}. "
            + " ".join(words[(i + k) % len(words)] for k in range(10))
            + f". Resident {i} saw the {words[i % len(words)]} close up."
        )
        out.append(Article(id=f"{t}-{i}", text=text, url=f"https://example.org/{t}/{i}"))
    return out


def snapshot(store: Store) -> tuple:
    c = store.conn
    return (
        store.counts(),
        c.execute("SELECT id, chash FROM articles ORDER BY rowid").fetchall(),
        c.execute("SELECT article, story, score, seq FROM story_members ORDER BY seq").fetchall(),
        c.execute("SELECT id, size, signature FROM stories ORDER BY id").fetchall(),
        c.execute("SELECT source, code FROM rejects ORDER BY id").fetchall(),
        c.execute("SELECT term, df FROM term_df ORDER BY term").fetchall(),
    )


def test_split_keeps_order_and_uses_every_worker() -> None:
    arts = [Article(id=str(i), text="x") for i in range(7)]
    parts = split_chunks(arts, 2)
    assert [len(p) for p in parts] == [4, 3]
    assert [a for p in parts for a in p] == arts
    assert split_chunks(arts[:1], 2) == [arts[:1]]
    assert split_chunks([], 2) == [[]]
    assert split_chunks(arts, 1) == [arts]


def test_two_workers_store_what_one_process_stores(tmp_path: Path) -> None:
    items = make_items(40)
    settings = Settings(jobs=2, progress=False)
    with Store(tmp_path / "one.db") as one:
        rep1 = ingest_articles(
            one, items, settings, clean=False, batch_size=7, executor=LocalExecutor(1)
        )
        want = snapshot(one)
    with Store(tmp_path / "two.db") as two:
        rep2 = ingest_articles(
            two, items, settings, clean=False, batch_size=7, executor=LocalExecutor(2)
        )
        got = snapshot(two)
    assert got == want
    assert (rep2.read, rep2.stored, len(rep2.rejects)) == (rep1.read, rep1.stored, 4)
    assert rep1.stored == 36


def test_analysis_json_matches_asdict() -> None:
    art = Article(id="a1", text='Mayor Lee said: "We rebuild." Work starts on 3 May.')
    sp = Span("a1", 0, 29)
    an = Analysis(
        article=art,
        sentences=(Sentence(sp, art.text[:29]),),
        mentions=(Mention(Span("a1", 6, 9), "Lee", "PERSON"),),
        quotes=(
            Quote(
                span=Span("a1", 17, 28),
                text="We rebuild.",
                speaker="Mayor Lee",
                speaker_span=Span("a1", 0, 9),
                cue="said",
                cue_span=Span("a1", 10, 14),
                direct=True,
            ),
        ),
        timexes=(Timex(Span("a1", 45, 50), "3 May", "DATE", "2024-05-03", date(2024, 5, 1), True),),
        lemmas=(("mayor", "lee", "rebuild"),),
        tenses=("past",),
    )
    data = {f.name: getattr(an, f.name) for f in dataclasses.fields(an) if f.name != "article"}
    want = json.dumps(
        {
            k: [dataclasses.asdict(x) if dataclasses.is_dataclass(x) else x for x in v]
            for k, v in data.items()
        },
        default=str,
    )
    assert analysis_json(an) == want
    assert json.loads(want)["quotes"][0]["speaker_span"] == {"article": "a1", "start": 0, "end": 9}
    assert json.loads(want)["timexes"][0]["anchor"] == "2024-05-01"


def test_outlets_detected_on_the_workers_match_the_reader(tmp_path: Path) -> None:
    """``newsfuse ingest`` reads without outlet/wire detection and lets the workers do it: the
    stored outlets and wires are those ``read_inputs`` itself would give."""
    from newsfuse.ingest import read_inputs

    folder = tmp_path / "in"
    folder.mkdir()
    rows = [
        {
            "id": "r1",
            "url": "https://www.reuters.com/world/x",
            "text": "LONDON (Reuters) - The "
            "central bank raised its main rate by a quarter point on Thursday, citing prices.",
        },
        {
            "id": "a1",
            "url": "https://news.example/y",
            "text": "WASHINGTON (AP) — Congress "
            "passed the spending bill late on Friday after a week of talks, aides said.",
        },
        {
            "id": "n1",
            "text": "The harbour bridge reopened on Monday after six weeks of repairs "
            "to its deck, the city said in a statement on its website.",
        },
    ]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    settings = Settings(jobs=2, progress=False)
    want = {
        a.id: (a.source, a.wire)
        for a in read_inputs([str(folder)], settings)
        if isinstance(a, Article)
    }
    assert want["a1"][1] and want["r1"][0]  # the example has an outlet and a wire to find
    unfinished = list(read_inputs([str(folder)], settings, finish=False))
    assert {a.id: a.wire for a in unfinished if isinstance(a, Article)}["a1"] is None
    with Store(tmp_path / "c.db") as store:
        ingest_articles(store, unfinished, settings, executor=LocalExecutor(2), finish=True)
        got = {a.id: (a.source, a.wire) for a in store.articles()}
    assert got == want


def test_a_record_the_database_refuses_is_rejected_alone(tmp_path: Path) -> None:
    """A lone surrogate in the text as read (given here unchecked, not through a reader) gets
    past the per-article stage but not SQLite's UTF-8 binding: that article alone is left out,
    with a numbered reject naming it; the others of its batch (before and after it) are stored,
    their stories consistent."""
    items = [a for a in make_items(12) if isinstance(a, Article)]
    bad = dataclasses.replace(items[5], raw="Quay \ud800 reopened", path="feed.xml#6")
    items[5] = bad
    with Store(tmp_path / "c.db") as store:
        report = ingest_articles(
            store, items, Settings(progress=False), clean=False, executor=LocalExecutor(1)
        )
        stored = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
        members = {r[0] for r in store.conn.execute("SELECT article FROM story_members")}
        sizes = store.conn.execute(
            "SELECT COUNT(*) FROM stories s WHERE s.size != "
            "(SELECT COUNT(*) FROM story_members m WHERE m.story = s.id)"
        ).fetchone()[0]
        rows = store.conn.execute("SELECT source, stage, code, detail FROM rejects").fetchall()
    assert stored == {a.id for a in items} - {bad.id}
    assert bad.id not in members and sizes == 0
    assert report.stored == len(items) - 1
    assert [(r.source, r.code) for r in report.rejects] == [("feed.xml#6", "NF123")]
    assert rows[0][:3] == ("feed.xml#6", "store", "NF123")
    assert bad.id in rows[0][3] and "UnicodeEncodeError" in rows[0][3]


def test_a_refused_article_is_no_original_for_later_copies(tmp_path: Path) -> None:
    """An article the database refuses never enters the duplicate or story state: a later exact
    copy of its text (in a later batch) is stored as an article of its own, not recorded as a
    copy of an article the store does not hold."""
    items = [a for a in make_items(12) if isinstance(a, Article)]
    bad = dataclasses.replace(items[5], raw="Quay \ud800 reopened", path="feed.xml#6")
    items[5] = bad
    copy = Article(id="copy", text=bad.text, url="https://example.org/copy")
    with Store(tmp_path / "c.db") as store:
        report = ingest_articles(
            store,
            [*items, copy],
            Settings(progress=False),
            clean=False,
            executor=LocalExecutor(1),
            batch_size=4,
        )
        stored = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
        originals = {r[0] for r in store.conn.execute("SELECT representative FROM dup_members")}
        members = {r[0] for r in store.conn.execute("SELECT article FROM story_members")}
    assert bad.id not in stored and "copy" in stored
    assert originals <= stored, originals - stored
    assert members == stored
    assert report.exact == 0 and report.stored == len(items)
    assert [(r.source, r.code) for r in report.rejects] == [("feed.xml#6", "NF123")]
