"""The NumPy feature counting of the language identifier gives py3langid's own results: the
window of bytes that fixes the automaton's state is proved over the whole shipped model, and the
language and probability are compared on invented and real texts."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsfuse.ingest.langid_fast import (
    NAMES,
    WINDOW,
    FastIdentifier,
    feature_counts,
    load_cached,
    model_key,
)
from newsfuse.ingest.language import SAMPLE_CHARS


@pytest.fixture(scope="module")
def fast() -> FastIdentifier:
    return FastIdentifier.from_wheel()


@pytest.fixture(scope="module")
def reference() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_state_depends_only_on_the_last_window_bytes(fast: FastIdentifier) -> None:
    """For every state s and every byte string w of WINDOW bytes, the state reached from s by w
    is the one reached from the start state by w (and not so for one byte fewer). A state's
    transitions depend only on its row, so the pairs (row from s, row from start) are followed
    over all 256 bytes at once; a pair whose rows are equal stays equal."""
    nextmove = fast._next.astype(np.int64).reshape(-1, 256)
    rows = fast._rows.astype(np.int64)
    n_rows = nextmove.shape[0]
    here, start = np.unique(rows), np.full(len(np.unique(rows)), rows[0])
    unequal = []
    for _ in range(WINDOW):
        a, b = nextmove[here].ravel(), nextmove[start].ravel()
        unequal.append(int((a != b).sum()))
        keep = rows[a] != rows[b]
        pairs = np.unique(rows[a][keep] * n_rows + rows[b][keep])
        here, start = pairs // n_rows, pairs % n_rows
    assert unequal[-1] == 0 and unequal[-2] > 0


def test_feature_counts_as_the_byte_walk(fast: FastIdentifier) -> None:
    rng = random.Random(7)
    nextmove, rows, output = fast._next, fast._rows, fast._out
    for size in (0, 1, 2, 5, 6, 7, 40, 300):
        data = bytes(rng.randrange(256) for _ in range(size))
        state, seen = 0, {}
        for byte in data:
            state = int(nextmove[(int(rows[state]) << 8) + byte])
            feat = int(output[state])
            if feat >= 0:
                seen[feat] = seen.get(feat, 0) + 1
        found = feature_counts(nextmove, rows, output, data)
        if not seen:
            assert found is None
        else:
            assert found is not None
            assert found[0].tolist() == list(seen) and found[1].tolist() == list(seen.values())


LETTERS = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,;:'\"-éèàüößçñ日本語中文русскийالعربية"
    "Ελληνικάहिन्दीქართულიעברית🙂\u0301\u200b \n\t0123456789"
)


def test_same_language_and_probability_on_invented_texts(
    fast: FastIdentifier, reference: LanguageIdentifier
) -> None:
    rng = random.Random(11)
    for i in range(1500):
        size = rng.randrange(0, 40 if i % 3 == 0 else 1200)
        text = "".join(rng.choice(LETTERS) for _ in range(size))
        if i % 7 == 0:
            text = text.upper()
        assert fast.classify(text) == reference.classify(text), repr(text)
    for text in ("", " ", "a", "Le port a rouvert.", "THE PORT REOPENED", "\ud800x"):
        assert fast.classify(text) == reference.classify(text)
    assert fast.classify(b"caf\xc3\xa9 au lait \xc3") == reference.classify(
        b"caf\xc3\xa9 au lait \xc3"
    )


def test_same_language_and_probability_on_real_articles(
    fast: FastIdentifier, reference: LanguageIdentifier, shared_dir: Path
) -> None:
    truth = shared_dir / "data" / "article-extraction-benchmark" / "ground-truth.json"
    bodies = [v["articleBody"] for v in json.loads(truth.read_text(encoding="utf-8")).values()]
    with (shared_dir / "data" / "multinews200" / "clusters.jsonl").open(encoding="utf-8") as f:
        docs = [d for line in list(f)[:40] for d in json.loads(line)["documents"]]
    texts = [t[:SAMPLE_CHARS] for t in bodies + docs]
    texts += [t[len(t) // 3 : len(t) // 3 + 300] for t in bodies]  # short pieces, any start
    assert len(texts) > 300
    for text in texts:
        assert fast.classify(text) == reference.classify(text)


SAMPLES = (
    "",
    "Le port a rouvert lundi après une semaine de travaux.",
    "The quay reopened on Monday.",
)


def test_model_cache_written_once_then_mapped(
    tmp_path: Path, reference: LanguageIdentifier
) -> None:
    first = load_cached(tmp_path)
    folder = tmp_path / model_key()
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no temporary left
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.npy" for n in NAMES)
    assert not isinstance(first._next.base, np.memmap)  # the wheel's, decompressed
    second = load_cached(tmp_path)
    assert isinstance(second._next.base, np.memmap) and isinstance(second.nb_ptc.base, np.memmap)
    assert second.nb_classes == first.nb_classes == reference.nb_classes
    for text in SAMPLES:
        assert second.classify(text) == first.classify(text) == reference.classify(text)


def test_model_cache_damaged_or_unwritable(tmp_path: Path, reference: LanguageIdentifier) -> None:
    folder = tmp_path / model_key()
    folder.mkdir()
    (folder / "ptc.npy").write_bytes(b"not an array")
    assert load_cached(tmp_path).classify(SAMPLES[1]) == reference.classify(SAMPLES[1])
    again = load_cached(tmp_path)  # written anew by the call before
    assert isinstance(again.nb_ptc.base, np.memmap)
    assert again.classify(SAMPLES[1]) == reference.classify(SAMPLES[1])
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert load_cached(blocked).classify(SAMPLES[2]) == reference.classify(SAMPLES[2])
    assert blocked.read_text() == "x"


def test_model_cache_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli import app
    from newsfuse.ingest import language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    try:
        language.set_model_cache(None)
        assert language.model_cache() == tmp_path / "xdg" / "newsfuse"
        doc = tmp_path / "a.txt"
        doc.write_text("The quay reopened on Monday after a week of repairs.", encoding="utf-8")
        monkeypatch.setenv("NEWSFUSE_MODEL_CACHE", str(tmp_path / "mine"))
        res = CliRunner().invoke(app, ["extract", str(doc), "-o", str(tmp_path / "out.jsonl")])
        assert res.exit_code == 0, res.output
        assert language.model_cache() == tmp_path / "mine"
    finally:
        language.set_model_cache(None)
