"""The second clustering pass: members moved to a better story, in memory and in the store."""

from __future__ import annotations

from pathlib import Path

from newsfuse.config import Settings
from newsfuse.corpus.cluster import (
    ClusterParams,
    StoryClusterer,
    article_features,
    cluster_texts,
)
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.executors import LocalExecutor
from newsfuse.model import Article
from newsfuse.store import Store

RATE = [
    "The Kestrel Bank raised its lending rate on Tuesday. Governor Hugo Lindqvist said "
    "inflation had stayed high for too long.",
    "Kestrel Bank lifted the lending rate to four percent, and mortgage lenders in Stockholm "
    "warned of dearer loans.",
    "The lending rate rise by the Kestrel Bank sent the krona higher against the euro in early "
    "trading.",
    "Economists expected the Kestrel Bank to raise the lending rate, and housing prices are now "
    "forecast to cool.",
    "After the Kestrel Bank rate decision, pension funds and savers welcomed the higher lending "
    "rate.",
]
# about the rate decision, but sharing only one or two words with each single report on it
EARLY = (
    "Lindqvist warned that mortgage costs, housing prices and the krona would all feel it, "
    "pension funds said."
)
FLOOD = [
    "Heavy rain flooded the river town of Marlow and the Thames rose two metres overnight.",
    "Rescue crews evacuated homes in Marlow as the Thames burst its banks after heavy rain.",
]
ITEMS = [
    ("early", EARLY),
    *((f"rate{i}", t) for i, t in enumerate(RATE)),
    *((f"flood{i}", t) for i, t in enumerate(FLOOD)),
]


