"""Briefing a stored story on the analyses and vectors the ingest kept (``api.brief_story``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsfuse.config import Settings
from newsfuse.corpus.ingest import analysis_json
from newsfuse.executors import LocalExecutor
from newsfuse.store import Store
from newsfuse.store.analyses import decode_analysis, decode_vectors, encode_vectors

pytestmark = pytest.mark.slow


def _without_stats(text: str) -> dict:
    data = json.loads(text)
    data.pop("stats", None)
    return data


def _ingest_example(store: Store, example_dir: Path, settings: Settings) -> None:
    """The example articles through ``ingest --analyze`` into ``store`` (one process)."""
    from newsfuse.corpus.ingest import ingest_articles
    from newsfuse.ingest import read_inputs

    ingest_articles(
        store,
        read_inputs([str(example_dir)], settings),
        settings,
        analyze=True,
        executor=LocalExecutor(1),
    )


def test_analysis_json_round_trip(nlp, example_dir: Path) -> None:  # noqa: ANN001
    from dataclasses import replace

    from newsfuse.analyze.pipeline import analyze_many
    from newsfuse.api import load

    articles = list(load([example_dir]).articles)
    for an in analyze_many(articles, nlp):
        back = decode_analysis(an.article, json.loads(analysis_json(an)))
        assert back == an
        assert back.quotes == an.quotes and back.timexes == an.timexes
        # spans follow the article's id (an ingest may rename an article after analysing it)
        renamed = replace(an.article, id="renamed")
        moved = decode_analysis(renamed, json.loads(analysis_json(an)))
        assert {s.span.article for s in moved.sentences} == {"renamed"}
        assert {m.span.article for m in moved.mentions} <= {"renamed"}


def test_vectors_round_trip() -> None:
    v = np.random.default_rng(1).standard_normal((3, 384)).astype(np.float32)
    np.testing.assert_array_equal(decode_vectors(encode_vectors(v), 384), v)
    assert decode_vectors(encode_vectors(v[:0]), 384).shape == (0, 384)


def test_stored_story_briefs_as_fresh_without_loading_models(
    tmp_path: Path,
    example_dir: Path,
    nlp,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    from newsfuse.api import brief_articles, brief_story
    from newsfuse.embed import load_encoder
    from newsfuse.render.json import to_json

    settings = Settings(jobs=1, progress=False)
    encoder = load_encoder()
    with Store(tmp_path / "c.db") as store:
        _ingest_example(store, example_dir, settings)
        assert store.counts()["vectors"] == store.counts()["articles"] == 5
        sid = max(store.stories(), key=lambda s: s.size).id
        articles = store.story_articles(sid)
        kept = store.stored_analyses(articles)
        assert all(k.analysis is not None and k.vectors is not None for k in kept)
        assert [len(k.vectors) for k in kept] == [len(k.analysis.sentences) for k in kept]
        # the MinHash values the ingest kept are those the briefing's duplicate check computes
        from newsfuse.corpus.dedup import NUM_PERM, SEED, affine32_permutations, minhash_values

        perms = affine32_permutations(NUM_PERM, SEED)
        for a, k in zip(articles, kept, strict=True):
            assert k.minhash is not None
            np.testing.assert_array_equal(k.minhash, minhash_values(a.text, *perms))
        fresh = brief_articles(articles, settings, nlp, story_id=sid, encoder=encoder)

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the encoder was loaded for a stored story")

        import newsfuse.analyze.parallel as parallel

        analysed: list[str] = []
        real = parallel.analyze_jobs

        def counting(articles, *args, **kwargs):  # noqa: ANN001, ANN202
            analysed.extend(a.id for a in articles)
            return real(articles, *args, **kwargs)

        monkeypatch.setattr("newsfuse.analyze.nlp.load_nlp", lambda *a, **k: nlp)
        monkeypatch.setattr("newsfuse.embed.load_encoder", refuse)
        monkeypatch.setattr(parallel, "analyze_jobs", counting)
        stored = brief_story(store, sid, settings)
    assert len(articles) >= 4
    # only 004, whose dateline has no year until the story gives it one, is parsed again (its
    # dates resolve against the inferred day); its sentence vectors are still read back
    undated = [a for a in articles if a.published is None]
    assert len(undated) == 1
    assert analysed == [undated[0].id]
    assert _without_stats(to_json(stored)) == _without_stats(to_json(fresh))
    assert stored.facts


def test_store_without_vectors_encodes_them(tmp_path: Path, example_dir: Path) -> None:
    from newsfuse.api import brief_story

    settings = Settings(jobs=1, progress=False)
    with Store(tmp_path / "c.db") as store:
        _ingest_example(store, example_dir, settings)
        sid = max(store.stories(), key=lambda s: s.size).id
        with_vectors = brief_story(store, sid, settings)
        store.conn.execute("DELETE FROM sentence_vectors")
        assert all(k.vectors is None for k in store.stored_analyses(store.story_articles(sid)))
        without = brief_story(store, sid, settings)
    assert [f.text for f in without.facts] == [f.text for f in with_vectors.facts]
    assert "seconds_embed" in without.stats


def test_models_are_loaded_on_demand_once_and_kept_for_the_next_briefing(
    tmp_path: Path,
    example_dir: Path,
    nlp,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    """``brief_story(..., models=...)`` (the web app's briefer): the spaCy pipeline is loaded by
    the first briefing that parses an article again, kept in ``models`` for the next one; the
    encoder, which a story read back from the store does not need, is never loaded."""
    from newsfuse.api import brief_story
    from newsfuse.render.json import to_json

    settings = Settings(jobs=1, progress=False)
    with Store(tmp_path / "c.db") as store:
        _ingest_example(store, example_dir, settings)
        sid = max(store.stories(), key=lambda s: s.size).id
        plain = brief_story(store, sid, settings, nlp)
        loads: list[str] = []

        def load(*args: object, **kwargs: object) -> object:
            loads.append("nlp")
            return nlp

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("the encoder was loaded for a stored story")

        monkeypatch.setattr("newsfuse.analyze.nlp.load_nlp", load)
        monkeypatch.setattr("newsfuse.embed.load_encoder", refuse)
        models: dict[str, object] = {}
        first = brief_story(store, sid, settings, models=models)
        second = brief_story(store, sid, settings, models=models)
    assert loads == ["nlp"] and models["nlp"] is nlp and models["encoder"] is None
    assert _without_stats(to_json(first)) == _without_stats(to_json(plain))
    assert _without_stats(to_json(second)) == _without_stats(to_json(plain))
