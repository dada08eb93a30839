"""Duplicates, features and online story clustering on short texts written for these tests."""

from __future__ import annotations

import random
from datetime import date

from newsfuse.corpus.cluster import ClusterParams, StoryClusterer, article_features, cluster_texts
from newsfuse.corpus.dedup import MinHasher, duplicate_groups
from newsfuse.corpus.features import content_hash, names
from newsfuse.model import Article

TOPICS = {
    "flood": (
        "Heavy rain flooded the river town of Marlow on {day}. Mayor Alice Brennan said "
        "the Thames rose two metres overnight and rescue crews evacuated {n} homes near the "
        "old bridge. The Environment Agency issued severe flood warnings for Berkshire."
    ),
    "chess": (
        "Grandmaster Viktor Oranov won the Tallinn chess open on {day} after a long endgame "
        "against Priya Raman. Oranov sacrificed a rook on move {n} and the tournament jury "
        "confirmed the result. Raman said the Estonian federation ran a fine event."
    ),
    "bank": (
        "The Kestrel Bank raised its lending rate to {n} percent on {day}, governor Hugo "
        "Lindqvist announced in Stockholm. Mortgage lenders expect housing prices to cool and "
        "the krona climbed against the euro after the central bank decision."
    ),
}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FILLER = [
    "Officials promised a further statement later in the week",
    "Residents and observers followed the developments closely",
    "Local reporters gathered more details on the scene.",
]


def variant(topic: str, seed: int) -> str:
    """One article on ``topic``: the template with varied details and a shuffled filler."""
    rng = random.Random(seed)
    body = TOPICS[topic].format(day=rng.choice(DAYS), n=rng.randint(10, 90))
    extra = FILLER[:]
    rng.shuffle(extra)
    return body + " " + ". ".join(extra[: rng.randint(1, 3)]) + "."


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    a = "The Mayor said: floods rose, two metres!"
    assert content_hash(a) == content_hash("the  mayor said floods rose two\nmetres")
    assert content_hash(a) != content_hash("The Mayor said floods rose three metres")


def test_names_skip_sentence_starts_and_keep_multiword_names() -> None:
    found = names("Heavy rain hit Marlow. Mayor Alice Brennan said Brennan's office was shut.")
    assert "alice brennan" in found and "marlow" in found
    assert "heavy" not in found
    assert found["brennan"] == 2  # the surname of the full name, and the possessive


def test_duplicate_groups_exact_near_and_distinct() -> None:
    base = variant("flood", 1) + " " + variant("flood", 2)
    arts = [
        Article(id="a", text=base),
        Article(id="b", text=base.upper().replace(".", " .")),  # exact after normalization
        Article(id="c", text="MARLOW (Wire) - " + base[: int(len(base) * 0.9)]),  # wire rewrite
        Article(id="d", text=variant("chess", 3) + " " + variant("chess", 4)),
    ]
    groups = duplicate_groups(arts)
    assert len(groups) == 1
    g = groups[0]
    assert set(g.members) == {"a", "b", "c"}
    assert g.kind == "near"
    assert g.members[0] == g.representative == "c" or g.representative in {"a", "b"}
    only_exact = duplicate_groups(arts[:2] + arts[3:])
    assert [(x.kind, set(x.members)) for x in only_exact] == [("exact", {"a", "b"})]


def test_clustering_separates_topics_and_keeps_each_together() -> None:
    items = [
        (f"{t}{i}", variant(t, i * 7 + k), None, None)
        for k, t in enumerate(TOPICS)
        for i in range(6)
    ]
    random.Random(5).shuffle(items)
    story = cluster_texts(items)
    for t in TOPICS:
        assert len({story[i] for i, *_ in items if i.startswith(t)}) == 1, t
    assert len(set(story.values())) == 3


def test_a_story_is_local_in_time() -> None:
    clu = StoryClusterer(params=ClusterParams())
    first = clu.add(article_features("x1", variant("bank", 1), None, date(2020, 1, 6)))
    near = clu.add(article_features("x2", variant("bank", 2), None, date(2020, 1, 8)))
    far = clu.add(article_features("x3", variant("bank", 3), None, date(2023, 5, 1)))
    assert near.story == first.story and not near.new
    assert far.new and far.story != first.story


def test_clusterer_state_round_trips_through_signatures() -> None:
    clu = StoryClusterer()
    a = clu.add(article_features("c1", variant("chess", 1)))
    sigs, arts = clu.take_touched()
    assert [s.id for s in sigs] == [a.story] and arts[0][:2] == ("c1", a.story)
    from newsfuse.store import sigcodec

    terms, names = sigcodec.read(sigcodec.encode(sigs[0].terms, sigs[0].names))
    assert sigs[0].size == 1 and (terms, names) == (sigs[0].terms, sigs[0].names)
    assert clu.take_touched() == ([], [])


def test_the_compact_lsh_finds_the_candidates_datasketch_finds() -> None:
    """The deduper's bands (row numbers in plain dicts) give the candidates of datasketch's
    MinHashLSH for the same threshold: near copies (some bands equal) and strangers alike."""
    import numpy as np
    from datasketch import MinHashLSH

    from newsfuse.corpus.dedup import NUM_PERM, THRESHOLD, _Bands

    rng = np.random.default_rng(7)
    base = rng.integers(0, 2**32, size=(40, NUM_PERM), dtype=np.uint64)
    sigs = [*base]
    for k in range(80):  # copies of the first rows with a share of their values changed
        v = base[k % 10].copy()
        cut = rng.random(NUM_PERM) < (k % 8) / 8
        v[cut] = rng.integers(0, 2**32, size=int(cut.sum()), dtype=np.uint64)
        sigs.append(v)
    hasher = MinHasher()
    lsh, bands = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM), _Bands(THRESHOLD, NUM_PERM)
    for i, v in enumerate(sigs[:60]):
        lsh.insert(i, hasher.from_values(v))
        bands.insert(i, v)
    found = [bands.query(v) for v in sigs]
    assert found == [sorted(lsh.query(hasher.from_values(v))) for v in sigs]
    assert sum(len(f) > 1 for f in found) > 20  # the copies share buckets