def groups(story: dict[str, str]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for a, s in story.items():
        by.setdefault(s, []).append(a)
    return sorted(sorted(m) for m in by.values())


def test_refine_fixes_an_early_arrival_the_online_pass_left_alone() -> None:
    clu = StoryClusterer()
    online = {a.article: a.story for a in (clu.add(article_features(i, t)) for i, t in ITEMS)}
    rate = sorted(i for i, _ in ITEMS if i.startswith("rate"))
    flood = sorted(i for i, _ in ITEMS if i.startswith("flood"))
    # online, the early article came before any other report and no later one matched it alone
    assert groups(online) == [["early"], flood, rate]
    refined = clu.refine()
    assert [(m.article, m.source, m.target) for m in refined.moves] == [
        ("early", online["early"], online["rate0"])
    ]
    assert refined.removed == [online["early"]]
    sig = clu.state.stories[online["rate0"]]
    assert sig.size == 6 and "lindqvist" in sig.names
    assert online["early"] not in clu.state.stories
    assert clu.refine().moves == []  # nothing left to revisit
    assert groups(cluster_texts([(i, t, None, None) for i, t in ITEMS])) == sorted(
        [flood, sorted(["early", *rate])]
    )


def test_a_lone_article_of_an_earlier_batch_joins_the_story_that_formed_after_it() -> None:
    texts = dict(ITEMS)

    def lookup(ids: list[str]) -> dict:  # what the store gives: features of earlier articles
        return {i: article_features(i, texts[i]) for i in ids}

    def run(params: ClusterParams) -> tuple[StoryClusterer, list[tuple[str, str, str]]]:
        clu = StoryClusterer(params=params)
        clu.add(article_features("early", EARLY))
        assert clu.refine(lookup).moves == []  # its batch: nothing else to join yet
        for i, t in ITEMS[1:]:
            clu.add(article_features(i, t))
        refined = clu.refine(lookup)
        return clu, [(m.article, m.source, m.target) for m in refined.moves]

    rate = sorted(i for i, _ in ITEMS if i.startswith("rate"))
    # without the second chance it stays alone: it is not one of the new batch's articles
    clu, moves = run(ClusterParams(rescue_score=0))
    assert moves == []
    story = {a: s for a, s, _ in clu.state.articles}
    assert len({story[a] for a in rate}) == 1 and story["early"] != story["rate0"]
    clu, moves = run(ClusterParams())
    story = {a: s for a, s, _ in clu.state.articles}
    assert [m[0] for m in moves] == ["early"] and moves[0][2] == story["rate0"]
    assert {story[a] for a in ["early", *rate]} == {story["rate0"]}
    assert story["flood0"] != story["rate0"]
    # the moved article is listed where it arrived, as a clusterer rebuilt from the store has it
    members = list(clu.members(story["rate0"]))
    assert members == ["early", *rate]
    assert members == list(StoryClusterer(clu.state).members(story["rate0"]))


# two reports of one accident written apart: each is the other's best match, below ``threshold``
FERRY = [
    (
        "ferry1",
        "The ferry Nordlys ran aground off Vardo in a storm; coast guard boats took the "
        "passengers ashore and divers checked the hull.",
    ),
    (
        "ferry2",
        "Stranded travellers slept in a school hall in the town after the ferry ran aground, as "
        "high winds kept the small harbour closed and buses waited.",
    ),
]


def test_two_lone_articles_that_are_each_others_best_match_join() -> None:
    def run(params: ClusterParams) -> tuple[dict[str, str], dict[str, str], list]:
        clu = StoryClusterer(params=params)
        online = {a.article: a.story for a in (clu.add(article_features(i, t)) for i, t in items)}
        refined = clu.refine()
        return online, {a: s for a, s, _ in clu.state.articles}, refined

    items = [*ITEMS[1:], *FERRY]
    online, story, refined = run(ClusterParams(pair_threshold=0))
    # online, the second report scores below ``threshold`` against the first and opens a story
    assert story["ferry1"] != story["ferry2"] and refined.moves == []
    online, story, refined = run(ClusterParams())
    assert ClusterParams().pair_threshold < ClusterParams().threshold
    assert online["ferry1"] != online["ferry2"]
    # the later one joins the earlier one's story
    assert [(m.article, m.source, m.target) for m in refined.moves] == [
        ("ferry2", online["ferry2"], online["ferry1"])
    ]
    assert refined.removed == [online["ferry2"]]
    assert story["ferry2"] == story["ferry1"] == online["ferry1"]
    assert groups(story) == groups(online | {"ferry2": online["ferry1"]})
    # a lone article whose best match is a larger story is not paired
    assert story["rate0"] != story["ferry1"] and story["flood0"] != story["ferry1"]


def test_lone_articles_further_apart_than_the_window_are_not_paired() -> None:
    from datetime import date, timedelta

    day = date(2024, 3, 1)
    for gap, paired in ((7, True), (8, False)):
        clu = StoryClusterer()
        for i, t in ITEMS[1:]:
            clu.add(article_features(i, t, published=day))
        (a, ta), (b, tb) = FERRY
        clu.add(article_features(a, ta, published=day))
        clu.add(article_features(b, tb, published=day + timedelta(days=gap)))
        moves = clu.refine().moves
        # 8 days apart, the decayed score still clears ``pair_threshold``; the window stops it
        assert [m.article for m in moves] == (["ferry2"] if paired else [])


def test_paired_articles_are_stored_in_one_story(tmp_path: Path) -> None:
    items = [*ITEMS[1:], *FERRY]
    arts = [Article(id=i, text=t, url=f"https://news.example/{i}") for i, t in items]
    with Store(tmp_path / "c.db") as store:
        ingest_articles(
            store,
            arts,
            Settings(jobs=1, progress=False),
            clean=False,
            batch_size=len(arts),
            executor=LocalExecutor(1),
        )
        consistent(store)
        story = store.story_of_articles()
        assert story["ferry1"] == story["ferry2"] != story["rate0"]


def test_refine_keeps_well_placed_members() -> None:
    clu = StoryClusterer()
    for i, t in ITEMS[1:]:
        clu.add(article_features(i, t))
    assert clu.refine().moves == []


def test_moved_member_is_stored_under_its_new_story_and_the_empty_one_is_gone(
    tmp_path: Path,
) -> None:
    arts = [Article(id=i, text=t, url=f"https://news.example/{i}") for i, t in ITEMS]
    settings = Settings(jobs=1, progress=False)
    with Store(tmp_path / "c.db") as store:
        ingest_articles(
            store, arts, settings, clean=False, batch_size=len(arts), executor=LocalExecutor(1)
        )
        story = store.story_of_articles()
        assert story["early"] == story["rate0"]
        ids = [r[0] for r in store.conn.execute("SELECT id FROM stories ORDER BY id")]
        assert ids == sorted({story["rate0"], story["flood0"]})
        assert "s000001" not in ids  # the story the early article opened
        info = store.story(story["rate0"])
        assert info is not None and info.size == 6 and "early" in info.articles
        assert "early" in {a.id for a in store.story_articles(story["rate0"])}
        state = store.load_cluster_state()
        assert sorted(state.stories) == ids
        assert state.stories[story["rate0"]].size == 6
        # a rerun finds everything stored and changes nothing
        before = store.conn.execute("SELECT * FROM story_members ORDER BY article").fetchall()
        rep = ingest_articles(
            store, arts, settings, clean=False, batch_size=3, executor=LocalExecutor(1)
        )
        assert rep.stored == 0
        assert store.conn.execute("SELECT * FROM story_members ORDER BY article").fetchall() == (
            before
        )


def consistent(store: Store) -> None:
    """Every member's story exists and every story's size is its number of members."""
    c = store.conn
    sizes = dict(c.execute("SELECT id, size FROM stories"))
    counts = dict(c.execute("SELECT story, COUNT(*) FROM story_members GROUP BY story"))
    assert sizes == counts
    state = store.load_cluster_state()
    assert {s: sig.size for s, sig in state.stories.items()} == sizes


KILL_SCRIPT = """
import os, signal, sys, types
sys.path.insert(0, {tests!r})
from test_corpus_refine import ITEMS
from newsfuse.config import Settings
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.executors import LocalExecutor
from newsfuse.model import Article
from newsfuse.store import Store
import newsfuse.store.moves as moves

def dying(*args, **kwargs):  # inside the refinement's transaction, after members were moved
    os.kill(os.getpid(), signal.SIGKILL)

moves.json = types.SimpleNamespace(dumps=dying)
arts = [Article(id=i, text=t, url="https://news.example/" + i) for i, t in ITEMS]
with Store(sys.argv[1]) as store:
    ingest_articles(
        store, arts, Settings(jobs=1, progress=False), clean=False, batch_size=len(arts),
        executor=LocalExecutor(1),
    )
"""


def test_killed_refinement_leaves_the_batch_as_placed_online(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    db = tmp_path / "c.db"
    script = tmp_path / "kill.py"
    script.write_text(KILL_SCRIPT.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), str(db)], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    arts = [Article(id=i, text=t, url=f"https://news.example/{i}") for i, t in ITEMS]
    with Store(db) as store:
        assert store.counts()["articles"] == len(ITEMS)
        consistent(store)
        story = store.story_of_articles()
        assert story["early"] != story["rate0"]  # the move was not applied
        rep = ingest_articles(
            store, arts, Settings(jobs=1, progress=False), clean=False, executor=LocalExecutor(1)
        )
        assert rep.stored == 0
        consistent(store)


def test_stored_stories_stay_consistent_through_batches_of_moves_and_splits(
    tmp_path: Path,
) -> None:
    from test_corpus_regroup import ORDER, TEXT

    items = [(a, TEXT[a]) for a in ORDER] + list(ITEMS)
    arts = [Article(id=i, text=t, url=f"https://news.example/{i}") for i, t in items]
    with Store(tmp_path / "c.db") as store:
        ingest_articles(
            store,
            arts,
            Settings(jobs=1, progress=False),
            clean=False,
            batch_size=4,
            executor=LocalExecutor(1),
        )
        consistent(store)
        story = store.story_of_articles()
        assert len({story[a] for a in ORDER}) == 2
