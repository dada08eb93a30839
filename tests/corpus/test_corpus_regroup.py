"""Splitting and merging stories after a batch, on two similar events written for these tests."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.corpus.cluster import ClusterParams, StoryClusterer, article_features, numbers
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.corpus.regroup import (
    SplitParams,
    member_similarity,
    profile,
    separated,
    split_groups,
)
from newsfuse.executors import LocalExecutor
from newsfuse.model import Article
from newsfuse.store import Store

# two earthquakes told in the same words: only places, dates and years differ
LORCA = [
    "A strong earthquake struck near Lorca in southern Spain on May 11, 2011, killing nine people "
    "and damaging churches. Rescue teams searched the rubble overnight.",
    "The Lorca earthquake of May 11, 2011 left thousands of residents sleeping outdoors, Spanish "
    "officials said, as rescue teams checked damaged homes.",
    "Aftershocks rattled Lorca a day after the May 11 earthquake; the regional government of "
    "Murcia said nine people died in 2011's worst quake in Spain.",
    "Engineers inspected churches and homes in Lorca after the 2011 earthquake, and rescue teams "
    "said the death toll stayed at nine.",
]
AMATRICE = [
    "A strong earthquake struck near Amatrice in central Italy on August 24, 2016, killing "
    "hundreds of people and flattening homes. Rescue teams searched the rubble overnight.",
    "The Amatrice earthquake of August 24, 2016 left thousands of residents sleeping in tents, "
    "Italian officials said, as rescue teams checked damaged homes.",
    "Aftershocks rattled Amatrice a day after the August 24 earthquake; the government in Rome "
    "said the 2016 quake was the deadliest in Italy in years.",
    "Engineers inspected churches and homes in Amatrice after the 2016 earthquake, and rescue "
    "teams said the death toll kept rising.",
]
# an arrival order in which the online pass puts both earthquakes into one story
ORDER = ["b1", "b3", "b2", "b0", "a0", "a2", "a3", "a1"]
TEXT = {**{f"a{i}": t for i, t in enumerate(LORCA)}, **{f"b{i}": t for i, t in enumerate(AMATRICE)}}
A, B = sorted(a for a in ORDER if a[0] == "a"), sorted(a for a in ORDER if a[0] == "b")


def test_numbers_are_years_and_dates_outside_urls() -> None:
    text = (
        "http: / / news. example / 2019 / quake Struck on Aug. 24, 2016 and on May 11th; "
        "may 5 people said 2011 was worse than 1999 (12,000 homes)."
    )
    assert numbers(text) == {"#aug24", "#may11", "#2016", "#2011", "#1999"}


def test_the_refinement_splits_two_events_the_online_pass_merged() -> None:
    clu = StoryClusterer()
    online = {a: clu.add(article_features(a, TEXT[a])).story for a in ORDER}
    assert len(set(online.values())) == 1
    refined = clu.refine()
    after = {a: s for a, s, _ in clu.state.articles}
    assert {after[a] for a in A} != {after[a] for a in B}
    assert len({after[a] for a in A}) == len({after[a] for a in B}) == 1
    assert sorted(m.article for m in refined.moves) == A  # the later event leaves
    assert refined.next_story == clu.state.next_id == 3
    assert sorted(s.size for s in refined.stories) == [4, 4]
    # without the split the online mistake stays
    plain = StoryClusterer(params=ClusterParams(split_ratio=0.0))
    for a in ORDER:
        plain.add(article_features(a, TEXT[a]))
    plain.refine()
    assert len({s for _, s, _ in plain.state.articles}) == 1


def test_one_event_is_not_split() -> None:
    for seed in range(3):
        order = list(A)
        random.Random(seed).shuffle(order)
        clu = StoryClusterer()
        for a in order:
            clu.add(article_features(a, TEXT[a]))
        assert clu.refine().moves == []
        assert len(clu.state.stories) == 1


def test_split_groups_and_profiles_agree_with_the_matrix() -> None:
    feats = [article_features(a, TEXT[a]) for a in A + B]
    p = SplitParams(name_weight=0.35, number_weight=0.3, ratio=0.6, min_group=2)

    def idf(_: str) -> float:
        return 1.0

    sim = member_similarity([f.terms for f in feats], [f.names for f in feats], idf, idf, p)
    assert sorted(sorted(g) for g in split_groups(sim, p)) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    pa = profile([f.terms for f in feats[:4]], [f.names for f in feats[:4]], idf, idf, p)
    pb = profile([f.terms for f in feats[4:]], [f.names for f in feats[4:]], idf, idf, p)
    across, apart = separated(pa, pb, p)
    assert across == pytest.approx(float(sim[:4, 4:].mean()))
    assert apart
    halves = [
        profile([f.terms for f in part], [f.names for f in part], idf, idf, p)
        for part in (feats[:2], feats[2:4])
    ]
    assert not separated(*halves, p)[1]  # two halves of one event are not apart


def test_split_is_stored_with_a_new_story_and_the_next_story_number(tmp_path: Path) -> None:
    arts = [Article(id=a, text=TEXT[a], url=f"https://news.example/{a}") for a in ORDER]
    with Store(tmp_path / "c.db") as store:
        ingest_articles(
            store, arts, Settings(jobs=1, progress=False), clean=False, executor=LocalExecutor(1)
        )
        story = store.story_of_articles()
        assert len({story[a] for a in A}) == len({story[a] for a in B}) == 1
        assert story["a0"] != story["b0"]
        assert sorted(s.size for s in store.stories()) == [4, 4]
        meta = dict(store.conn.execute("SELECT key, value FROM meta"))
        assert json.loads(meta["next_story"]) == 3
        state = store.load_cluster_state()
        assert state.next_id == 3 and sorted(s.size for s in state.stories.values()) == [4, 4]
